/**
 * When a failed webhook delivery is tried again: the Standard Webhooks (Svix) schedule —
 * immediately, then 5 s, 5 min, 30 min, 2 h, 5 h, then every 10 h — until about three days have
 * passed (13 attempts, 77.6 h before jitter), each wait ± 10 % at random so endpoints that failed
 * together are not retried together.
 */
const S = 1000;
const M = 60 * S;
const H = 60 * M;

/** The wait after the 1st, 2nd… failed attempt; one more failure than there are waits and the delivery fails. */
export const RETRY_SCHEDULE_MS: readonly number[] = [5 * S, 5 * M, 30 * M, 2 * H, 5 * H, 10 * H, 10 * H, 10 * H, 10 * H, 10 * H, 10 * H, 10 * H];

/** An endpoint whose every attempt failed for this long is disabled (its admins are told). */
export const DISABLE_AFTER_MS = 3 * 24 * H;

/** The wait before attempt `attempts + 1`, or null when `attempts` failures were the last allowed. */
export function retryDelay(attempts: number, schedule: readonly number[], jitter: number, random = Math.random): number | null {
  const base = schedule[attempts - 1];
  if (base === undefined) return null;
  return Math.max(0, Math.round(base * (1 + jitter * (2 * random() - 1))));
}

/** A `Retry-After` value (seconds, or an HTTP date) as milliseconds from `now`; null when absent or unreadable. */
export function retryAfterMs(value: string | null, now: number): number | null {
  if (!value) return null;
  const text = value.trim();
  if (/^\d{1,10}$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isFinite(at) ? Math.max(0, at - now) : null;
}
