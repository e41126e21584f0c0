import { describe, expect, it } from 'vitest';
import { isPermanent } from './mailer';
import { RETRY_DELAYS_MS, retryDelay } from './outbox';

describe('outbox backoff', () => {
  it('waits 30 s, 2 min, 10 min, 1 h… with ±20 % jitter, and gives up after the eighth attempt', () => {
    expect(retryDelay(1, RETRY_DELAYS_MS, 0.2, () => 0.5)).toBe(30_000);
    expect(retryDelay(1, RETRY_DELAYS_MS, 0.2, () => 0)).toBe(24_000);
    expect(retryDelay(1, RETRY_DELAYS_MS, 0.2, () => 1)).toBe(36_000);
    expect([2, 3, 4].map((n) => retryDelay(n, RETRY_DELAYS_MS, 0, Math.random))).toEqual([120_000, 600_000, 3_600_000]);
    expect(retryDelay(7, RETRY_DELAYS_MS, 0)).toBe(12 * 3_600_000);
    expect(retryDelay(8, RETRY_DELAYS_MS, 0)).toBeNull();
  });

  it('treats 5xx answers as permanent, except authentication (the operator may fix it)', () => {
    expect(isPermanent({ responseCode: 550 })).toBe(true);
    expect(isPermanent({ responseCode: 535 })).toBe(false);
    expect(isPermanent({ responseCode: 421 })).toBe(false);
    expect(isPermanent(new Error('connect ECONNREFUSED'))).toBe(false);
  });
});

describe('recipients', () => {
  it('are one plain address: no list, no display name, no comment', async () => {
    const { sendableAddress } = await import('./continuity');
    expect(sendableAddress('ana@example.com')).toBe(true);
    expect(sendableAddress('ana.souza+chat@mail.example.com.br')).toBe(true);
    for (const bad of [
      null,
      '',
      'ana',
      'a,b@example.com',
      'a@example.com,b@example.com',
      'Ana <a@example.com>',
      'a@b@example.com',
      'a@example',
      'a (x)@example.com',
      'a;b@example.com',
    ]) {
      expect(sendableAddress(bad)).toBe(false);
    }
  });
});
