import { useEffect, useState } from 'preact/hooks';
import type { WebhookEndpoint, WebhookWithSecret } from '@atendo/shared';
import { api } from '../api';
import { errorText } from '../errors';
import { t } from '../i18n';
import { WebhookEndpointCard } from './WebhookEndpointCard';
import { WebhookForm } from './WebhookForm';
import { WebhookSecret } from './WebhookSecret';

/**
 * Settings → Integrations → Webhooks: the team's endpoints, a form for a new one, its secret shown
 * once after creation. Admins only; agents already read "only admins…" above, from the tokens part.
 */
export function WebhooksSettings({ admin }: { admin: boolean }) {
  const [items, setItems] = useState<WebhookEndpoint[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<WebhookWithSecret | null>(null);

  async function load() {
    try {
      setItems((await api.listWebhooks()).items);
      setError(null);
    } catch (err) {
      setError(errorText(err));
    }
  }
  useEffect(() => {
    if (admin) void load();
  }, [admin]);

  if (!admin) return null;
  return (
    <section class="settings-stack" aria-labelledby="webhooks-title">
      <h3 id="webhooks-title">{t('webhooks.title')}</h3>
      <p class="muted">{t('webhooks.intro')}</p>
      <WebhookForm
        onCreated={(endpoint) => {
          setCreated(endpoint);
          void load();
        }}
      />
      {created && <WebhookSecret endpoint={created} reason="created" onDone={() => setCreated(null)} />}
      {error && (
        <p class="inline-error" role="alert">
          {error}
        </p>
      )}
      {items?.length === 0 && <p class="list-empty">{t('webhooks.empty')}</p>}
      {items && items.length > 0 && (
        <ul class="webhook-list" aria-label={t('webhooks.list')}>
          {items.map((e) => (
            <WebhookEndpointCard key={e.id} endpoint={e} onChanged={() => void load()} />
          ))}
        </ul>
      )}
    </section>
  );
}
