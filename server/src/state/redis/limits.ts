/**
 * Rate limits and connection caps for the whole cluster, in Redis, with today's semantics:
 * - `shared` buckets: the continuous token bucket of security/rate-limit.ts, one Lua script per
 *   check (atomic; Redis's clock), keys `<prefix>rl:<name>:<key>` expiring after their window;
 * - `backoff`: the failed-login backoff of security/login-throttle.ts, the same way;
 * - connection caps: a hash per address with one field per instance, summed over live instances
 *   when a socket opens (a dead instance's sockets stop counting with its beat).
 * Per-socket buckets stay in memory (a socket lives on one instance). Redis failing: each check
 * falls back to this instance's memory (logged), so limits still hold per instance and nothing a
 * client sends waits on Redis.
 */
import type { Redis } from 'ioredis';
import { AccountBackoff, ACCOUNT_FORGET_MS, ACCOUNT_LOCK_MAX_MS, ACCOUNT_LOCK_MS } from '../../security/login-throttle';
import { RateLimiter } from '../../security/rate-limit';
import { MemoryConnectionCounts, MemoryRateLimits } from '../memory';
import type { ConnectionCounts, RateBucket, RateLimits, SharedBackoff, SharedBucket, Verdict } from '..';

/**
 * KEYS[1]: the bucket. ARGV: limit, windowMs, mode ('take', 'peek' or 'refund'), n (tokens to take).
 * Returns { ok, retryAfterMs, whole tokens left }: the token bucket of security/rate-limit.ts, by Redis's clock.
 */
const BUCKET = `
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local mode = ARGV[3]
local n = tonumber(ARGV[4])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local perMs = limit / window
local b = redis.call('HMGET', KEYS[1], 't', 'at')
local tokens = tonumber(b[1])
local at = tonumber(b[2])
if tokens == nil or at == nil then tokens = limit; at = now end
tokens = math.min(limit, tokens + math.max(0, now - at) * perMs)
local ok = 1
local retry = 0
if mode == 'take' then
  if tokens >= n then tokens = tokens - n
  else ok = 0; retry = math.ceil((math.min(n, limit) - tokens) / perMs) end
elseif mode == 'refund' then
  tokens = math.min(limit, tokens + 1)
elseif tokens < 1 then
  ok = 0; retry = math.ceil((1 - tokens) / perMs)
end
redis.call('HSET', KEYS[1], 't', string.format('%.17g', tokens), 'at', now)
redis.call('PEXPIRE', KEYS[1], window)
return { ok, retry, math.floor(tokens) }`;

/** KEYS[1]: the account. ARGV: free, lockMs, lockMaxMs, forgetMs, reset (1: forget it). Returns { ok, retryAfterMs }. */
const BACKOFF = `
if ARGV[5] == '1' then redis.call('DEL', KEYS[1]); return { 1, 0 } end
local free = tonumber(ARGV[1])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local e = redis.call('HMGET', KEYS[1], 'failures', 'until', 'at')
local failures = tonumber(e[1])
local untilT = tonumber(e[2]) or 0
local at = tonumber(e[3]) or now
if now < untilT then return { 0, untilT - now } end
if failures == nil or now - at > tonumber(ARGV[4]) then failures = 0; untilT = 0 end
failures = failures + 1
if failures >= free then untilT = now + math.min(tonumber(ARGV[3]), tonumber(ARGV[2]) * 2 ^ (failures - free)) end
redis.call('HSET', KEYS[1], 'failures', failures, 'until', untilT, 'at', now)
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[4]) + tonumber(ARGV[3]))
return { 1, 0 }`;

/**
 * KEYS[1]: the address's hash (field: instance, value: its sockets), KEYS[2]: the instances' beats.
 * ARGV: me, cap, deadAfterMs, ttlMs. One more for `me` unless the live instances hold `cap` already.
 */
const OPEN = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local total = 0
local all = redis.call('HGETALL', KEYS[1])
for i = 1, #all, 2 do
  local beat = redis.call('ZSCORE', KEYS[2], all[i])
  if all[i] == ARGV[1] or (beat and tonumber(beat) >= now - tonumber(ARGV[3])) then total = total + tonumber(all[i + 1])
  else redis.call('HDEL', KEYS[1], all[i]) end
end
if total >= tonumber(ARGV[2]) then return 0 end
redis.call('HINCRBY', KEYS[1], ARGV[1], 1)
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return 1`;

const CLOSE = `
local n = redis.call('HINCRBY', KEYS[1], ARGV[1], -1)
if n <= 0 then redis.call('HDEL', KEYS[1], ARGV[1]) end
return n`;

export interface RedisLimitsOptions {
  prefix: string;
  instanceId: string;
  /** The registry's: a silent instance's sockets stop counting after this. */
  deadAfterMs: number;
  log?: (line: string) => void;
}

function verdict(reply: unknown): Verdict {
  const [ok, retry, remaining] = reply as [number, number, number | undefined];
  if (ok !== 1) return { ok: false, retryAfterMs: Math.max(1, Number(retry)) };
  return remaining === undefined ? { ok: true } : { ok: true, remaining: Number(remaining) };
}

type Scripted = Redis & {
  atendoBucket(key: string, limit: string, windowMs: string, mode: string, n: string): Promise<unknown>;
  atendoBackoff(key: string, free: string, lockMs: string, lockMaxMs: string, forgetMs: string, reset: string): Promise<unknown>;
  atendoConnOpen(key: string, instances: string, me: string, cap: string, deadAfterMs: string, ttlMs: string): Promise<unknown>;
  atendoConnClose(key: string, me: string): Promise<unknown>;
};

/**
 * `redis` should be a connection of the limits' own that fails fast (no offline queue, no retries,
 * a short command timeout: state/redis/index.ts): a check never waits on a Redis that is down.
 */
export class RedisRateLimits implements RateLimits {
  private local = new MemoryRateLimits();
  private sharedBuckets = new Map<string, SharedBucket>();
  private backoffs = new Map<string, SharedBackoff>();
  readonly connections: RedisConnectionCounts;
  private logged = 0;
  private readonly redis: Scripted;

  constructor(
    redis: Redis,
    private opts: RedisLimitsOptions,
  ) {
    redis.defineCommand('atendoBucket', { numberOfKeys: 1, lua: BUCKET });
    redis.defineCommand('atendoBackoff', { numberOfKeys: 1, lua: BACKOFF });
    redis.defineCommand('atendoConnOpen', { numberOfKeys: 2, lua: OPEN });
    redis.defineCommand('atendoConnClose', { numberOfKeys: 1, lua: CLOSE });
    this.redis = redis as Scripted;
    this.connections = new RedisConnectionCounts(this.redis, opts, (err) => this.warn(err));
  }

  /** Load the scripts now: a first EVALSHA answered NOSCRIPT is sent again as EVAL, after later checks. */
  async load(): Promise<void> {
    await Promise.all([BUCKET, BACKOFF, OPEN, CLOSE].map((lua) => this.redis.script('LOAD', lua)));
  }

  private warn(err: unknown): void {
    if (Date.now() - this.logged < 10_000) return;
    this.logged = Date.now();
    (this.opts.log ?? console.error)(`cluster limits: Redis failed, counting on this instance only: ${err instanceof Error ? err.message : String(err)}`);
  }

  bucket(name: string, limit: number, windowMs: number): RateBucket {
    return this.local.bucket(name, limit, windowMs);
  }

  shared(name: string, limit: number, windowMs: number): SharedBucket {
    const known = this.sharedBuckets.get(name);
    if (known) {
      if (known.limit !== limit || known.windowMs !== windowMs) throw new Error(`rate limit "${name}" asked with another limit`);
      return known;
    }
    const fallback = new RateLimiter(limit, windowMs);
    const key = (k: string) => `${this.opts.prefix}rl:${name}:${k}`;
    const run = (k: string, mode: 'take' | 'peek' | 'refund', n: number, local: () => Verdict): Promise<Verdict> =>
      this.redis.atendoBucket(key(k), String(limit), String(windowMs), mode, String(n)).then(verdict, (err: unknown) => {
        this.warn(err);
        return local();
      });
    const bucket: SharedBucket = {
      limit,
      windowMs,
      hit: (k) => run(k, 'take', 1, () => fallback.hit(k)),
      take: (k, n) => run(k, 'take', n, () => fallback.take(k, n)),
      refund: (k) => run(k, 'refund', 1, () => (fallback.refund(k), { ok: true })).then(() => undefined),
      peek: (k) => run(k, 'peek', 1, () => fallback.peek(k)),
    };
    this.sharedBuckets.set(name, bucket);
    return bucket;
  }

  backoff(name: string, free: number): SharedBackoff {
    const known = this.backoffs.get(name);
    if (known) return known;
    const fallback = new AccountBackoff(free);
    const key = (k: string) => `${this.opts.prefix}bo:${name}:${k}`;
    const args = [String(free), String(ACCOUNT_LOCK_MS), String(ACCOUNT_LOCK_MAX_MS), String(ACCOUNT_FORGET_MS)] as const;
    const created: SharedBackoff = {
      take: (k) =>
        this.redis.atendoBackoff(key(k), ...args, '0').then(verdict, (err: unknown) => {
          this.warn(err);
          return fallback.take(k);
        }),
      reset: (k) =>
        this.redis.atendoBackoff(key(k), ...args, '1').then(
          () => fallback.reset(k),
          (err: unknown) => {
            this.warn(err);
            fallback.reset(k);
          },
        ),
    };
    this.backoffs.set(name, created);
    return created;
  }
}

/** Sockets per address on every live instance; this instance's also in memory (its own count, the fallback). */
class RedisConnectionCounts implements ConnectionCounts {
  private local = new MemoryConnectionCounts();
  /** Of this instance's sockets per address, those counted in Redis too (the rest were counted while it failed). */
  private inRedis = new Map<string, number>();
  /** Set when the instance leaves: its sockets close after, and Redis no longer matters. */
  stopped = false;

  constructor(
    private redis: Scripted,
    private opts: RedisLimitsOptions,
    private warn: (err: unknown) => void,
  ) {}

  private key(k: string): string {
    return `${this.opts.prefix}conns:${k}`;
  }

  open(k: string, cap: number): Promise<boolean> {
    return this.redis
      .atendoConnOpen(this.key(k), `${this.opts.prefix}instances`, this.opts.instanceId, String(cap), String(this.opts.deadAfterMs), String(3_600_000))
      .then(
        (ok) => {
          if (ok !== 1) return false;
          this.inRedis.set(k, (this.inRedis.get(k) ?? 0) + 1);
          return this.local.open(k, Number.MAX_SAFE_INTEGER);
        },
        (err: unknown) => {
          this.warn(err);
          return this.local.open(k, cap);
        },
      );
  }

  closed(k: string): void {
    this.local.closed(k);
    const n = this.inRedis.get(k) ?? 0;
    if (n <= 0) return;
    if (n === 1) this.inRedis.delete(k);
    else this.inRedis.set(k, n - 1);
    if (!this.stopped) this.redis.atendoConnClose(this.key(k), this.opts.instanceId).catch((err: unknown) => this.warn(err));
  }

  count(k: string): number {
    return this.local.count(k);
  }
}
