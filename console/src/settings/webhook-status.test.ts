import { describe, expect, it } from 'vitest';
import type { WebhookDelivery, WebhookEndpoint } from '@atendo/shared';
import { locale } from '../i18n';
import { deliveryState, disabledReason, endpointState, shouldPoll } from './webhook-status';

const d = (over: Partial<WebhookDelivery>): WebhookDelivery => ({
  id: 'msg_1',
  type: 'webhook.test',
  state: 'delivered',
  attempts: 1,
  nextAttemptAt: null,
  createdAt: 0,
  deliveredAt: 0,
  payload: {},
  attemptLog: [],
  ...over,
});

describe('webhook status texts', () => {
  it('translates the reasons the server writes and keeps any other as it came', () => {
    locale.value = 'ru';
    expect(disabledReason('The receiver answered 410 Gone')).toBe('получатель ответил 410 Gone');
    expect(disabledReason('Every delivery failed for 3 days')).toBe('все доставки не удавались 3 дн.');
    expect(disabledReason('Disabled by an admin')).toBe('выключен администратором');
    expect(disabledReason('Something new')).toBe('Something new');
    expect(disabledReason(null)).toBeNull();
  });

  it('says how long an active endpoint has been failing, once that is a minute or more', () => {
    const now = 10 * 86_400_000;
    const e: WebhookEndpoint = {
      id: 'wh_1',
      url: 'https://x.example/h',
      events: ['message.created'],
      siteId: null,
      state: 'active',
      disabledReason: null,
      failingSince: null,
      lastAttemptAt: null,
      lastStatus: null,
      lastError: null,
      previousSecretUntil: null,
      createdAt: 0,
      updatedAt: 0,
    };
    expect(endpointState(e, now, 'en')).toEqual({ tone: 'ok', text: 'Active' });
    expect(endpointState({ ...e, failingSince: now - 2_000 }, now, 'en').text).toBe('Active · failing');
    expect(endpointState({ ...e, failingSince: now - 3 * 86_400_000 }, now, 'en').text).toBe('Active · failing for 3 days');
  });

  it('tells a queued retry from a first try', () => {
    const now = new Date(2026, 0, 2, 10, 0, 0).getTime();
    expect(deliveryState(d({ state: 'queued', attempts: 0, nextAttemptAt: now }), now, 'en').text).toBe('queued');
    // Today: the time to the second (the first retry comes 5 s later); another day: the date too.
    expect(deliveryState(d({ state: 'queued', attempts: 1, nextAttemptAt: now + 5_000 }), now, 'en').text).toBe('retrying, next attempt at 10:00:05 AM');
    expect(deliveryState(d({ state: 'queued', attempts: 9, nextAttemptAt: now + 86_400_000 }), now, 'en').text).toBe(
      'retrying, next attempt at Jan 3, 2026, 10:00:00 AM',
    );
  });

  it('keeps watching the log only while something is in flight or due soon', () => {
    const now = 1_000_000;
    expect(shouldPoll([d({})], now)).toBe(false);
    expect(shouldPoll([d({ state: 'sending' })], now)).toBe(true);
    expect(shouldPoll([d({ state: 'queued', nextAttemptAt: now + 5_000 })], now)).toBe(true);
    // The schedule's third wait is 5 minutes: nobody watches the screen that long.
    expect(shouldPoll([d({ state: 'queued', nextAttemptAt: now + 5 * 60_000 })], now)).toBe(false);
    expect(shouldPoll([d({ state: 'failed' })], now)).toBe(false);
  });
});
