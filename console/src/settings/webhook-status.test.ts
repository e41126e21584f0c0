import { describe, expect, it } from 'vitest';
import type { WebhookDelivery } from '@atendo/shared';
import { locale } from '../i18n';
import { deliveryState, disabledReason, shouldPoll } from './webhook-status';

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

  it('tells a queued retry from a first try', () => {
    expect(deliveryState(d({ state: 'queued', attempts: 0, nextAttemptAt: 5 }), 'en').text).toBe('queued');
    expect(deliveryState(d({ state: 'queued', attempts: 1, nextAttemptAt: Date.UTC(2026, 0, 2, 10, 0) }), 'en').text).toMatch(
      /^retrying, next attempt at Jan 2, 2026/,
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
