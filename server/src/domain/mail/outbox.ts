/**
 * The outbox worker: every few seconds, and right after an enqueue, it claims the due rows (a lease
 * in one transaction: with several instances each row goes to one of them) and sends them. A
 * failure is retried with exponential backoff and jitter, and after the last attempt the row is
 * `failed` with the reason; a 5xx answer (other than authentication) fails it at once. A row left
 * `sending` by a crash is claimed again when its lease ends. Nothing here throws into the event loop.
 */
import type { MailStore } from '../../storage/mail';
import type { MailOutboxRow } from '../../storage/types';
import { isPermanent, type Mailer } from './mailer';

/** Waits after the 1st, 2nd… failed attempt: 8 attempts in about a day, then the row fails. */
export const RETRY_DELAYS_MS: readonly number[] = [30_000, 120_000, 600_000, 3_600_000, 3 * 3_600_000, 6 * 3_600_000, 12 * 3_600_000];

export interface OutboxOptions {
  now?: () => number;
  /** How often due rows are looked for (besides right after an enqueue). */
  pollMs?: number;
  /** How long a claimed row is this worker's (longer than a send may take: the transport's timeouts). */
  leaseMs?: number;
  /** Rows claimed at once. */
  batch?: number;
  /** The wait after each failed attempt; one more failure than there are delays and the row fails. */
  retryDelaysMs?: readonly number[];
  /** ± this fraction of each delay, at random: workers that failed together do not retry together. */
  jitter?: number;
  log?: (message: string) => void;
}

/** The wait before attempt `attempts + 1`, or null when `attempts` failures are the last. */
export function retryDelay(attempts: number, delays: readonly number[], jitter: number, random = Math.random): number | null {
  const base = delays[attempts - 1];
  if (base === undefined) return null;
  return Math.round(base * (1 + jitter * (2 * random() - 1)));
}

function reason(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.slice(0, 500);
}

export class OutboxWorker {
  private readonly now: () => number;
  private readonly pollMs: number;
  private readonly leaseMs: number;
  private readonly batch: number;
  private readonly delays: readonly number[];
  private readonly jitter: number;
  private readonly log: (message: string) => void;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = true;

  constructor(
    private store: MailStore,
    private mailer: Mailer,
    opts: OutboxOptions = {},
  ) {
    this.now = opts.now ?? Date.now;
    this.pollMs = opts.pollMs ?? 5_000;
    this.leaseMs = opts.leaseMs ?? 5 * 60_000;
    this.batch = opts.batch ?? 10;
    this.delays = opts.retryDelaysMs ?? RETRY_DELAYS_MS;
    this.jitter = opts.jitter ?? 0.2;
    this.log = opts.log ?? ((m) => console.warn(m));
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.timer = setInterval(() => this.kick(), this.pollMs);
    this.timer.unref();
    this.kick();
  }

  /** Look for due rows now (an e-mail was just enqueued); a run in progress runs once more. */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain().finally(() => {
      this.running = null;
      if (this.again && !this.stopped) {
        this.again = false;
        this.kick();
      }
    });
  }

  /** Stop claiming, let the sends in progress finish, close the transport. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
    this.mailer.close();
  }

  /** Claim and send until nothing is due (or the worker stops). */
  private async drain(): Promise<void> {
    try {
      for (;;) {
        if (this.stopped) return;
        const rows = await this.store.claim(this.now(), this.leaseMs, this.batch);
        for (const row of rows) await this.deliver(row);
        if (rows.length < this.batch) return;
      }
    } catch (err) {
      this.log(`mail: the outbox could not be read: ${reason(err)}`);
    }
  }

  private async deliver(row: MailOutboxRow): Promise<void> {
    try {
      await this.mailer.send(row);
    } catch (err) {
      const attempts = row.attempts + 1;
      const delay = isPermanent(err) ? null : retryDelay(attempts, this.delays, this.jitter);
      const why = reason(err);
      this.log(`mail: e-mail ${row.id} not sent (attempt ${attempts}${delay === null ? ', giving up' : ''}): ${why}`);
      await this.store.markFailed(row.id, why, delay === null ? null : this.now() + delay);
      return;
    }
    await this.store.markSent(row.id, this.now());
  }
}
