/** The upload itself (attachments chunk): the file's bytes in one POST, with progress and cancel. */
import type { AttachmentUploadResponse, ErrorCode, MessageAttachment } from '@atendo/shared';

export interface UploadOptions {
  /** `https://host` of the Atendo server. */
  origin: string;
  siteId: string;
  token: string;
  file: File;
  /** 0–100, as the browser reports bytes sent. */
  onProgress(percent: number): void;
  /** Tests pass a fake. */
  createXhr?(): XMLHttpRequest;
}

/** Why an upload failed: the server's error code, `network`, or `aborted` (the visitor cancelled). */
export class UploadError extends Error {
  constructor(
    readonly code: ErrorCode | 'network' | 'aborted',
    message: string,
  ) {
    super(message);
  }
}

/** POST /api/v1/widget/attachments: XMLHttpRequest, because fetch reports no upload progress. */
export function upload(o: UploadOptions): { done: Promise<MessageAttachment>; abort(): void } {
  const xhr = o.createXhr ? o.createXhr() : new XMLHttpRequest();
  const done = new Promise<MessageAttachment>((resolve, reject) => {
    const q = new URLSearchParams({ site: o.siteId, name: o.file.name.slice(0, 255) });
    xhr.open('POST', `${o.origin.replace(/\/$/, '')}/api/v1/widget/attachments?${q}`);
    xhr.setRequestHeader('Authorization', `Bearer ${o.token}`);
    xhr.responseType = 'json';
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total) o.onProgress(Math.min(100, Math.round((e.loaded / e.total) * 100)));
    };
    xhr.onload = () => {
      const data = xhr.response as (AttachmentUploadResponse & { error?: { code: ErrorCode; message: string } }) | null;
      if (xhr.status === 201 && data?.attachment) return resolve(data.attachment);
      reject(new UploadError(data?.error?.code ?? (xhr.status === 413 ? 'payload_too_large' : 'internal'), data?.error?.message ?? `HTTP ${xhr.status}`));
    };
    xhr.onerror = () => reject(new UploadError('network', 'Network error'));
    xhr.onabort = () => reject(new UploadError('aborted', 'Cancelled'));
    xhr.send(o.file);
  });
  return { done, abort: () => xhr.abort() };
}
