/** The in-memory RateLimits of one process (state/index.ts). */
import { AccountBackoff } from '../security/login-throttle';
import { RateLimiter } from '../security/rate-limit';
import type { ConnectionCounts, RateBucket, RateLimits, SharedBackoff, SharedBucket } from './index';

export class MemoryConnectionCounts implements ConnectionCounts {
  private counts = new Map<string, number>();

  open(key: string, cap: number): boolean {
    const n = this.counts.get(key) ?? 0;
    if (n >= cap) return false;
    this.counts.set(key, n + 1);
    return true;
  }

  closed(key: string): void {
    const n = (this.counts.get(key) ?? 1) - 1;
    if (n <= 0) this.counts.delete(key);
    else this.counts.set(key, n);
  }

  count(key: string): number {
    return this.counts.get(key) ?? 0;
  }
}

export class MemoryRateLimits implements RateLimits {
  private buckets = new Map<string, RateLimiter>();
  private backoffs = new Map<string, AccountBackoff>();
  readonly connections: ConnectionCounts = new MemoryConnectionCounts();

  constructor(private now: () => number = Date.now) {}

  /** One bucket family per name; asking again with another limit or window is a programming error. */
  bucket(name: string, limit: number, windowMs: number): RateBucket & SharedBucket {
    const known = this.buckets.get(name);
    if (known) {
      if (known.limit !== limit || known.windowMs !== windowMs) throw new Error(`rate limit "${name}" asked with another limit`);
      return known;
    }
    const created = new RateLimiter(limit, windowMs, this.now);
    this.buckets.set(name, created);
    return created;
  }

  /** On one box the cluster is this process: the same buckets. */
  shared(name: string, limit: number, windowMs: number): SharedBucket {
    return this.bucket(name, limit, windowMs);
  }

  backoff(name: string, free: number): SharedBackoff {
    let known = this.backoffs.get(name);
    if (!known) this.backoffs.set(name, (known = new AccountBackoff(free, this.now)));
    if (known.free !== free) throw new Error(`backoff "${name}" asked with another limit`);
    return known;
  }
}
