/**
 * The upload tray (attachments chunk, loaded when the visitor picks a file): checks the file, gets a
 * token if the visitor has none yet, uploads it with a progress bar and Cancel, then sends it as a
 * message. Errors stay on screen, in words, until dismissed.
 */
import { attachmentProblem, formatBytes, type Locale, type MessageAttachment } from '@atendo/shared';
import { useEffect, useRef, useState } from 'preact/hooks';
import css from './attach.css?inline';
import { attachT } from './i18n';
import { upload, UploadError, type UploadOptions } from './upload';
import { adoptOnce } from '../sheet';

export interface AttachTrayProps {
  file: File;
  locale: Locale;
  origin: string;
  siteId: string;
  maxBytes: number;
  /** The visitor's token (asked from the server for a visitor who has not written yet). */
  token(): Promise<string | null>;
  /** Queue the message carrying the uploaded file. */
  send(attachment: MessageAttachment): boolean;
  /** The tray is done (sent, cancelled or dismissed). */
  onDone(): void;
  createXhr?: UploadOptions['createXhr'];
}

export function AttachTray(p: AttachTrayProps) {
  const t = attachT(p.locale);
  const name = p.file.name;
  const ref = useRef<HTMLDivElement>(null);
  const abort = useRef<(() => void) | null>(null);
  const [state, setState] = useState<{ error: string } | { pct: number }>({ pct: 0 });

  useEffect(() => {
    if (ref.current) adoptOnce(ref.current, css);
    let live = true;
    const fail = (error: string) => live && setState({ error });
    const problem = attachmentProblem(p.file, p.maxBytes);
    if (problem) {
      fail(
        problem === 'size' ? t('tooBig', { name, max: formatBytes(p.maxBytes, p.locale) }) : problem === 'type' ? t('badType', { name }) : t('empty', { name }),
      );
      return;
    }
    void p.token().then((token) => {
      if (!live) return;
      if (!token) return fail(t('failed', { name }));
      const job = upload({ origin: p.origin, siteId: p.siteId, token, file: p.file, onProgress: (pct) => live && setState({ pct }), createXhr: p.createXhr });
      abort.current = job.abort;
      job.done.then(
        (attachment) => {
          if (!live) return;
          p.send(attachment);
          p.onDone();
        },
        (err: unknown) => {
          const code = err instanceof UploadError ? err.code : 'network';
          if (code === 'aborted') return;
          fail(
            code === 'payload_too_large'
              ? t('tooBig', { name, max: formatBytes(p.maxBytes, p.locale) })
              : code === 'unsupported_media_type'
                ? t('badType', { name })
                : code === 'rate_limited'
                  ? t('tooMany')
                  : t('failed', { name }),
          );
        },
      );
    });
    return () => {
      live = false;
      abort.current?.();
    };
  }, [p.file]);

  if ('error' in state) {
    return (
      <div class="tray error" ref={ref}>
        <p class="tray-text" role="alert">
          {state.error}
        </p>
        <button type="button" onClick={p.onDone}>
          {t('dismiss')}
        </button>
      </div>
    );
  }
  return (
    <div class="tray" ref={ref}>
      <div class="tray-text">
        <span class="tray-name">{t('uploading', { name })}</span>
        <span class="tray-bar" role="progressbar" aria-label={t('progress', { name })} aria-valuemin={0} aria-valuemax={100} aria-valuenow={state.pct}>
          <span style={{ width: `${state.pct}%` }} />
        </span>
      </div>
      <span class="tray-pct" aria-hidden="true">
        {state.pct}%
      </span>
      <button
        type="button"
        onClick={() => {
          abort.current?.();
          p.onDone();
        }}
      >
        {t('cancel')}
      </button>
    </div>
  );
}
