/**
 * The webhook outbox worker: every few seconds, and right after an enqueue, it claims due
 * deliveries (a lease in one transaction: with several instances each goes to one of them), signs
 * and POSTs each, and records the attempt. 2xx delivers; 410 disables the endpoint; anything else
 * (an error answer, a redirect, a timeout, an address now refused) is retried on the schedule,
 * not before a 429/503's Retry-After; after the last attempt the delivery fails. An endpoint
 * failing for three days is disabled. Nothing here throws into the event loop.
 */
import type { AttemptOutcome, WebhookStore } from '../../storage/webhooks';
import { Batcher } from './batch';
import type { WebhookDeliveryRow, WebhookEndpointRow } from '../../storage/types';
import { newId } from '../ids';
import { postWebhook, type SendResult } from './send';
import { DISABLE_AFTER_MS, RETRY_SCHEDULE_MS, retryAfterMs, retryDelay } from './schedule';
import { webhookHeaders } from './sign';
import { resolveTarget, type Lookup } from './target';

export interface WorkerOptions {
  now?: () => number;
  /** How often due rows are looked for (besides right after an enqueue). */
  pollMs?: number;
  /** How long a claimed row is this worker's: longer than a request may take. */
  leaseMs?: number;
  /** Requests in flight at once (a hanging receiver holds one slot, not the others). */
  concurrency?: number;
  /** A request's deadline, answer included (default 15 s). */
  timeoutMs?: number;
  retryScheduleMs?: readonly number[];
  jitter?: number;
  /** The longest Retry-After honoured (default: the schedule's longest wait). */
  maxRetryAfterMs?: number;
  disableAfterMs?: number;
  allowPrivate?: boolean;
  lookup?: Lookup;
  /** Deliveries older than this are pruned (default 30 days), checked every `pruneEveryMs`. */
  keepMs?: number;
  pruneEveryMs?: number;
  log?: (message: string) => void;
}

/** Bytes of an answer read, and kept in the delivery log. */
const READ_BYTES = 4096;
const KEEP_BYTES = 1024;
export const USER_AGENT = 'Atendo-Webhooks/1.0 (+https://www.standardwebhooks.com)';

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return '(an invalid URL)';
  }
}

export class WebhookWorker {
  private readonly o: Required<Omit<WorkerOptions, 'lookup' | 'maxRetryAfterMs'>> & { lookup?: Lookup; maxRetryAfterMs: number };
  private timer: NodeJS.Timeout | null = null;
  private claiming = false;
  /** The claim running now, if any: a stop waits for it (rows it takes after the stop are given back). */
  private claimRun: Promise<void> = Promise.resolve();
  private again = false;
  private stopped = true;
  private lastPrune = 0;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly abort = new AbortController();
  /** Attempts are recorded a few milliseconds' worth at a time (batch.ts). */
  private readonly finisher: Batcher<AttemptOutcome, { recorded: boolean; disabled: boolean }>;

  constructor(
    private store: WebhookStore,
    /** An attempt disabled an endpoint (410, or failing for days): tell the admins, reload the caches. */
    private onDisabled: (endpoint: WebhookEndpointRow, reason: string) => void,
    opts: WorkerOptions = {},
  ) {
    this.finisher = new Batcher((outcomes) => this.store.finishMany(outcomes, this.o.now()), 25, 256);
    const schedule = opts.retryScheduleMs ?? RETRY_SCHEDULE_MS;
    this.o = {
      now: opts.now ?? Date.now,
      pollMs: opts.pollMs ?? 5_000,
      leaseMs: opts.leaseMs ?? 60_000,
      concurrency: opts.concurrency ?? 16,
      timeoutMs: opts.timeoutMs ?? 15_000,
      retryScheduleMs: schedule,
      jitter: opts.jitter ?? 0.1,
      maxRetryAfterMs: opts.maxRetryAfterMs ?? Math.max(...schedule),
      disableAfterMs: opts.disableAfterMs ?? DISABLE_AFTER_MS,
      allowPrivate: opts.allowPrivate ?? false,
      lookup: opts.lookup,
      keepMs: opts.keepMs ?? 30 * 24 * 3_600_000,
      pruneEveryMs: opts.pruneEveryMs ?? 3_600_000,
      log: opts.log ?? ((m) => console.warn(m)),
    };
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.timer = setInterval(() => this.kick(), this.o.pollMs);
    this.timer.unref();
    this.kick();
  }

  /** Look for due rows now; a claim in progress claims once more. */
  kick(): void {
    if (this.stopped) return;
    if (this.claiming) {
      this.again = true;
      return;
    }
    this.claiming = true;
    this.claimRun = this.claim().finally(() => {
      this.claiming = false;
      if (this.again) {
        this.again = false;
        this.kick();
      }
    });
  }

  /**
   * Stop claiming; requests in flight get `graceMs` to finish, then are cut. A cut one is not
   * counted as an attempt: it is given back to the outbox, due now, and sent again (same webhook-id)
   * by whichever instance runs next.
   */
  async stop(graceMs = 2_000): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.claimRun;
    const all = Promise.all(this.inFlight);
    let t: NodeJS.Timeout | undefined;
    await Promise.race([all, new Promise<void>((ok) => (t = setTimeout(ok, graceMs)))]);
    clearTimeout(t);
    this.abort.abort();
    await all;
  }

  private async claim(): Promise<void> {
    try {
      await this.prune();
      while (!this.stopped) {
        const room = this.o.concurrency - this.inFlight.size;
        if (room <= 0) return;
        const rows = await this.store.claim(this.o.now(), this.o.leaseMs, room);
        if (this.stopped) {
          // Claimed while stopping: given back at once rather than left to wait out their lease.
          for (const row of rows) await this.store.release(row.id, row.leaseUntil!, this.o.now());
          return;
        }
        for (const row of rows) {
          const p: Promise<void> = this.deliver(row).finally(() => {
            this.inFlight.delete(p);
            this.kick();
          });
          this.inFlight.add(p);
        }
        if (rows.length < room) return;
      }
    } catch (err) {
      this.o.log(`webhooks: the outbox could not be read: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  private async prune(): Promise<void> {
    const now = this.o.now();
    if (now - this.lastPrune < this.o.pruneEveryMs) return;
    this.lastPrune = now;
    await this.store.prune(now - this.o.keepMs);
  }

  /** One attempt of a claimed row, recorded (unless the worker was stopped under it). */
  private async deliver(row: WebhookDeliveryRow): Promise<void> {
    try {
      const endpoint = await this.store.endpoint(row.endpointId);
      if (!endpoint) return;
      const started = this.o.now();
      let result: SendResult | null = null;
      let error: string | null = null;
      try {
        const target = await resolveTarget(endpoint.url, { allowPrivate: this.o.allowPrivate, lookup: this.o.lookup });
        const secrets = [endpoint.secret];
        if (endpoint.previousSecret && (endpoint.previousSecretUntil ?? 0) > started) secrets.push(endpoint.previousSecret);
        const headers = {
          ...webhookHeaders(secrets, row.id, Math.floor(started / 1000), row.body),
          'content-type': 'application/json',
          'user-agent': USER_AGENT,
        };
        result = await postWebhook(target, headers, row.body, { timeoutMs: this.o.timeoutMs, maxBodyBytes: READ_BYTES, signal: this.abort.signal });
      } catch (err) {
        error = err instanceof Error ? err.message : String(err);
      }
      // Cut off by a stop: given back (not counted) so the next instance to run sends it at once.
      if (this.stopped && this.abort.signal.aborted && !result) {
        await this.store.release(row.id, row.leaseUntil!, this.o.now());
        return;
      }
      await this.record(row, endpoint, started, result, error);
    } catch (err) {
      this.o.log(`webhooks: delivery ${row.id} could not be recorded: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  private async record(
    row: WebhookDeliveryRow,
    endpoint: WebhookEndpointRow,
    started: number,
    res: SendResult | null,
    sendError: string | null,
  ): Promise<void> {
    const now = this.o.now();
    const status = res?.status ?? null;
    const ok = status !== null && status >= 200 && status < 300;
    let error = sendError;
    if (status !== null && status >= 300 && status < 400) error = `redirect to ${res?.location ?? '(no Location)'} not followed`;
    else if (status !== null && !ok) error = `HTTP ${status}`;
    const attempts = row.attempts + 1;
    let result: 'delivered' | 'retry' | 'failed' = ok ? 'delivered' : 'retry';
    let retryAt: number | null = null;
    let disable: string | null = null;
    if (status === 410) {
      result = 'failed';
      disable = 'The receiver answered 410 Gone';
    } else if (!ok) {
      const delay = retryDelay(attempts, this.o.retryScheduleMs, this.o.jitter);
      const asked = status === 429 || status === 503 ? retryAfterMs(res?.retryAfter ?? null, now) : null;
      if (delay === null) result = 'failed';
      else retryAt = now + Math.max(delay, Math.min(asked ?? 0, this.o.maxRetryAfterMs));
    }
    const days = Math.round(this.o.disableAfterMs / 86_400_000);
    const failing = `Every delivery failed for ${days > 0 ? `${days} days` : 'too long'}`;
    const done = await this.finisher.add({
      deliveryId: row.id,
      leaseUntil: row.leaseUntil!,
      attempt: {
        id: newId(),
        deliveryId: row.id,
        at: started,
        status,
        latencyMs: Math.max(0, now - started),
        error: error?.slice(0, 500) ?? null,
        response: res ? res.body.slice(0, KEEP_BYTES) : null,
      },
      result,
      retryAt,
      disable,
      disableIfFailingSince: { before: now - this.o.disableAfterMs, reason: failing },
    });
    if (!done.recorded) return;
    // The origin only: a receiver's path often holds a token of its own (chat services' hook URLs).
    if (!ok)
      this.o.log(`webhooks: delivery ${row.id} to ${originOf(endpoint.url)} failed (attempt ${attempts}${result === 'failed' ? ', giving up' : ''}): ${error}`);
    if (done.disabled) this.onDisabled(endpoint, disable ?? failing);
  }
}
