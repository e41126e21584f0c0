/** The in-memory RateLimits of one process (state/index.ts). */
import { RateLimiter } from '../security/rate-limit';
import type { ConnectionCounts, RateBucket, RateLimits } from './index';

class MemoryConnectionCounts implements ConnectionCounts {
  private counts = new Map<string, number>();

  opened(key: string): number {
    const n = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, n);
    return n;
  }

  closed(key: string): number {
    const n = (this.counts.get(key) ?? 1) - 1;
    if (n <= 0) this.counts.delete(key);
    else this.counts.set(key, n);
    return Math.max(0, n);
  }

  count(key: string): number {
    return this.counts.get(key) ?? 0;
  }
}

export class MemoryRateLimits implements RateLimits {
  private buckets = new Map<string, RateLimiter>();
  readonly connections: ConnectionCounts = new MemoryConnectionCounts();

  constructor(private now: () => number = Date.now) {}

  /** One bucket family per name; asking again with another limit or window is a programming error. */
  bucket(name: string, limit: number, windowMs: number): RateBucket {
    const known = this.buckets.get(name);
    if (known) {
      if (known.limit !== limit || known.windowMs !== windowMs) throw new Error(`rate limit "${name}" asked with another limit`);
      return known;
    }
    const created = new RateLimiter(limit, windowMs, this.now);
    this.buckets.set(name, created);
    return created;
  }
}
