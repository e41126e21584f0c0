/** Attachments in the agent composer: one upload per conversation at a time, with progress and cancel. */
import { signal } from '@preact/signals';
import { attachmentProblem, DEFAULT_MAX_UPLOAD_BYTES, type AttachmentUploadResponse, type ErrorBody } from '@atendo/shared';
import { fileSize } from '../format';
import { locale, t } from '../i18n';
import { sendReply } from './chat';
import { sites } from './sites';

export type UploadState = { name: string; pct: number } | { name: string; error: string };

/** Per conversation: the file being uploaded, or why it was refused (until dismissed). */
export const uploads = signal<Readonly<Record<string, UploadState>>>({});
const aborts = new Map<string, () => void>();

function set(conversationId: string, state: UploadState | null): void {
  const next = { ...uploads.value };
  if (state) next[conversationId] = state;
  else delete next[conversationId];
  uploads.value = next;
}

/** The server's limit (GET /sites says it), or the default. */
const maxBytes = () => sites.value[0]?.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES;

function refusal(name: string, code: string | undefined, message: string | undefined): string {
  if (code === 'payload_too_large') return t('attach.tooBig', { name, max: fileSize(maxBytes(), locale.value) });
  if (code === 'unsupported_media_type') return t('attach.badType', { name });
  return message ? t('attach.failedWhy', { name, reason: message }) : t('attach.failed', { name });
}

/**
 * Upload `file` for `conversationId` (POST /api/v1/attachments, XMLHttpRequest for its progress
 * events), then send it as a reply. The server checks size and type again from the bytes.
 */
export function attachFile(conversationId: string, file: File, createXhr: () => XMLHttpRequest = () => new XMLHttpRequest()): void {
  const name = file.name;
  const problem = attachmentProblem(file, maxBytes());
  if (problem) {
    set(conversationId, {
      name,
      error:
        problem === 'size'
          ? refusal(name, 'payload_too_large', undefined)
          : problem === 'type'
            ? refusal(name, 'unsupported_media_type', undefined)
            : t('attach.empty', { name }),
    });
    return;
  }
  const xhr = createXhr();
  const q = new URLSearchParams({ conversation: conversationId, name: name.slice(0, 255) });
  xhr.open('POST', `/api/v1/attachments?${q}`);
  xhr.responseType = 'json';
  xhr.upload.onprogress = (e) => {
    if (e.lengthComputable && e.total) set(conversationId, { name, pct: Math.min(100, Math.round((e.loaded / e.total) * 100)) });
  };
  xhr.onload = () => {
    aborts.delete(conversationId);
    const data = xhr.response as (Partial<AttachmentUploadResponse> & Partial<ErrorBody>) | null;
    if (xhr.status === 201 && data?.attachment) {
      set(conversationId, null);
      sendReply(conversationId, '', data.attachment);
      return;
    }
    set(conversationId, { name, error: refusal(name, data?.error?.code, data?.error?.message) });
  };
  xhr.onerror = () => {
    aborts.delete(conversationId);
    set(conversationId, { name, error: t('attach.failed', { name }) });
  };
  aborts.set(conversationId, () => xhr.abort());
  set(conversationId, { name, pct: 0 });
  xhr.send(file);
}

/** Stop the upload in progress (nothing is sent). */
export function cancelUpload(conversationId: string): void {
  aborts.get(conversationId)?.();
  aborts.delete(conversationId);
  set(conversationId, null);
}

/** Hide a refusal. */
export function dismissUpload(conversationId: string): void {
  set(conversationId, null);
}
