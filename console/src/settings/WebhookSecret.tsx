import { useRef, useState } from 'preact/hooks';
import type { WebhookWithSecret } from '@atendo/shared';
import { fullDateTime } from '../format';
import { locale, t } from '../i18n';
import { copyText } from '../ui/copy';

/** Why the secret is on screen: just created, just rotated, or asked for with "Show secret". */
export type SecretReason = 'created' | 'rotated' | 'shown';

/** An endpoint's signing secret with Copy, and how a receiver verifies it (Standard Webhooks). */
export function WebhookSecret({ endpoint, reason, onDone }: { endpoint: WebhookWithSecret; reason: SecretReason; onDone: () => void }) {
  const box = useRef<HTMLTextAreaElement>(null);
  const [copied, setCopied] = useState<boolean | null>(null);
  const title =
    reason === 'created'
      ? t('webhooks.secretCreated')
      : reason === 'rotated'
        ? t('webhooks.secretRotated', { time: endpoint.previousSecretUntil ? fullDateTime(endpoint.previousSecretUntil, locale.value) : '—' })
        : t('webhooks.secretShown');
  return (
    <div class="card token-once webhook-secret" role="region" aria-label={t('webhooks.secretFor', { url: endpoint.url })}>
      <p>
        <strong>{title}</strong> {reason !== 'shown' && t('webhooks.secretOnce')}
      </p>
      <div class="code-box">
        <textarea
          ref={box}
          class="mono"
          readOnly
          rows={1}
          spellcheck={false}
          aria-label={t('webhooks.secretFor', { url: endpoint.url })}
          value={endpoint.secret}
          onFocus={(e) => e.currentTarget.select()}
        />
        <button type="button" class="btn btn-primary" onClick={() => void copyText(endpoint.secret, box.current).then(setCopied)}>
          {copied ? t('install.copied') : t('install.copy')}
        </button>
      </div>
      <p class="copy-status" role="status">
        {copied === false ? t('install.copyFailed') : null}
      </p>
      <p class="muted">
        {t('webhooks.verifyHint')}{' '}
        <a href="https://www.standardwebhooks.com" target="_blank" rel="noopener noreferrer">
          {t('webhooks.verifyLink')}
        </a>
      </p>
      <button type="button" class="btn btn-small" onClick={onDone}>
        {t('webhooks.secretDone')}
      </button>
    </div>
  );
}
