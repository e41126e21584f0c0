import { useEffect, useRef, useState } from 'preact/hooks';
import type { WebhookAttempt, WebhookDelivery, WebhookEndpoint } from '@atendo/shared';
import { api } from '../api';
import { errorText } from '../errors';
import { fullDateTime, isoTime, logTime, milliseconds, relativeTime } from '../format';
import { locale, t } from '../i18n';
import { now } from '../state/clock';
import { deliveryState, shouldPoll } from './webhook-status';

/** While something is being sent or due soon, the first page is read again this often… */
const POLL_MS = 1500;
/** …but no more than this many times in a row (a minute), so a forgotten tab stops asking. */
const MAX_POLLS = 40;

/** What changes when a delivery progresses: the parent's list (last delivery) is reloaded then. */
const progress = (items: readonly WebhookDelivery[]) => items.map((d) => `${d.id}:${d.state}:${d.attemptLog.length}`).join(',');

/**
 * An endpoint's delivery log, newest first, each delivery with its attempts and a Resend button.
 * `refresh` changes when the parent queued something (a test event): the first page is read again
 * and watched for a while, so the new delivery and its retries show up without a reload.
 */
export function WebhookDeliveries({ endpoint, refresh, onProgress }: { endpoint: WebhookEndpoint; refresh: number; onProgress: () => void }) {
  const [items, setItems] = useState<WebhookDelivery[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [kick, setKick] = useState(0);
  const polls = useRef(0);
  const older = useRef(false);
  const seen = useRef('');

  // Read the first page (again), and schedule the next read while something is in flight.
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let live = true;
    polls.current = 0;
    const read = async () => {
      try {
        const page = await api.webhookDeliveries(endpoint.id);
        if (!live) return;
        setItems((prev) => {
          if (!older.current || !prev) return page.items;
          // "Load more" pages stay under the fresh first page.
          const fresh = new Set(page.items.map((d) => d.id));
          const oldest = page.items[page.items.length - 1]?.createdAt ?? Infinity;
          return [...page.items, ...prev.filter((d) => !fresh.has(d.id) && d.createdAt <= oldest)];
        });
        if (!older.current) setNext(page.next);
        setError(null);
        // A first read counts too: a test event may have been tried before the log was first read.
        const sig = progress(page.items);
        if (sig !== seen.current) onProgress();
        seen.current = sig;
        if (shouldPoll(page.items, Date.now()) && polls.current++ < MAX_POLLS) timer = setTimeout(() => void read(), POLL_MS);
      } catch (err) {
        if (live) setError(errorText(err));
      }
    };
    void read();
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [endpoint.id, refresh, kick]);

  async function loadMore() {
    if (!next) return;
    setLoadingMore(true);
    try {
      const page = await api.webhookDeliveries(endpoint.id, next);
      older.current = true;
      setItems((prev) => [...(prev ?? []), ...page.items]);
      setNext(page.next);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setLoadingMore(false);
    }
  }

  async function resend(d: WebhookDelivery) {
    try {
      await api.resendWebhookDelivery(endpoint.id, d.id);
      setKick((k) => k + 1);
    } catch (err) {
      setError(errorText(err));
    }
  }

  return (
    <section class="webhook-log" aria-label={t('webhooks.log', { url: endpoint.url })}>
      {error && (
        <p role="alert" class="form-error">
          {error}
        </p>
      )}
      {items === null && !error && <p role="status">{t('common.loading')}</p>}
      {items?.length === 0 && <p class="muted">{t('webhooks.logEmpty')}</p>}
      {items && items.length > 0 && (
        <ol class="delivery-list">
          {items.map((d) => (
            <Delivery key={d.id} delivery={d} onResend={() => void resend(d)} />
          ))}
        </ol>
      )}
      {next && (
        <button type="button" class="btn btn-small" disabled={loadingMore} onClick={() => void loadMore()}>
          {t('inbox.loadMore')}
        </button>
      )}
    </section>
  );
}

function Delivery({ delivery: d, onResend }: { delivery: WebhookDelivery; onResend: () => void }) {
  const state = deliveryState(d, now.value, locale.value);
  return (
    <li class="delivery">
      <div class="delivery-head">
        <code class="delivery-type">{d.type}</code>
        <span class={`pill webhook-tone-${state.tone}`}>{state.text}</span>
        <time dateTime={isoTime(d.createdAt)} title={fullDateTime(d.createdAt, locale.value)} class="muted">
          {relativeTime(d.createdAt, now.value, locale.value)}
        </time>
        <button type="button" class="btn btn-small delivery-resend" aria-label={t('webhooks.resendNamed', { id: d.id })} onClick={onResend}>
          {t('webhooks.resend')}
        </button>
      </div>
      <div class="muted">
        {t('webhooks.delivery.id')}: <span class="mono">{d.id}</span>
      </div>
      {d.attemptLog.length === 0 ? (
        <p class="muted">{t('webhooks.noAttempts')}</p>
      ) : (
        <ol class="attempt-list" aria-label={t('webhooks.attempts')}>
          {d.attemptLog.map((a, i) => (
            <Attempt key={i} attempt={a} />
          ))}
        </ol>
      )}
    </li>
  );
}

/** One try: when, what came back (status or the error), how long it took, the start of the answer. */
function Attempt({ attempt: a }: { attempt: WebhookAttempt }) {
  const ok = a.status !== null && a.status >= 200 && a.status < 300;
  return (
    <li class="attempt">
      <div class="attempt-line">
        <time dateTime={isoTime(a.at)} title={fullDateTime(a.at, locale.value)}>
          {logTime(a.at, now.value, locale.value)}
        </time>
        <span class={`pill webhook-tone-${ok ? 'ok' : 'off'}`}>{a.status !== null ? `HTTP ${a.status}` : t('webhooks.attempt.noStatus')}</span>
        <span class="muted">{milliseconds(a.latencyMs, locale.value)}</span>
      </div>
      {/* "HTTP 500" is already in the pill; a redirect or a connection error says more. */}
      {a.error && a.error !== `HTTP ${a.status}` && <div class="attempt-error">{a.error}</div>}
      {/* The receiver's answer is shown as text: Preact escapes it, nothing of it is markup. */}
      {a.response && <pre class="attempt-response">{a.response}</pre>}
    </li>
  );
}
