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
  const [adding, setAdding] = useState(false);

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
      {/* Seven events with their descriptions make a tall form: open at first, then behind a button. */}
      {adding || items?.length === 0 ? (
        <WebhookForm
          onCancel={items?.length ? () => setAdding(false) : undefined}
          onCreated={(endpoint) => {
            setCreated(endpoint);
            setAdding(false);
            void load();
          }}
        />
      ) : (
        items && (
          <div>
            <button type="button" class="btn btn-primary" onClick={() => setAdding(true)}>
              {t('webhooks.add')}
            </button>
          </div>
        )
      )}
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
