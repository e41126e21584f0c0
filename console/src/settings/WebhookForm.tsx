import { useState } from 'preact/hooks';
import { WEBHOOK_EVENTS, WEBHOOK_LIMITS, type WebhookEndpoint, type WebhookEvent, type WebhookWithSecret } from '@atendo/shared';
import { api } from '../api';
import { errorText } from '../errors';
import { t } from '../i18n';
import { sites } from '../state/sites';
import { EVENT_HELP } from './webhook-status';

type Props =
  | { endpoint?: undefined; onCreated: (created: WebhookWithSecret) => void; onSaved?: undefined; onCancel?: (() => void) | undefined }
  | { endpoint: WebhookEndpoint; onSaved: (saved: WebhookEndpoint) => void; onCancel: () => void; onCreated?: undefined };

/**
 * A new endpoint (URL, events, site), or an existing one's URL and events (its site is fixed: the
 * server takes no siteId on PATCH). The server checks the URL (scheme, private addresses): its
 * refusal is shown under the form as it came.
 */
export function WebhookForm(props: Props) {
  const { endpoint } = props;
  const [url, setUrl] = useState(endpoint?.url ?? '');
  const [events, setEvents] = useState<WebhookEvent[]>(endpoint?.events ?? []);
  const [siteId, setSiteId] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    // In the order of the list, whatever order they were ticked in.
    const chosen = WEBHOOK_EVENTS.filter((ev) => events.includes(ev));
    try {
      if (props.endpoint) {
        props.onSaved(await api.updateWebhook(props.endpoint.id, { url: url.trim(), events: chosen }));
      } else {
        props.onCreated(await api.createWebhook({ url: url.trim(), events: chosen, ...(siteId ? { siteId } : {}) }));
        setUrl('');
        setEvents([]);
        setSiteId('');
      }
      setError(null);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }
  const toggle = (ev: WebhookEvent, on: boolean) => setEvents((prev) => (on ? [...prev, ev] : prev.filter((x) => x !== ev)));
  const label = endpoint ? t('webhooks.formEdit', { url: endpoint.url }) : t('webhooks.add');
  return (
    <form class="form form-inline-card webhook-form" aria-label={label} onSubmit={(e) => void submit(e)}>
      <label>
        {t('webhooks.url')}
        <input
          type="url"
          class="mono"
          value={url}
          required
          maxLength={WEBHOOK_LIMITS.urlLength}
          placeholder={t('webhooks.urlPlaceholder')}
          spellcheck={false}
          autoComplete="off"
          onInput={(e) => setUrl(e.currentTarget.value)}
        />
      </label>
      <fieldset class="scope-picker">
        <legend>{t('webhooks.events')}</legend>
        {WEBHOOK_EVENTS.map((ev) => (
          <label key={ev} class="checkbox">
            <input type="checkbox" checked={events.includes(ev)} onChange={(e) => toggle(ev, e.currentTarget.checked)} />
            <span>
              <code>{ev}</code> <span class="muted">{t(EVENT_HELP[ev])}</span>
            </span>
          </label>
        ))}
      </fieldset>
      {!endpoint && (
        <label>
          {t('webhooks.site')}
          <select value={siteId} onChange={(e) => setSiteId(e.currentTarget.value)}>
            <option value="">{t('webhooks.allSites')}</option>
            {sites.value.map((s) => (
              <option key={s.siteId} value={s.siteId}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
      )}
      <div class="form-actions">
        <button type="submit" class="btn btn-primary" disabled={busy || url.trim() === '' || events.length === 0}>
          {endpoint ? t('common.save') : t('webhooks.create')}
        </button>
        {props.onCancel && (
          <button type="button" class="btn" onClick={props.onCancel}>
            {t('common.cancel')}
          </button>
        )}
      </div>
      {error && (
        <p role="alert" class="form-error">
          {error}
        </p>
      )}
    </form>
  );
}
