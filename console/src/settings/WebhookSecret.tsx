import type { WebhookWithSecret } from '@atendo/shared';
import { fullDateTime } from '../format';
import { locale, t } from '../i18n';
import { CopyField } from '../ui/CopyField';

/** Why the secret is on screen: just created, just rotated, or asked for with "Show secret". */
export type SecretReason = 'created' | 'rotated' | 'shown';

/** An endpoint's signing secret with Copy, and how a receiver verifies it (Standard Webhooks). */
export function WebhookSecret({ endpoint, reason, onDone }: { endpoint: WebhookWithSecret; reason: SecretReason; onDone: () => void }) {
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
      <CopyField value={endpoint.secret} label={t('webhooks.secretFor', { url: endpoint.url })} />
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
