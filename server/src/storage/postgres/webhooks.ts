/** The PostgreSQL `WebhookStore`: endpoints, the delivery outbox and its attempts. */
import { and, asc, desc, eq, inArray, lt, lte, ne, or, sql } from 'drizzle-orm';
import { endpointAfterAttempt, PRUNE_BATCH, storableOutcome, type AttemptOutcome, type DeliveryPage, type EndpointPatch, type WebhookStore } from '../webhooks';
import type { WebhookAttemptRow, WebhookDeliveryRow, WebhookEndpointRow } from '../types';
import type { PgDb } from './client';
import { webhookAttempts, webhookDeliveries, webhookEndpoints } from './schema';

/** Due rows: queued and due, or sending with an ended lease. */
const due = (now: number) =>
  or(
    and(eq(webhookDeliveries.state, 'queued'), lte(webhookDeliveries.nextAttemptAt, now)),
    and(eq(webhookDeliveries.state, 'sending'), lte(webhookDeliveries.leaseUntil, now)),
  );

export class PgWebhookStore implements WebhookStore {
  constructor(private db: PgDb) {}

  async insertEndpoint(row: WebhookEndpointRow): Promise<void> {
    await this.db.insert(webhookEndpoints).values(row);
  }

  async endpoints(): Promise<WebhookEndpointRow[]> {
    return this.db.select().from(webhookEndpoints).orderBy(asc(webhookEndpoints.createdAt), asc(webhookEndpoints.id));
  }

  async endpoint(id: string): Promise<WebhookEndpointRow | undefined> {
    const [row] = await this.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id));
    return row;
  }

  async updateEndpoint(id: string, patch: EndpointPatch, now: number): Promise<WebhookEndpointRow | undefined> {
    const [row] = await this.db
      .update(webhookEndpoints)
      .set({ ...patch, updatedAt: now })
      .where(eq(webhookEndpoints.id, id))
      .returning();
    return row;
  }

  async deleteEndpoint(id: string): Promise<boolean> {
    const gone = await this.db.delete(webhookEndpoints).where(eq(webhookEndpoints.id, id)).returning({ id: webhookEndpoints.id });
    return gone.length > 0;
  }

  /** The endpoints are locked `FOR SHARE` first: a delete racing this insert waits for it (or wins before it, and its rows are skipped). */
  async enqueue(rows: readonly WebhookDeliveryRow[]): Promise<number> {
    if (!rows.length) return 0;
    return this.db.transaction(async (tx) => {
      const ids = [...new Set(rows.map((r) => r.endpointId))];
      const active = new Set(
        (
          await tx
            .select({ id: webhookEndpoints.id })
            .from(webhookEndpoints)
            .where(and(inArray(webhookEndpoints.id, ids), eq(webhookEndpoints.state, 'active')))
            .for('share')
        ).map((r) => r.id),
      );
      const keep = rows.filter((r) => active.has(r.endpointId));
      if (keep.length) await tx.insert(webhookDeliveries).values(keep);
      return keep.length;
    });
  }

  /**
   * Select the due rows `FOR UPDATE SKIP LOCKED` (only the deliveries' rows: `OF webhook_deliveries`),
   * then lease them, in one transaction: rows another instance is claiming right now are skipped,
   * and a row whose claim committed meanwhile is re-checked after its lock and no longer due.
   */
  async claim(now: number, leaseMs: number, limit: number): Promise<WebhookDeliveryRow[]> {
    return this.db.transaction(async (tx) => {
      const ids = (
        await tx
          .select({ id: webhookDeliveries.id })
          .from(webhookDeliveries)
          .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
          .where(and(due(now), eq(webhookEndpoints.state, 'active')))
          .orderBy(asc(webhookDeliveries.nextAttemptAt))
          .limit(limit)
          .for('update', { of: webhookDeliveries, skipLocked: true })
      ).map((r) => r.id);
      if (!ids.length) return [];
      const rows = await tx
        .update(webhookDeliveries)
        .set({ state: 'sending', leaseUntil: now + leaseMs })
        .where(inArray(webhookDeliveries.id, ids))
        .returning();
      return rows.sort((a, b) => a.nextAttemptAt - b.nextAttemptAt);
    });
  }

  /** One transaction each (an attempt's endpoint row is locked while it is decided), in order. */
  async finishMany(outcomes: readonly AttemptOutcome[], now: number): Promise<{ recorded: boolean; disabled: boolean }[]> {
    const results: { recorded: boolean; disabled: boolean }[] = [];
    for (const o of outcomes) {
      // One attempt that cannot be stored does not take the others down with it: it is sent again after its lease.
      results.push(await this.finish(o, now).catch(() => ({ recorded: false, disabled: false })));
    }
    return results;
  }

  async release(deliveryId: string, leaseUntil: number, now: number): Promise<boolean> {
    const rows = await this.db
      .update(webhookDeliveries)
      .set({ state: 'queued', leaseUntil: null, nextAttemptAt: now })
      .where(and(eq(webhookDeliveries.id, deliveryId), eq(webhookDeliveries.state, 'sending'), eq(webhookDeliveries.leaseUntil, leaseUntil)))
      .returning({ id: webhookDeliveries.id });
    return rows.length > 0;
  }

  /** The endpoint's row is locked before it is read: two instances finishing attempts of one endpoint decide its state one after the other. */
  async finish(given: AttemptOutcome, now: number): Promise<{ recorded: boolean; disabled: boolean }> {
    const outcome = storableOutcome(given);
    return this.db.transaction(async (tx) => {
      const { deliveryId, result, retryAt } = outcome;
      // The endpoint's row first, then the delivery's: the order a deletion of the endpoint takes
      // them in (its cascade reaches the deliveries), so the two never deadlock.
      await tx
        .select({ id: webhookEndpoints.id })
        .from(webhookEndpoints)
        .where(sql`${webhookEndpoints.id} = (select ${webhookDeliveries.endpointId} from ${webhookDeliveries} where ${webhookDeliveries.id} = ${deliveryId})`)
        .for('update');
      const [changed] = await tx
        .update(webhookDeliveries)
        .set({
          attempts: sql`${webhookDeliveries.attempts} + 1`,
          leaseUntil: null,
          state: result === 'retry' ? 'queued' : result,
          ...(result === 'retry' && retryAt !== null ? { nextAttemptAt: retryAt } : {}),
          ...(result === 'delivered' ? { deliveredAt: now } : {}),
        })
        .where(and(eq(webhookDeliveries.id, deliveryId), eq(webhookDeliveries.state, 'sending'), eq(webhookDeliveries.leaseUntil, outcome.leaseUntil)))
        .returning({ endpointId: webhookDeliveries.endpointId });
      if (!changed) return { recorded: false, disabled: false };
      await tx.insert(webhookAttempts).values(outcome.attempt);
      const [endpoint] = await tx.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, changed.endpointId)).for('update');
      if (!endpoint) return { recorded: true, disabled: false };
      const { patch, disabled } = endpointAfterAttempt(endpoint, outcome, now);
      await tx.update(webhookEndpoints).set(patch).where(eq(webhookEndpoints.id, endpoint.id));
      return { recorded: true, disabled };
    });
  }

  async delivery(id: string): Promise<WebhookDeliveryRow | undefined> {
    const [row] = await this.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, id));
    return row;
  }

  async deliveries(endpointId: string, before: string | undefined, limit: number): Promise<DeliveryPage> {
    const cursor = before ? await this.delivery(before) : undefined;
    const after = cursor
      ? or(lt(webhookDeliveries.createdAt, cursor.createdAt), and(eq(webhookDeliveries.createdAt, cursor.createdAt), lt(webhookDeliveries.id, cursor.id)))
      : undefined;
    const rows = await this.db
      .select()
      .from(webhookDeliveries)
      .where(and(eq(webhookDeliveries.endpointId, endpointId), after))
      .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
      .limit(limit);
    const attempts: WebhookAttemptRow[] = rows.length
      ? await this.db
          .select()
          .from(webhookAttempts)
          .where(
            inArray(
              webhookAttempts.deliveryId,
              rows.map((r) => r.id),
            ),
          )
          .orderBy(asc(webhookAttempts.at), asc(webhookAttempts.id))
      : [];
    return {
      items: rows.map((delivery) => ({ delivery, attempts: attempts.filter((a) => a.deliveryId === delivery.id) })),
      next: rows.length === limit ? rows.at(-1)!.id : null,
    };
  }

  async resend(endpointId: string, deliveryId: string, now: number): Promise<boolean> {
    const rows = await this.db
      .update(webhookDeliveries)
      .set({ state: 'queued', attempts: 0, nextAttemptAt: now, leaseUntil: null })
      .where(and(eq(webhookDeliveries.id, deliveryId), eq(webhookDeliveries.endpointId, endpointId), ne(webhookDeliveries.state, 'sending')))
      .returning({ id: webhookDeliveries.id });
    return rows.length > 0;
  }

  async prune(before: number): Promise<number> {
    const old = this.db
      .select({ id: webhookDeliveries.id })
      .from(webhookDeliveries)
      .where(and(lt(webhookDeliveries.createdAt, before), inArray(webhookDeliveries.state, ['delivered', 'failed'])))
      .limit(PRUNE_BATCH);
    const gone = await this.db.delete(webhookDeliveries).where(inArray(webhookDeliveries.id, old)).returning({ id: webhookDeliveries.id });
    return gone.length;
  }
}
