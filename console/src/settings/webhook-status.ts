/** What the webhooks screen says about an endpoint and a delivery: plain functions over the wire objects. */
import type { Locale, WebhookDelivery, WebhookEndpoint, WebhookEvent } from '@atendo/shared';
import { formatDuration, logTime, relativeTime } from '../format';
import { t, type MessageKey } from '../i18n';

/** The one-line description beside each event's checkbox. */
export const EVENT_HELP: Record<WebhookEvent, MessageKey> = {
  'conversation.created': 'webhooks.event.conversationCreated',
  'conversation.status_changed': 'webhooks.event.statusChanged',
  'conversation.assigned': 'webhooks.event.assigned',
  'message.created': 'webhooks.event.messageCreated',
  'conversation.rated': 'webhooks.event.rated',
  'visitor.identified': 'webhooks.event.identified',
  'visitor.erased': 'webhooks.event.erased',
};

/**
 * Why an endpoint was disabled, in the agent's language. The server stores its reason as English
 * text (it goes into the admins' e-mail too); the three it writes are recognised here, anything
 * else is shown as the server wrote it.
 */
export function disabledReason(reason: string | null): string | null {
  if (!reason) return null;
  if (/\b410\b/.test(reason)) return t('webhooks.reason.gone');
  const failing = /failed for (\d+) days/i.exec(reason);
  if (failing) return t('webhooks.reason.failing', { days: failing[1]! });
  if (/by an admin/i.test(reason)) return t('webhooks.reason.admin');
  return reason;
}

export interface EndpointState {
  tone: 'ok' | 'warn' | 'off';
  text: string;
}

/** "Active", "Active · failing for 3 days" or "Disabled: the receiver answered 410 Gone". */
export function endpointState(e: WebhookEndpoint, now: number, locale: Locale): EndpointState {
  if (e.state === 'disabled') {
    const reason = disabledReason(e.disabledReason);
    return { tone: 'off', text: reason ? t('webhooks.disabledBecause', { reason }) : t('webhooks.disabled') };
  }
  if (e.failingSince !== null) {
    // Right after the first failure "failing for 0 seconds" says nothing: the duration comes after a minute.
    const since = now - e.failingSince;
    const failing = since < 60_000 ? t('webhooks.failing') : t('webhooks.failingFor', { duration: formatDuration(since, locale, 'long') });
    return { tone: 'warn', text: `${t('webhooks.active')} · ${failing}` };
  }
  return { tone: 'ok', text: t('webhooks.active') };
}

/** The last attempt: "HTTP 200, 5 min ago", "connection refused, 1 hr ago", or "none yet". */
export function lastDelivery(e: WebhookEndpoint, now: number, locale: Locale): { ok: boolean | null; text: string } {
  if (e.lastAttemptAt === null) return { ok: null, text: t('webhooks.noDeliveries') };
  const when = relativeTime(e.lastAttemptAt, now, locale);
  const ok = e.lastStatus !== null && e.lastStatus >= 200 && e.lastStatus < 300;
  if (e.lastStatus !== null && (ok || !e.lastError)) return { ok, text: t('webhooks.lastOk', { status: e.lastStatus, when }) };
  return { ok: false, text: t('webhooks.lastFailed', { error: e.lastError ?? t('webhooks.attempt.noStatus'), when }) };
}

/** A delivery's state: delivered, failed, sending, queued, or "retrying, next attempt at …". */
export function deliveryState(d: WebhookDelivery, now: number, locale: Locale): { tone: 'ok' | 'warn' | 'off'; text: string } {
  switch (d.state) {
    case 'delivered':
      return { tone: 'ok', text: t('webhooks.delivery.delivered') };
    case 'failed':
      return { tone: 'off', text: t('webhooks.delivery.failed') };
    case 'sending':
      return { tone: 'warn', text: t('webhooks.delivery.sending') };
    case 'queued':
      // A queued delivery that was tried already is waiting for its next retry.
      if (d.attempts > 0 && d.nextAttemptAt !== null)
        return { tone: 'warn', text: t('webhooks.delivery.retrying', { time: logTime(d.nextAttemptAt, now, locale) }) };
      return { tone: 'warn', text: t('webhooks.delivery.queued') };
  }
}

/** How far ahead a queued retry may be for the log to keep watching for it (the schedule's second wait is 5 s). */
export const POLL_HORIZON_MS = 30_000;

/** The log is worth reading again soon: something is being sent, or due within the horizon. */
export function shouldPoll(items: readonly WebhookDelivery[], now: number): boolean {
  return items.some((d) => d.state === 'sending' || (d.state === 'queued' && (d.nextAttemptAt === null || d.nextAttemptAt <= now + POLL_HORIZON_MS)));
}
