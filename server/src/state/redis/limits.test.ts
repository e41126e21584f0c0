/** The cluster's limits on a real Redis answer as the in-memory ones do (security/rate-limit.ts, login-throttle.ts). */
import { afterAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { dropPrefix, redisAnswers, testPrefix, testRedisUrl } from '../../../test/redis';
import { MemoryRateLimits } from '../memory';
import { RedisRateLimits } from './limits';

const reachable = await redisAnswers();
const prefix = testPrefix('limits');
const redis = new Redis(testRedisUrl, { lazyConnect: true });
redis.on('error', () => {});
afterAll(async () => {
  await dropPrefix(prefix);
  redis.disconnect();
});

describe.skipIf(!reachable)('limits in Redis', () => {
  const limits = () => new RedisRateLimits(redis, { prefix, instanceId: 'me', deadAfterMs: 7000, log: () => {} });

  it('a shared bucket takes, refuses with the time to the next token, refunds and peeks like the one in memory', async () => {
    const memory = new MemoryRateLimits().shared('b', 3, 60_000);
    const shared = limits().shared('b', 3, 60_000);
    const two = [memory, shared];
    // Both say how many whole tokens are left (RateLimit-Remaining).
    for (let i = 0; i < 3; i++) for (const b of two) expect(await b.hit('k')).toEqual({ ok: true, remaining: 2 - i });
    for (const b of two) {
      const refused = await b.hit('k');
      expect(refused.ok).toBe(false);
      // One token every 20 s.
      if (!refused.ok) expect(refused.retryAfterMs).toBeGreaterThan(19_000);
      if (!refused.ok) expect(refused.retryAfterMs).toBeLessThanOrEqual(20_000);
      expect((await b.peek('k')).ok).toBe(false);
      await b.refund('k');
      expect((await b.peek('k')).ok).toBe(true);
      expect((await b.take('k', 2)).ok).toBe(false);
      expect(await b.hit('k')).toEqual({ ok: true, remaining: 0 });
      // Another key has its own tokens.
      expect(await b.take('other', 3)).toEqual({ ok: true, remaining: 0 });
    }
  });

  it('two instances share one bucket', async () => {
    const a = limits().shared('both', 2, 60_000);
    const b = limits().shared('both', 2, 60_000);
    expect((await a.hit('ip')).ok).toBe(true);
    expect((await b.hit('ip')).ok).toBe(true);
    expect((await a.hit('ip')).ok).toBe(false);
    expect((await b.hit('ip')).ok).toBe(false);
  });

  it('the failed-login backoff locks after the free failures, for a minute, and forgets on reset', async () => {
    const memory = new MemoryRateLimits().backoff('acct', 2);
    const shared = limits().backoff('acct', 2);
    for (const b of [memory, shared]) {
      expect(await b.take('ana@example.com')).toEqual({ ok: true });
      expect(await b.take('ana@example.com')).toEqual({ ok: true });
      const locked = await b.take('ana@example.com');
      expect(locked.ok).toBe(false);
      if (!locked.ok) expect(locked.retryAfterMs).toBeGreaterThan(59_000);
      await b.reset('ana@example.com');
      expect(await b.take('ana@example.com')).toEqual({ ok: true });
    }
  });

  it('caps sockets per address over the live instances only', async () => {
    const now = Date.now();
    await redis.zadd(`${prefix}instances`, now, 'me', now, 'other');
    const me = limits().connections;
    const other = new RedisRateLimits(redis, { prefix, instanceId: 'other', deadAfterMs: 7000, log: () => {} }).connections;
    expect(await me.open('1.2.3.4', 3)).toBe(true);
    expect(await other.open('1.2.3.4', 3)).toBe(true);
    expect(await other.open('1.2.3.4', 3)).toBe(true);
    expect(await me.open('1.2.3.4', 3)).toBe(false);
    expect(me.count('1.2.3.4')).toBe(1);
    other.closed('1.2.3.4');
    expect(await me.open('1.2.3.4', 3)).toBe(true);
    // "other" stops beating: its socket no longer counts.
    await redis.zadd(`${prefix}instances`, now - 60_000, 'other');
    expect(await me.open('1.2.3.4', 3)).toBe(true);
    expect(await me.open('1.2.3.4', 3)).toBe(false);
  });
});
