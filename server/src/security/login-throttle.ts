import type { RateLimits, SharedBackoff, SharedBucket } from '../state';
import type { SecurityLimits } from './limits';

/** First lock after the free failures of an account; each further failure doubles it, up to the max. */
export const ACCOUNT_LOCK_MS = 60_000;
export const ACCOUNT_LOCK_MAX_MS = 15 * 60_000;
/** An account with no attempt for this long (and no lock running) starts again from zero. */
export const ACCOUNT_FORGET_MS = 60 * 60_000;
/** Accounts remembered at most (a spray of made-up e-mails must not grow memory without end). */
const MAX_ACCOUNTS = 100_000;

/**
 * Failed logins in a row per account, with exponential backoff: `free` failures, then the account
 * is locked for 1 min, and every further failure locks it for twice as long (2, 4, 8, 15 min).
 * A right password resets it. Keyed by the normalised e-mail whether or not such an agent exists,
 * so a lock says nothing about which e-mails are real.
 */
export class AccountBackoff {
  private entries = new Map<string, { failures: number; until: number; at: number }>();
  private lastSweep: number;

  constructor(
    readonly free: number,
    private now: () => number = Date.now,
  ) {
    this.lastSweep = now();
  }

  /** Count an attempt before the password is checked; refused while the account is locked. */
  take(key: string): { ok: true } | { ok: false; retryAfterMs: number } {
    const t = this.now();
    this.sweep(t);
    let e = this.entries.get(key);
    if (e && t < e.until) return { ok: false, retryAfterMs: e.until - t };
    if (e && t - e.at > ACCOUNT_FORGET_MS) e = undefined;
    if (!e) {
      e = { failures: 0, until: 0, at: t };
      this.entries.set(key, e);
    }
    e.failures += 1;
    e.at = t;
    // Counted now, before the hash runs: concurrent guesses see the lock the earlier ones set.
    if (e.failures >= this.free) e.until = t + Math.min(ACCOUNT_LOCK_MAX_MS, ACCOUNT_LOCK_MS * 2 ** (e.failures - this.free));
    return { ok: true };
  }

  /** The password was right: the account starts from zero. */
  reset(key: string): void {
    this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }

  private sweep(t: number): void {
    if (t - this.lastSweep < ACCOUNT_FORGET_MS && this.entries.size < MAX_ACCOUNTS) return;
    this.lastSweep = t;
    for (const [key, e] of this.entries) if (t >= e.until && t - e.at > ACCOUNT_FORGET_MS) this.entries.delete(key);
    // Still full: forget the oldest (Map order is insertion order), never one that is locked now.
    if (this.entries.size >= MAX_ACCOUNTS) {
      let excess = this.entries.size - MAX_ACCOUNTS / 2;
      for (const [key, e] of this.entries) {
        if (excess <= 0) break;
        if (t < e.until) continue;
        this.entries.delete(key);
        excess--;
      }
    }
  }
}

/** A password check that may go ahead: say how it ended, so a right password gives its tokens back. */
export interface LoginPass {
  ok: true;
  /** The password was right (even if the account turned out deactivated): nothing counts against anyone. */
  succeeded(): void;
  /**
   * The password was right but a second factor is awaited: the address gets its token back, the
   * account's count stays until the code is right (a stolen password alone cannot reset it between
   * guesses of the code).
   */
  secondFactorAwaited(): void;
}
export type LoginVerdict = LoginPass | { ok: false; retryAfterMs: number; scope: 'address' | 'account' };

/**
 * Password guessing limits (security report, finding 4): per client address (its /64 for IPv6, see
 * ip.ts) a token bucket, per account a backoff. Both are taken BEFORE the password hash runs and
 * given back when the password is right, so concurrent guesses cannot all pass one check.
 */
export class LoginThrottle {
  private perAddress: SharedBucket;
  private perAccount: SharedBackoff;

  /** Counted in `limits` (state/index.ts): on many instances, by the whole cluster. */
  constructor(cfg: Pick<SecurityLimits, 'failedLoginsPerIpPer15Min' | 'failedLoginsPerAccount'>, limits: RateLimits) {
    this.perAddress = limits.shared('login.failed.per-address', cfg.failedLoginsPerIpPer15Min, 15 * 60_000);
    this.perAccount = limits.backoff('login.failed.per-account', cfg.failedLoginsPerAccount);
  }

  /** The key of an account: the e-mail as logins look it up. */
  static accountKey(email: string): string {
    return email.trim().toLowerCase();
  }

  async begin(address: string, email: string): Promise<LoginVerdict> {
    const account = LoginThrottle.accountKey(email);
    const byAddress = await this.perAddress.hit(address);
    if (!byAddress.ok) return { ok: false, retryAfterMs: byAddress.retryAfterMs, scope: 'address' };
    const byAccount = await this.perAccount.take(account);
    if (!byAccount.ok) {
      // No password was checked: the address keeps its token.
      await this.perAddress.refund(address);
      return { ok: false, retryAfterMs: byAccount.retryAfterMs, scope: 'account' };
    }
    const quietly = (p: unknown) => void Promise.resolve(p).catch((err: unknown) => console.error('login throttle', err));
    return {
      ok: true,
      succeeded: () => {
        quietly(this.perAddress.refund(address));
        quietly(this.perAccount.reset(account));
      },
      secondFactorAwaited: () => quietly(this.perAddress.refund(address)),
    };
  }
}
