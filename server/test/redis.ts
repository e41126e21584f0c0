/**
 * Redis for the tests of many instances: the machine's (127.0.0.1:6379) or ATENDO_TEST_REDIS_URL.
 * Each test file gets a key prefix of its own and deletes its keys when done. Where Redis does not
 * answer the cluster tests are skipped, saying so — except in CI or with ATENDO_TEST_REDIS_URL set,
 * where they fail.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

export const testRedisUrl = process.env.ATENDO_TEST_REDIS_URL || 'redis://127.0.0.1:6379';

/** A prefix no other test (or run) uses. */
export function testPrefix(what: string): string {
  return `atendo_t:${what}:${process.pid}:${randomBytes(4).toString('hex')}:`;
}

/** Whether Redis answers; in CI (or with ATENDO_TEST_REDIS_URL) it must. */
export async function redisAnswers(): Promise<boolean> {
  const r = new Redis(testRedisUrl, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  r.on('error', () => {});
  try {
    await r.connect();
    await r.ping();
    return true;
  } catch (err) {
    if (process.env.CI || process.env.ATENDO_TEST_REDIS_URL)
      throw new Error(`Redis does not answer at ${testRedisUrl}: the cluster tests cannot run (${String(err)})`);
    console.warn(`\n  Redis does not answer at ${testRedisUrl}: the cluster tests are SKIPPED\n`);
    return false;
  } finally {
    r.disconnect();
  }
}

export function redisClient(): Redis {
  const r = new Redis(testRedisUrl);
  r.on('error', () => {});
  return r;
}

/**
 * Delete every key under `prefix`, and again a moment later: a server's last writes (its leaving
 * the cluster, bounded in time) can land just after it said it closed.
 */
export async function dropPrefix(prefix: string): Promise<void> {
  const r = redisClient();
  try {
    for (let pass = 0; pass < 2; pass++) {
      if (pass) await new Promise((ok) => setTimeout(ok, 200));
      let cursor = '0';
      do {
        const [next, keys] = await r.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
        cursor = next;
        if (keys.length) await r.del(...keys);
      } while (cursor !== '0');
    }
  } finally {
    r.disconnect();
  }
}
