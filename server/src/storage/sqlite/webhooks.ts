/** The SQLite `WebhookStore`: endpoints, the delivery outbox and its attempts. */
import { and, asc, desc, eq, inArray, lt, lte, ne, or, sql } from 'drizzle-orm';
import { endpointAfterAttempt, PRUNE_BATCH, storableOutcome, type AttemptOutcome, type DeliveryPage, type EndpointPatch, type WebhookStore } from '../webhooks';
import type { WebhookAttemptRow, WebhookDeliveryRow, WebhookEndpointRow } from '../types';
import type { Db } from './client';
import { webhookAttempts, webhookDeliveries, webhookEndpoints } from './schema';

/** Read, then write: take the write lock first (a commit on the writer thread's connection in between would fail the upgrade). */
const IMMEDIATE = { behavior: 'immediate' } as const;

/** Due rows: queued and due, or sending with an ended lease. */
const due = (now: number) =>
  or(
    and(eq(webhookDeliveries.state, 'queued'), lte(webhookDeliveries.nextAttemptAt, now)),
    and(eq(webhookDeliveries.state, 'sending'), lte(webhookDeliveries.leaseUntil, now)),
  );

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/** Record one attempt inside `tx` (see WebhookStore.finish). */
function finishIn(tx: Tx, given: AttemptOutcome, now: number): { recorded: boolean; disabled: boolean } {
  const outcome = storableOutcome(given);
  const { deliveryId, result, retryAt } = outcome;
  const changed = tx
    .update(webhookDeliveries)
    .set({
      attempts: sql`${webhookDeliveries.attempts} + 1`,
      leaseUntil: null,
      state: result === 'retry' ? 'queued' : result,
      ...(result === 'retry' && retryAt !== null ? { nextAttemptAt: retryAt } : {}),
      ...(result === 'delivered' ? { deliveredAt: now } : {}),
    })
    .where(and(eq(webhookDeliveries.id, deliveryId), eq(webhookDeliveries.state, 'sending'), eq(webhookDeliveries.leaseUntil, outcome.leaseUntil)))
    .returning({ endpointId: webhookDeliveries.endpointId })
    .get();
  if (!changed) return { recorded: false, disabled: false };
  tx.insert(webhookAttempts).values(outcome.attempt).run();
  const endpoint = tx.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, changed.endpointId)).get();
  if (!endpoint) return { recorded: true, disabled: false };
  const { patch, disabled } = endpointAfterAttempt(endpoint, outcome, now);
  tx.update(webhookEndpoints).set(patch).where(eq(webhookEndpoints.id, endpoint.id)).run();
  return { recorded: true, disabled };
}

export class SqliteWebhookStore implements WebhookStore {
  constructor(private db: Db) {}

  /**
   * Run one of the outbox's frequent write transactions (enqueue, claim, record attempts) without
   * blocking the event loop on the write lock. The send path's writer thread holds that lock most
   * of the time under load, and SQLite's busy handler would sleep on this thread (1, 2, 5, 10 ms…)
   * until it is free, stalling every socket. Here a busy lock is tried again after a millisecond,
   * asynchronously; after a second of that, the usual blocking wait takes over. (With the batching
   * in domain/webhooks/batch.ts: `pnpm bench`, "with a message.created webhook".)
   */
  private async whenFree<T>(fn: () => T): Promise<T> {
    const sqlite = this.db.$client;
    const giveUpAt = Date.now() + 1000;
    const once = (busyTimeout: number): T => {
      sqlite.pragma(`busy_timeout = ${busyTimeout}`);
      try {
        return fn();
      } finally {
        sqlite.pragma('busy_timeout = 5000');
      }
    };
    while (Date.now() < giveUpAt) {
      try {
        return once(0);
      } catch (err) {
        if ((err as { code?: string }).code !== 'SQLITE_BUSY') throw err;
      }
      await new Promise((r) => setTimeout(r, 1));
    }
    return once(5000);
  }

  async insertEndpoint(row: WebhookEndpointRow): Promise<void> {
    this.db.insert(webhookEndpoints).values(row).run();
  }

  async endpoints(): Promise<WebhookEndpointRow[]> {
    return this.db.select().from(webhookEndpoints).orderBy(asc(webhookEndpoints.createdAt), asc(webhookEndpoints.id)).all();
  }

  async endpoint(id: string): Promise<WebhookEndpointRow | undefined> {
    return this.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id)).get();
  }

  async updateEndpoint(id: string, patch: EndpointPatch, now: number): Promise<WebhookEndpointRow | undefined> {
    return this.db
      .update(webhookEndpoints)
      .set({ ...patch, updatedAt: now })
      .where(eq(webhookEndpoints.id, id))
      .returning()
      .get();
  }

  async deleteEndpoint(id: string): Promise<boolean> {
    return this.db.delete(webhookEndpoints).where(eq(webhookEndpoints.id, id)).run().changes > 0;
  }

  async enqueue(rows: readonly WebhookDeliveryRow[]): Promise<number> {
    if (!rows.length) return 0;
    return this.whenFree(() =>
      this.db.transaction((tx) => {
        const ids = [...new Set(rows.map((r) => r.endpointId))];
        const active = new Set(
          tx
            .select({ id: webhookEndpoints.id })
            .from(webhookEndpoints)
            .where(and(inArray(webhookEndpoints.id, ids), eq(webhookEndpoints.state, 'active')))
            .all()
            .map((r) => r.id),
        );
        const keep = rows.filter((r) => active.has(r.endpointId));
        if (keep.length) tx.insert(webhookDeliveries).values(keep).run();
        return keep.length;
      }, IMMEDIATE),
    );
  }

  async claim(now: number, leaseMs: number, limit: number): Promise<WebhookDeliveryRow[]> {
    // Most claims find nothing due (a worker looks again after every attempt): a read says so
    // without taking the write lock, which the send path's writer thread holds most of the time.
    const any = this.db
      .select({ id: webhookDeliveries.id })
      .from(webhookDeliveries)
      .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
      .where(and(due(now), eq(webhookEndpoints.state, 'active')))
      .limit(1)
      .get();
    if (!any) return [];
    return this.whenFree(() =>
      this.db.transaction((tx) => {
        const ids = tx
          .select({ id: webhookDeliveries.id })
          .from(webhookDeliveries)
          .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
          .where(and(due(now), eq(webhookEndpoints.state, 'active')))
          .orderBy(asc(webhookDeliveries.nextAttemptAt))
          .limit(limit)
          .all()
          .map((r) => r.id);
        if (!ids.length) return [];
        return tx
          .update(webhookDeliveries)
          .set({ state: 'sending', leaseUntil: now + leaseMs })
          .where(inArray(webhookDeliveries.id, ids))
          .returning()
          .all()
          .sort((a, b) => a.nextAttemptAt - b.nextAttemptAt);
      }, IMMEDIATE),
    );
  }

  async release(deliveryId: string, leaseUntil: number, now: number): Promise<boolean> {
    const r = this.db
      .update(webhookDeliveries)
      .set({ state: 'queued', leaseUntil: null, nextAttemptAt: now })
      .where(and(eq(webhookDeliveries.id, deliveryId), eq(webhookDeliveries.state, 'sending'), eq(webhookDeliveries.leaseUntil, leaseUntil)))
      .run();
    return r.changes > 0;
  }

  async finish(outcome: AttemptOutcome, now: number): Promise<{ recorded: boolean; disabled: boolean }> {
    return this.db.transaction((tx) => finishIn(tx, outcome, now), IMMEDIATE);
  }

  async finishMany(outcomes: readonly AttemptOutcome[], now: number): Promise<{ recorded: boolean; disabled: boolean }[]> {
    if (!outcomes.length) return [];
    return this.whenFree(() => this.db.transaction((tx) => outcomes.map((o) => finishIn(tx, o, now)), IMMEDIATE));
  }

  async delivery(id: string): Promise<WebhookDeliveryRow | undefined> {
    return this.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, id)).get();
  }

  async deliveries(endpointId: string, before: string | undefined, limit: number): Promise<DeliveryPage> {
    const cursor = before ? this.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, before)).get() : undefined;
    const after = cursor
      ? or(lt(webhookDeliveries.createdAt, cursor.createdAt), and(eq(webhookDeliveries.createdAt, cursor.createdAt), lt(webhookDeliveries.id, cursor.id)))
      : undefined;
    const rows = this.db
      .select()
      .from(webhookDeliveries)
      .where(and(eq(webhookDeliveries.endpointId, endpointId), after))
      .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
      .limit(limit)
      .all();
    const attempts: WebhookAttemptRow[] = rows.length
      ? this.db
          .select()
          .from(webhookAttempts)
          .where(
            inArray(
              webhookAttempts.deliveryId,
              rows.map((r) => r.id),
            ),
          )
          .orderBy(asc(webhookAttempts.at), asc(webhookAttempts.id))
          .all()
      : [];
    return {
      items: rows.map((delivery) => ({ delivery, attempts: attempts.filter((a) => a.deliveryId === delivery.id) })),
      next: rows.length === limit ? rows.at(-1)!.id : null,
    };
  }

  async resend(endpointId: string, deliveryId: string, now: number): Promise<boolean> {
    return (
      this.db
        .update(webhookDeliveries)
        .set({ state: 'queued', attempts: 0, nextAttemptAt: now, leaseUntil: null })
        .where(and(eq(webhookDeliveries.id, deliveryId), eq(webhookDeliveries.endpointId, endpointId), ne(webhookDeliveries.state, 'sending')))
        .run().changes > 0
    );
  }

  async prune(before: number): Promise<number> {
    // Attempts go with their delivery (ON DELETE CASCADE).
    const old = this.db
      .select({ id: webhookDeliveries.id })
      .from(webhookDeliveries)
      .where(and(lt(webhookDeliveries.createdAt, before), inArray(webhookDeliveries.state, ['delivered', 'failed'])))
      .limit(PRUNE_BATCH);
    return this.whenFree(() => this.db.delete(webhookDeliveries).where(inArray(webhookDeliveries.id, old)).run().changes);
  }
}
