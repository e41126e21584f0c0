/**
 * The process-state ports on Redis (ATENDO_REDIS_URL), for many instances on one PostgreSQL: the
 * bus (a Redis Stream, bus.ts) and the registry of instances with their presence (registry.ts).
 * Loaded only when configured. Two connections: one for commands, one for the blocking reads.
 */
import { Redis } from 'ioredis';
import { newId } from '../../domain/ids';
import type { PresenceService } from '../../domain/presence';
import type { RedisConfig } from '../../config';
import { RedisBus } from './bus';
import { Registry } from './registry';
import { RedisRateLimits } from './limits';

export interface RedisState {
  bus: RedisBus;
  /** Rate limits and connection caps counted by the whole cluster. */
  rateLimits: RedisRateLimits;
  /** Start the registry once presence exists (the services are built on the bus). */
  join(presence: PresenceService): Promise<void>;
  /** Whether Redis answers now (readiness). */
  readonly connected: boolean;
  /** Leave the cluster and close the connections. */
  close(): Promise<void>;
}

export interface RedisStateOptions {
  /** Stream retention (default 5 minutes). */
  retentionMs?: number;
  heartbeatMs?: number;
  deadAfterMs?: number;
  log?: (line: string) => void;
}

/** The URL without its password, for the banner and errors. */
export function redactRedisUrl(value: string): string {
  const url = new URL(value);
  if (url.password) url.password = '***';
  return url.toString();
}

export async function openRedisState(config: RedisConfig & { url: string }, opts: RedisStateOptions = {}): Promise<RedisState> {
  // Unique per start even when named: readers track each publisher's counter, which starts again at 1.
  const instanceId = config.instanceId ? `${config.instanceId}.${newId().slice(0, 8)}` : newId();
  const common = {
    // Start fails fast when Redis does not answer; once running, reconnect for ever (backoff up to 2 s).
    lazyConnect: true,
    retryStrategy: (times: number) => Math.min(2000, 50 * 2 ** Math.min(times, 6)),
    // CLIENT LIST names this cluster's connections (and which instance holds each).
    connectionName: `${config.prefix}${instanceId}`,
    // A connection cut without a word (a NAT's timeout, a dead peer) is found, not waited on for hours.
    keepAlive: 10_000,
  };
  const pub = new Redis(config.url, { ...common, maxRetriesPerRequest: 20 });
  // The reader's XREAD must fail on a cut connection (not be sent again silently), so the bus checks for a gap.
  // The limits' own: a check never waits on a Redis that is down or slow (it answers from memory then).
  const limits = new Redis(config.url, { ...common, maxRetriesPerRequest: 0, enableOfflineQueue: false, commandTimeout: 250 });
  // A blocking read that outlives its BLOCK time by 2 s fails (the connection is gone): the bus checks for a gap.
  const sub = new Redis(config.url, {
    ...common,
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    enableOfflineQueue: false,
    blockingTimeout: 10_000,
    blockingTimeoutGrace: 2000,
  });
  const log = opts.log ?? ((line: string) => console.error(line));
  // Reported by the bus, registry and limits, once per kind; the last one names why a start failed.
  let lastError: unknown = null;
  for (const c of [pub, sub, limits]) c.on('error', (err: unknown) => (lastError = err));
  try {
    await Promise.all([pub.connect(), sub.connect(), limits.connect()]);
  } catch (err) {
    pub.disconnect();
    sub.disconnect();
    limits.disconnect();
    const why = lastError ?? err;
    throw new Error(`ATENDO_REDIS_URL (${redactRedisUrl(config.url)}): ${why instanceof Error ? why.message : String(why)}`);
  }
  const bus = new RedisBus(pub, sub, instanceId, { stream: `${config.prefix}events`, retentionMs: opts.retentionMs ?? 5 * 60_000, log });
  try {
    await bus.start();
  } catch (err) {
    pub.disconnect();
    sub.disconnect();
    limits.disconnect();
    throw new Error(`ATENDO_REDIS_URL (${redactRedisUrl(config.url)}): ${err instanceof Error ? err.message : String(err)}`);
  }
  const deadAfterMs = opts.deadAfterMs ?? 7000;
  let registry: Registry | null = null;
  /** At most `ms`: leaving must not wait on a Redis that is down (a drain has a deadline). */
  const bounded = (p: Promise<unknown>, ms: number) => Promise.race([p.catch(() => {}), new Promise((ok) => setTimeout(ok, ms).unref())]);
  const rateLimits = new RedisRateLimits(limits, { prefix: config.prefix, instanceId, deadAfterMs, log });
  await rateLimits.load();
  return {
    bus,
    rateLimits,
    async join(presence) {
      registry = new Registry(pub, bus, presence, { prefix: config.prefix, heartbeatMs: opts.heartbeatMs, deadAfterMs, log });
      await registry.start();
    },
    get connected() {
      return bus.connected;
    },
    async close() {
      rateLimits.connections.stopped = true;
      if (registry) await bounded(registry.stop(), 1500);
      await bus.stop();
      await bounded(Promise.all([pub.quit(), limits.quit()]), 1000);
      pub.disconnect();
      limits.disconnect();
    },
  };
}
