/**
 * Webhooks: the endpoints and the durable outbox of deliveries (every delivery is a row before it
 * is sent; workers claim due rows with a lease, in one transaction, so with several instances each
 * delivery goes to one of them), with each attempt kept for the delivery log.
 */
import type { WebhookAttemptRow, WebhookDeliveryRow, WebhookEndpointRow } from './types';

/** What an admin may change on an endpoint (the store sets `updatedAt`). */
export type EndpointPatch = Partial<
  Pick<WebhookEndpointRow, 'url' | 'events' | 'state' | 'disabledReason' | 'failingSince' | 'secret' | 'previousSecret' | 'previousSecretUntil'>
>;

/** The end of one claimed attempt, recorded in one transaction. */
export interface AttemptOutcome {
  deliveryId: string;
  /** The lease the claim set: a row claimed again since (a lease that ran out) is not this worker's to finish. */
  leaseUntil: number;
  attempt: WebhookAttemptRow;
  /** delivered (2xx), retry at `retryAt`, or failed for good. */
  result: 'delivered' | 'retry' | 'failed';
  retryAt: number | null;
  /** Disable the endpoint now with this reason (a 410). */
  disable: string | null;
  /**
   * Disable the endpoint with `reason` when it has failed since `before` or earlier (counting this
   * failure): an endpoint failing for days.
   */
  disableIfFailingSince: { before: number; reason: string } | null;
}

export interface DeliveryPage {
  items: { delivery: WebhookDeliveryRow; attempts: WebhookAttemptRow[] }[];
  /** The last delivery's id when more may follow. */
  next: string | null;
}

/**
 * An attempt as stored (its row, and the endpoint's last error): a receiver's answer is whatever bytes it sent, and PostgreSQL's text
 * refuses NUL, which would leave the attempt unrecorded (and the delivery sent again forever).
 */
export function storableOutcome(o: AttemptOutcome): AttemptOutcome {
  const clean = (t: string | null) => (t === null ? null : t.replaceAll('\u0000', '\uFFFD'));
  return { ...o, attempt: { ...o.attempt, response: clean(o.attempt.response), error: clean(o.attempt.error) } };
}

/** Old deliveries deleted per prune (the worker prunes again an hour later): a bounded transaction. */
export const PRUNE_BATCH = 5_000;

export interface WebhookStore {
  insertEndpoint(row: WebhookEndpointRow): Promise<void>;
  /** Every endpoint, oldest first (a team has a few dozen at most). */
  endpoints(): Promise<WebhookEndpointRow[]>;
  endpoint(id: string): Promise<WebhookEndpointRow | undefined>;
  /** Change an endpoint; undefined when it does not exist. */
  updateEndpoint(id: string, patch: EndpointPatch, now: number): Promise<WebhookEndpointRow | undefined>;
  /** Delete an endpoint with its deliveries and attempts; false when it did not exist. */
  deleteEndpoint(id: string): Promise<boolean>;
  /**
   * Store deliveries in one transaction; a row whose endpoint is gone or disabled by then is
   * skipped (a race with a delete). Returns how many were stored.
   */
  enqueue(rows: readonly WebhookDeliveryRow[]): Promise<number>;
  /**
   * Claim up to `limit` due rows of active endpoints in ONE transaction: queued ones whose
   * `nextAttemptAt` has come and sending ones whose lease ended (a crash), earliest first; they
   * become `sending` with a lease until `now + leaseMs` (on PostgreSQL: `FOR UPDATE SKIP LOCKED`).
   */
  claim(now: number, leaseMs: number, limit: number): Promise<WebhookDeliveryRow[]>;
  /**
   * Record an attempt of a claimed row (one transaction): the attempt, the delivery's new state,
   * the endpoint's last status and failing time, a disabling. Nothing is written when the row is no
   * longer this claim's ('lost'); `disabled` says this attempt disabled the endpoint (it was active).
   */
  finish(outcome: AttemptOutcome, now: number): Promise<{ recorded: boolean; disabled: boolean }>;
  /** `finish` for several attempts, in order, as if one after the other (on SQLite in one transaction). */
  finishMany(outcomes: readonly AttemptOutcome[], now: number): Promise<{ recorded: boolean; disabled: boolean }[]>;
  /**
   * Give back a claimed row whose attempt was cut off (this instance stopping): queued again, due at
   * `now`, no attempt counted, unless its lease is no longer `leaseUntil` (another claim has it).
   * Without this the row would wait out its lease before anyone sent it.
   */
  release(deliveryId: string, leaseUntil: number, now: number): Promise<boolean>;
  delivery(id: string): Promise<WebhookDeliveryRow | undefined>;
  /** One page of an endpoint's deliveries, newest first, each with its attempts (oldest first). */
  deliveries(endpointId: string, before: string | undefined, limit: number): Promise<DeliveryPage>;
  /**
   * Queue a delivery of this endpoint again, due at `now`, its attempts counted from zero (the same
   * id, so the same `webhook-id`); false when there is none or it is being sent right now.
   */
  resend(endpointId: string, deliveryId: string, now: number): Promise<boolean>;
  /** Delete up to PRUNE_BATCH delivered or failed deliveries (with their attempts) created before `before`; how many. Queued ones wait for their endpoint, however old. */
  prune(before: number): Promise<number>;
}

/** What `finish` writes on the endpoint, decided the same way by every adapter from the row it locked. */
export function endpointAfterAttempt(row: WebhookEndpointRow, outcome: AttemptOutcome, now: number): { patch: Partial<WebhookEndpointRow>; disabled: boolean } {
  const { attempt } = outcome;
  const ok = outcome.result === 'delivered';
  const failingSince = ok ? null : (row.failingSince ?? attempt.at);
  const patch: Partial<WebhookEndpointRow> = {
    lastAttemptAt: attempt.at,
    lastStatus: attempt.status,
    lastError: attempt.error,
    failingSince,
    updatedAt: now,
  };
  let reason: string | null = null;
  if (outcome.disable) reason = outcome.disable;
  else if (!ok && outcome.disableIfFailingSince && failingSince !== null && failingSince <= outcome.disableIfFailingSince.before) {
    reason = outcome.disableIfFailingSince.reason;
  }
  const disabled = reason !== null && row.state === 'active';
  if (disabled) Object.assign(patch, { state: 'disabled', disabledReason: reason });
  return { patch, disabled };
}
