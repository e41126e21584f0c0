import { useState } from 'preact/hooks';
import type { WebhookEndpoint, WebhookWithSecret } from '@atendo/shared';
import { api } from '../api';
import { errorText } from '../errors';
import { fullDateTime } from '../format';
import { locale, t } from '../i18n';
import { now } from '../state/clock';
import { sites } from '../state/sites';
import { endpointState, lastDelivery } from './webhook-status';
import { WebhookDeliveries } from './WebhookDeliveries';
import { WebhookForm } from './WebhookForm';
import { WebhookSecret, type SecretReason } from './WebhookSecret';

/** One endpoint: what it gets and how it fares, its actions, its secret when asked for, its delivery log. */
export function WebhookEndpointCard({ endpoint: e, onChanged }: { endpoint: WebhookEndpoint; onChanged: () => void }) {
  const [editing, setEditing] = useState(false);
  const [secret, setSecret] = useState<{ endpoint: WebhookWithSecret; reason: SecretReason } | null>(null);
  const [logOpen, setLogOpen] = useState(false);
  const [refresh, setRefresh] = useState(0);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  /** Run one action; its failure is shown on this card. */
  async function act(action: () => Promise<void>) {
    setBusy(true);
    setNotice(null);
    try {
      await action();
      setError(null);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  const toggleEnabled = () =>
    act(async () => {
      await api.updateWebhook(e.id, { enabled: e.state !== 'active' });
      onChanged();
    });
  const remove = () => {
    if (!window.confirm(t('webhooks.deleteConfirm', { url: e.url }))) return;
    void act(async () => {
      await api.deleteWebhook(e.id);
      onChanged();
    });
  };
  const toggleSecret = () => (secret ? setSecret(null) : act(async () => setSecret({ endpoint: await api.webhookSecret(e.id), reason: 'shown' })));
  const rotate = () => {
    if (!window.confirm(t('webhooks.rotateConfirm', { url: e.url }))) return;
    void act(async () => {
      setSecret({ endpoint: await api.rotateWebhookSecret(e.id), reason: 'rotated' });
      onChanged();
    });
  };
  const sendTest = () =>
    act(async () => {
      await api.testWebhook(e.id);
      setNotice(t('webhooks.testQueued'));
      // Open the log and read it again: the test delivery is its newest entry.
      setLogOpen(true);
      setRefresh((n) => n + 1);
    });

  const state = endpointState(e, now.value, locale.value);
  const last = lastDelivery(e, now.value, locale.value);
  const site = e.siteId === null ? t('webhooks.allSites') : (sites.value.find((s) => s.siteId === e.siteId)?.name ?? e.siteId);
  const logId = `webhook-log-${e.id}`;
  return (
    <li class="card webhook" aria-label={t('webhooks.endpoint', { url: e.url })}>
      <div class="webhook-head">
        <span class="mono webhook-url">{e.url}</span>
        <span class={`pill webhook-tone-${state.tone}`}>{state.text}</span>
      </div>
      <dl class="webhook-facts">
        <div>
          <dt>{t('webhooks.events')}</dt>
          <dd>
            <ul class="scope-chips">
              {e.events.map((ev) => (
                <li key={ev} class="mono">
                  {ev}
                </li>
              ))}
            </ul>
          </dd>
        </div>
        <div>
          <dt>{t('webhooks.site')}</dt>
          <dd>{site}</dd>
        </div>
        <div>
          <dt>{t('webhooks.lastDelivery')}</dt>
          <dd class={last.ok === false ? 'webhook-last-failed' : undefined} title={e.lastAttemptAt ? fullDateTime(e.lastAttemptAt, locale.value) : undefined}>
            {last.text}
          </dd>
        </div>
      </dl>
      <div class="webhook-actions">
        <button type="button" class="btn btn-small btn-primary" disabled={busy || e.state !== 'active'} onClick={() => void sendTest()}>
          {t('webhooks.sendTest')}
        </button>
        <button type="button" class="btn btn-small" aria-expanded={logOpen} aria-controls={logId} onClick={() => setLogOpen(!logOpen)}>
          {logOpen ? t('webhooks.hideLog') : t('webhooks.showLog')}
        </button>
        <button type="button" class="btn btn-small" disabled={busy} onClick={() => setEditing(!editing)}>
          {t('common.edit')}
        </button>
        <button type="button" class="btn btn-small" disabled={busy} onClick={() => void toggleEnabled()}>
          {e.state === 'active' ? t('webhooks.disable') : t('webhooks.enable')}
        </button>
        <button type="button" class="btn btn-small" disabled={busy} onClick={() => void toggleSecret()}>
          {secret ? t('webhooks.hideSecret') : t('webhooks.showSecret')}
        </button>
        <button type="button" class="btn btn-small" disabled={busy} onClick={rotate}>
          {t('webhooks.rotate')}
        </button>
        <button type="button" class="btn btn-small btn-danger" disabled={busy} aria-label={t('webhooks.deleteNamed', { url: e.url })} onClick={remove}>
          {t('common.delete')}
        </button>
      </div>
      {error && (
        <p role="alert" class="form-error">
          {error}
        </p>
      )}
      <p role="status" class="muted">
        {notice}
      </p>
      {secret && <WebhookSecret endpoint={secret.endpoint} reason={secret.reason} onDone={() => setSecret(null)} />}
      {editing && (
        <WebhookForm
          endpoint={e}
          onCancel={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
            onChanged();
          }}
        />
      )}
      <div id={logId} hidden={!logOpen}>
        {logOpen && <WebhookDeliveries endpoint={e} refresh={refresh} onProgress={onChanged} />}
      </div>
    </li>
  );
}
