import type { RateBucket, SharedBucket } from '../state';

/**
 * Token buckets keyed by a string (a socket id, an IP address): `limit` tokens per `windowMs`,
 * refilled continuously, so a burst of `limit` is allowed and then one per `windowMs / limit`.
 * Memory stays bounded: full buckets are forgotten on a periodic sweep.
 */
export class RateLimiter implements RateBucket, SharedBucket {
  private buckets = new Map<string, { tokens: number; at: number }>();
  private readonly perMs: number;
  private lastSweep: number;

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    private now: () => number = Date.now,
  ) {
    this.perMs = limit / windowMs;
    this.lastSweep = now();
  }

  private bucket(key: string): { tokens: number; at: number } {
    const t = this.now();
    this.sweep(t);
    let b = this.buckets.get(key);
    if (!b) {
      b = { tokens: this.limit, at: t };
      this.buckets.set(key, b);
    } else {
      b.tokens = Math.min(this.limit, b.tokens + (t - b.at) * this.perMs);
      b.at = t;
    }
    return b;
  }

  /** Take one token; when none is left, say how long until one is. */
  hit(key: string): { ok: true; remaining: number } | { ok: false; retryAfterMs: number } {
    const b = this.bucket(key);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return { ok: true, remaining: Math.floor(b.tokens) };
    }
    return { ok: false, retryAfterMs: Math.ceil((1 - b.tokens) / this.perMs) };
  }

  /** Take `n` tokens at once (a cost in bytes, say); none are taken when fewer are left. */
  take(key: string, n: number): { ok: true; remaining: number } | { ok: false; retryAfterMs: number } {
    const b = this.bucket(key);
    if (b.tokens >= n) {
      b.tokens -= n;
      return { ok: true, remaining: Math.floor(b.tokens) };
    }
    return { ok: false, retryAfterMs: Math.ceil((Math.min(n, this.limit) - b.tokens) / this.perMs) };
  }

  /** Give back one token taken by `hit` (an attempt that turned out fine, such as a right password). */
  refund(key: string): void {
    const b = this.bucket(key);
    b.tokens = Math.min(this.limit, b.tokens + 1);
  }

  /** Would `hit` succeed? Takes nothing. */
  allows(key: string): boolean {
    return this.bucket(key).tokens >= 1;
  }

  /** Whether `hit` would pass now, and if not in how long. Takes nothing. */
  peek(key: string): { ok: true; remaining: number } | { ok: false; retryAfterMs: number } {
    const b = this.bucket(key);
    return b.tokens >= 1 ? { ok: true, remaining: Math.floor(b.tokens) } : { ok: false, retryAfterMs: Math.ceil((1 - b.tokens) / this.perMs) };
  }

  /** Milliseconds until `key` has a token again (0 when it has one). */
  retryAfterMs(key: string): number {
    const b = this.bucket(key);
    return b.tokens >= 1 ? 0 : Math.ceil((1 - b.tokens) / this.perMs);
  }

  /** Forget a key (a socket that closed). */
  delete(key: string): void {
    this.buckets.delete(key);
  }

  get size(): number {
    return this.buckets.size;
  }

  private sweep(t: number): void {
    if (t - this.lastSweep < this.windowMs && this.buckets.size < 50_000) return;
    this.lastSweep = t;
    for (const [key, b] of this.buckets) {
      if (b.tokens + (t - b.at) * this.perMs >= this.limit) this.buckets.delete(key);
    }
  }
}
