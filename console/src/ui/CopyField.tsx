import { useRef, useState } from 'preact/hooks';
import { t } from '../i18n';
import { copyText } from './copy';

/** A secret (a token, a signing secret) in a read-only box with Copy, and a line saying if copying failed. */
export function CopyField({ value, label }: { value: string; label: string }) {
  const box = useRef<HTMLTextAreaElement>(null);
  const [copied, setCopied] = useState<boolean | null>(null);
  return (
    <>
      <div class="code-box">
        <textarea ref={box} class="mono" readOnly rows={1} spellcheck={false} aria-label={label} value={value} onFocus={(e) => e.currentTarget.select()} />
        <button type="button" class="btn btn-primary" onClick={() => void copyText(value, box.current).then(setCopied)}>
          {copied ? t('install.copied') : t('install.copy')}
        </button>
      </div>
      <p class="copy-status" role="status">
        {copied === false ? t('install.copyFailed') : null}
      </p>
    </>
  );
}
