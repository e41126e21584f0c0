/** Attachments in the console: the composer's paperclip and upload tray, and files in the transcript. */
import { useRef } from 'preact/hooks';
import { ATTACHMENT_ACCEPT, isInlineImage, nameForType, type MessageAttachment } from '@atendo/shared';
import { fileSize, percent } from '../format';
import { locale, t } from '../i18n';
import { attachFile, cancelUpload, dismissUpload, uploads } from '../state/attachments';

/** The paperclip: opens the file picker; the chosen file is uploaded and sent as a reply. */
export function AttachButton({ conversationId, disabled }: { conversationId: string; disabled: boolean }) {
  const input = useRef<HTMLInputElement>(null);
  const busy = Boolean(uploads.value[conversationId] && 'pct' in uploads.value[conversationId]!);
  return (
    <>
      <button
        type="button"
        class="btn btn-icon attach-btn"
        aria-label={t('attach.button')}
        title={disabled ? t('attach.notes') : t('attach.button')}
        disabled={disabled || busy}
        onClick={() => input.current?.click()}
      >
        <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true">
          <path
            d="M16.5 6.5v10a4.5 4.5 0 0 1-9 0V6a3 3 0 0 1 6 0v9.5a1.5 1.5 0 0 1-3 0V7H9v8.5a3 3 0 0 0 6 0V6a4.5 4.5 0 0 0-9 0v10.5a6 6 0 0 0 12 0v-10z"
            fill="currentColor"
          />
        </svg>
      </button>
      <input
        ref={input}
        type="file"
        class="sr-only"
        tabIndex={-1}
        aria-hidden="true"
        accept={ATTACHMENT_ACCEPT}
        onChange={(e) => {
          const el = e.currentTarget;
          const file = el.files?.[0];
          el.value = '';
          if (file) attachFile(conversationId, file);
        }}
      />
    </>
  );
}

/** Above the reply box: the upload's progress with Cancel, or why the file was refused. */
export function UploadTray({ conversationId }: { conversationId: string }) {
  const u = uploads.value[conversationId];
  if (!u) return null;
  if ('error' in u) {
    return (
      <div class="upload-tray upload-error">
        <span role="alert">{u.error}</span>
        <button type="button" class="link-btn" onClick={() => dismissUpload(conversationId)}>
          {t('attach.dismiss')}
        </button>
      </div>
    );
  }
  return (
    <div class="upload-tray">
      <span class="upload-name">{t('attach.uploading', { name: u.name })}</span>
      <progress max={100} value={u.pct} aria-label={t('attach.progress', { name: u.name })} />
      <span class="upload-pct">{percent(u.pct, locale.value)}</span>
      <button type="button" class="link-btn" onClick={() => cancelUpload(conversationId)}>
        {t('attach.cancel')}
      </button>
    </div>
  );
}

/** A file in a message: a thumbnail that opens full size in a new tab, or a download chip. */
export function AttachmentView({ a }: { a: MessageAttachment }) {
  if (isInlineImage(a.mime)) {
    return (
      <a class="msg-image" href={a.url} target="_blank" rel="noopener noreferrer" title={t('attach.open', { name: a.name })}>
        <img src={a.url} alt={a.name} loading="lazy" />
      </a>
    );
  }
  // Shown and saved under a name whose extension is the served type's, whatever the uploader called it.
  const name = nameForType(a.name, a.mime);
  return (
    <a class="msg-file" href={a.url} target="_blank" rel="noopener noreferrer" download={name}>
      <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true">
        <path d="M6 2h8l6 6v12a2 2 0 0 1-2 2H6a2 2 0 0 1-2-2V4a2 2 0 0 1 2-2zm7 1.5V9h5.5zM8 13h8v1.5H8zm0 3.5h8V18H8z" fill="currentColor" />
      </svg>
      <span class="msg-file-name">{name}</span>
      <span class="msg-file-size">{fileSize(a.size, locale.value)}</span>
    </a>
  );
}
