/**
 * Ports for the state a process keeps outside the database: the event bus,
 * presence, rate limits and connection caps. Each has the in-memory implementation Atendo uses on
 * one box; running many instances (PostgreSQL + Redis) means giving these another implementation,
 * not changing their callers. Attachment bytes are the `Blobs` port (storage/blobs.ts).
 */
import type { LiveVisitor, PageView } from '@atendo/shared';
import type { DomainEvent, Listener } from '../domain/events';

/**
 * Publish/subscribe of the domain events (plain data), after the commit that caused them. In memory
 * on one box; on many instances a Redis Stream carries them to every instance (state/redis/bus.ts).
 */
export interface Bus {
  /** This process's id: with the events' `origin` (a connection id) it names where an event came from. */
  readonly instanceId: string;
  /** To every instance: this one's listeners synchronously, the others' through the cluster's bus. */
  emit(event: DomainEvent): void;
  /** To this instance's listeners only (views each instance derives itself: availability, a visitor's arrival). */
  local(event: DomainEvent): void;
  /** Returns the unsubscribe function. */
  on(listener: Listener): () => void;
}

/** Who is connected right now: agents with a console open, visitors with the widget open. */
export interface Presence {
  agentConnected(agentId: string): void;
  agentDisconnected(agentId: string): void;
  isConnected(agentId: string): boolean;
  /** Ids of the agents with a console open now (auto-assignment picks among them, before its write). */
  connectedAgents(): string[];
  /** Re-check availability after an agent's status or connectedness changed. */
  agentChanged(agentId: string): void;
  visitorConnected(live: LiveVisitor): LiveVisitor;
  visitorPage(visitorId: string, page: PageView): void;
  visitorRenamed(visitorId: string, who: { name: string | null; email: string | null }): void;
  visitorDisconnected(visitorId: string): void;
  isVisitorOnline(visitorId: string): boolean;
  liveVisitors(siteId?: string): LiveVisitor[];
}

/** One token bucket per key (a socket id, an address): `limit` tokens per window, refilled continuously. */
export interface RateBucket {
  readonly limit: number;
  readonly windowMs: number;
  /** Take one token; when none is left, say how long until one is. */
  hit(key: string): { ok: true } | { ok: false; retryAfterMs: number };
  /** Take `n` tokens at once; none are taken when fewer are left. */
  take(key: string, n: number): { ok: true } | { ok: false; retryAfterMs: number };
  /** Give back one token taken by `hit`. */
  refund(key: string): void;
  /** Would `hit` succeed? Takes nothing. */
  allows(key: string): boolean;
  /** Milliseconds until `key` has a token again (0 when it has one). */
  retryAfterMs(key: string): number;
  /** Forget a key. */
  delete(key: string): void;
}

/** A value now (in memory) or later (asked of Redis, with many instances). */
export type Maybe<T> = T | Promise<T>;
/** A bucket's answer; a pass says how many whole tokens are left (for RateLimit-Remaining headers). */
export type Verdict = { ok: true; remaining?: number } | { ok: false; retryAfterMs: number };

/** `f` of a `Maybe`: in this turn when the value is here (the one-box send path makes no promise). */
export function mapMaybe<T, U>(value: Maybe<T>, f: (v: T) => U): Maybe<U> {
  return value instanceof Promise ? value.then(f) : f(value);
}

/**
 * A token bucket the whole cluster shares (per address, per account): the same semantics as
 * `RateBucket`, answered from memory on one box and by Redis (atomically, in Lua) on many.
 */
export interface SharedBucket {
  readonly limit: number;
  readonly windowMs: number;
  hit(key: string): Maybe<Verdict>;
  /** Take `n` tokens at once; none are taken when fewer are left. */
  take(key: string, n: number): Maybe<Verdict>;
  refund(key: string): Maybe<void>;
  /** Whether `hit` would pass now, and if not in how long. Takes nothing. */
  peek(key: string): Maybe<Verdict>;
}

/** Failures per key with a lock that doubles after the free ones (security/login-throttle.ts), shared like `SharedBucket`. */
export interface SharedBackoff {
  take(key: string): Maybe<Verdict>;
  reset(key: string): Maybe<void>;
}

/** Rate limits and connection caps. */
export interface RateLimits {
  /** This instance's bucket family `name` (per socket: frames, messages). */
  bucket(name: string, limit: number, windowMs: number): RateBucket;
  /** The cluster's bucket family `name` (per address or account: messages per address, uploads, logins…). */
  shared(name: string, limit: number, windowMs: number): SharedBucket;
  /** The cluster's failure backoff `name` (failed logins per account). */
  backoff(name: string, free: number): SharedBackoff;
  /** Open connections per key (an address), counted on every instance: the caps. */
  connections: ConnectionCounts;
}

export interface ConnectionCounts {
  /** Count one more open connection from `key`, unless `cap` are open already (on every instance): false then, nothing counted. */
  open(key: string, cap: number): Maybe<boolean>;
  /** One counted by `open` closed. */
  closed(key: string): void;
  /** Open on this instance. */
  count(key: string): number;
}
