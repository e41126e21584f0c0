/** Contract: webhooks: endpoints, the delivery outbox (claimed with a lease, finished once), the log, pruning. */
import { afterEach, describe, expect, it } from 'vitest';
import type { Storage, WebhookAttemptRow, WebhookDeliveryRow, WebhookEndpointRow } from '../index';
import type { AttemptOutcome } from '../webhooks';
import { newId } from '../../domain/ids';
import { aSite } from './fixtures';
import type { OpenStorage } from './suite';

export function anEndpoint(patch: Partial<WebhookEndpointRow> = {}): WebhookEndpointRow {
  return {
    id: newId(),
    url: 'https://example.com/hook',
    events: '["message.created"]',
    siteId: null,
    secret: 'whsec_c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0',
    previousSecret: null,
    previousSecretUntil: null,
    state: 'active',
    disabledReason: null,
    failingSince: null,
    lastAttemptAt: null,
    lastStatus: null,
    lastError: null,
    createdAt: 1_000,
    updatedAt: 1_000,
    ...patch,
  };
}

export function aDelivery(endpointId: string, patch: Partial<WebhookDeliveryRow> = {}): WebhookDeliveryRow {
  return {
    id: `msg_${newId()}`,
    endpointId,
    eventType: 'message.created',
    body: '{"type":"message.created"}',
    state: 'queued',
    attempts: 0,
    nextAttemptAt: 1_000,
    leaseUntil: null,
    createdAt: 1_000,
    deliveredAt: null,
    ...patch,
  };
}

function attempt(deliveryId: string, at: number, status: number | null): WebhookAttemptRow {
  return { id: newId(), deliveryId, at, status, latencyMs: 12, error: status === null ? 'timed out' : null, response: status ? 'ok' : null };
}

function outcome(row: WebhookDeliveryRow, at: number, status: number | null, patch: Partial<AttemptOutcome> = {}): AttemptOutcome {
  const ok = status !== null && status < 300;
  return {
    deliveryId: row.id,
    leaseUntil: row.leaseUntil!,
    attempt: attempt(row.id, at, status),
    result: ok ? 'delivered' : 'retry',
    retryAt: ok ? null : at + 5_000,
    disable: null,
    disableIfFailingSince: null,
    ...patch,
  };
}

export function webhooksContract(open: OpenStorage): void {
  let opened: Awaited<ReturnType<OpenStorage>> | undefined;
  afterEach(async () => {
    await opened?.close();
    opened = undefined;
  });
  async function fresh(): Promise<Storage> {
    opened = await open();
    return opened.storage;
  }

  describe('webhooks: endpoints', () => {
    it('stores, lists, updates and deletes endpoints; deleting one deletes its deliveries', async () => {
      const storage = await fresh();
      const a = anEndpoint({ createdAt: 1 });
      const b = anEndpoint({ createdAt: 2, url: 'https://example.org/b' });
      await storage.webhooks.insertEndpoint(b);
      await storage.webhooks.insertEndpoint(a);
      expect(await storage.webhooks.endpoints()).toEqual([a, b]);
      const changed = await storage.webhooks.updateEndpoint(a.id, { url: 'https://example.com/new', state: 'disabled', disabledReason: 'off' }, 5_000);
      expect(changed).toEqual({ ...a, url: 'https://example.com/new', state: 'disabled', disabledReason: 'off', updatedAt: 5_000 });
      expect(await storage.webhooks.updateEndpoint('nope', { url: 'x' }, 1)).toBeUndefined();
      const d = aDelivery(b.id);
      expect(await storage.webhooks.enqueue([d])).toBe(1);
      expect(await storage.webhooks.deleteEndpoint(b.id)).toBe(true);
      expect(await storage.webhooks.deleteEndpoint(b.id)).toBe(false);
      expect(await storage.webhooks.delivery(d.id)).toBeUndefined();
      expect(await storage.webhooks.endpoints()).toEqual([changed]);
    });

    it('deleting a site deletes the endpoints limited to it', async () => {
      const storage = await fresh();
      const keep = await aSite(storage);
      const site = await aSite(storage);
      const own = anEndpoint({ siteId: site.id });
      await storage.webhooks.insertEndpoint(own);
      await storage.webhooks.insertEndpoint(anEndpoint({ siteId: keep.id }));
      await storage.sites.delete(site.id, site.name);
      expect((await storage.webhooks.endpoints()).map((e) => e.siteId)).toEqual([keep.id]);
    });
  });

  describe('webhooks: outbox', () => {
    it('enqueues only for endpoints that exist and are active', async () => {
      const storage = await fresh();
      const on = anEndpoint();
      const off = anEndpoint({ state: 'disabled' });
      await storage.webhooks.insertEndpoint(on);
      await storage.webhooks.insertEndpoint(off);
      const rows = [aDelivery(on.id), aDelivery(off.id), aDelivery('gone')];
      expect(await storage.webhooks.enqueue(rows)).toBe(1);
      expect(await storage.webhooks.delivery(rows[0]!.id)).toEqual(rows[0]);
      expect(await storage.webhooks.delivery(rows[1]!.id)).toBeUndefined();
    });

    it('claims due rows once, with a lease, earliest first; a row whose lease ended is claimed again', async () => {
      const storage = await fresh();
      const ep = anEndpoint();
      await storage.webhooks.insertEndpoint(ep);
      const late = aDelivery(ep.id, { nextAttemptAt: 2_000 });
      const early = aDelivery(ep.id, { nextAttemptAt: 1_500 });
      const future = aDelivery(ep.id, { nextAttemptAt: 9_000 });
      await storage.webhooks.enqueue([late, early, future]);
      const claimed = await storage.webhooks.claim(3_000, 60_000, 10);
      expect(claimed.map((r) => r.id)).toEqual([early.id, late.id]);
      expect(claimed.every((r) => r.state === 'sending' && r.leaseUntil === 63_000)).toBe(true);
      expect(await storage.webhooks.claim(3_000, 60_000, 10)).toEqual([]);
      // The claimer died: when its lease ends, another claims the row.
      const again = await storage.webhooks.claim(63_000, 60_000, 1);
      expect(again.map((r) => r.id)).toEqual([early.id]);
    });

    it('a claimed row given back is due at once, with no attempt counted; a stale lease gives nothing back', async () => {
      const storage = await fresh();
      const ep = anEndpoint();
      await storage.webhooks.insertEndpoint(ep);
      const row = aDelivery(ep.id, { nextAttemptAt: 1_000 });
      await storage.webhooks.enqueue([row]);
      const [claimed] = await storage.webhooks.claim(2_000, 60_000, 1);
      expect(await storage.webhooks.release(row.id, 1, 2_500)).toBe(false);
      expect(await storage.webhooks.release(row.id, claimed!.leaseUntil!, 2_500)).toBe(true);
      expect(await storage.webhooks.delivery(row.id)).toMatchObject({ state: 'queued', leaseUntil: null, nextAttemptAt: 2_500, attempts: 0 });
      // Claimed again right away, long before the old lease would have ended.
      expect((await storage.webhooks.claim(2_600, 60_000, 1)).map((r) => r.id)).toEqual([row.id]);
      expect(await storage.webhooks.release(row.id, claimed!.leaseUntil!, 2_700)).toBe(false);
    });

    it('does not claim deliveries of a disabled endpoint (they wait for it to be enabled again)', async () => {
      const storage = await fresh();
      const ep = anEndpoint();
      await storage.webhooks.insertEndpoint(ep);
      await storage.webhooks.enqueue([aDelivery(ep.id)]);
      await storage.webhooks.updateEndpoint(ep.id, { state: 'disabled' }, 2_000);
      expect(await storage.webhooks.claim(5_000, 1_000, 10)).toEqual([]);
      await storage.webhooks.updateEndpoint(ep.id, { state: 'active' }, 3_000);
      expect(await storage.webhooks.claim(5_000, 1_000, 10)).toHaveLength(1);
    });

    it('records an attempt once per claim: a failure queues it again, a success delivers it; a lost lease records nothing', async () => {
      const storage = await fresh();
      const ep = anEndpoint();
      await storage.webhooks.insertEndpoint(ep);
      const d = aDelivery(ep.id);
      await storage.webhooks.enqueue([d]);
      const [first] = await storage.webhooks.claim(1_000, 60_000, 1);
      expect(await storage.webhooks.finish(outcome(first!, 1_100, 500), 1_100)).toEqual({ recorded: true, disabled: false });
      // The same claim cannot be finished twice.
      expect(await storage.webhooks.finish(outcome(first!, 1_100, 200), 1_100)).toEqual({ recorded: false, disabled: false });
      expect(await storage.webhooks.delivery(d.id)).toMatchObject({ state: 'queued', attempts: 1, nextAttemptAt: 6_100, leaseUntil: null });
      expect(await storage.webhooks.endpoint(ep.id)).toMatchObject({ failingSince: 1_100, lastStatus: 500, lastAttemptAt: 1_100 });
      const [second] = await storage.webhooks.claim(7_000, 60_000, 1);
      // A stale claim (an older lease) of the same row is refused.
      expect(await storage.webhooks.finish({ ...outcome(second!, 7_100, 200), leaseUntil: first!.leaseUntil! }, 7_100)).toMatchObject({ recorded: false });
      expect(await storage.webhooks.finish(outcome(second!, 7_100, 204), 7_200)).toMatchObject({ recorded: true });
      expect(await storage.webhooks.delivery(d.id)).toMatchObject({ state: 'delivered', attempts: 2, deliveredAt: 7_200 });
      expect(await storage.webhooks.endpoint(ep.id)).toMatchObject({ failingSince: null, lastStatus: 204, lastError: null });
      const page = await storage.webhooks.deliveries(ep.id, undefined, 10);
      expect(page.items[0]!.attempts.map((a) => a.status)).toEqual([500, 204]);
    });

    it('disables an endpoint at a 410 or when it has failed since the limit, and says so once', async () => {
      const storage = await fresh();
      const gone = anEndpoint();
      const failing = anEndpoint({ failingSince: 1_000 });
      await storage.webhooks.insertEndpoint(gone);
      await storage.webhooks.insertEndpoint(failing);
      await storage.webhooks.enqueue([aDelivery(gone.id), aDelivery(failing.id), aDelivery(failing.id)]);
      const claimed = await storage.webhooks.claim(5_000, 60_000, 10);
      const of = (id: string) => claimed.filter((r) => r.endpointId === id);
      expect(await storage.webhooks.finish(outcome(of(gone.id)[0]!, 5_000, 410, { result: 'failed', retryAt: null, disable: 'HTTP 410' }), 5_000)).toEqual({
        recorded: true,
        disabled: true,
      });
      expect(await storage.webhooks.endpoint(gone.id)).toMatchObject({ state: 'disabled', disabledReason: 'HTTP 410' });
      const rule = { before: 2_000, reason: 'failing for days' };
      const [x, y] = of(failing.id);
      expect(await storage.webhooks.finish(outcome(x!, 5_000, 500, { disableIfFailingSince: rule }), 5_000)).toEqual({ recorded: true, disabled: true });
      expect(await storage.webhooks.finish(outcome(y!, 5_001, 500, { disableIfFailingSince: rule }), 5_001)).toEqual({ recorded: true, disabled: false });
      expect(await storage.webhooks.endpoint(failing.id)).toMatchObject({ state: 'disabled', disabledReason: 'failing for days', failingSince: 1_000 });
    });

    it('finishes several attempts at once as one after the other (the second sees what the first decided)', async () => {
      const storage = await fresh();
      const failing = anEndpoint({ failingSince: 1_000 });
      const fine = anEndpoint();
      await storage.webhooks.insertEndpoint(failing);
      await storage.webhooks.insertEndpoint(fine);
      await storage.webhooks.enqueue([aDelivery(failing.id), aDelivery(failing.id), aDelivery(fine.id)]);
      const claimed = await storage.webhooks.claim(5_000, 60_000, 10);
      const [x, y] = claimed.filter((r) => r.endpointId === failing.id);
      const z = claimed.find((r) => r.endpointId === fine.id)!;
      const rule = { before: 2_000, reason: 'failing for days' };
      expect(
        await storage.webhooks.finishMany(
          [
            outcome(x!, 5_000, 500, { disableIfFailingSince: rule }),
            outcome(y!, 5_001, 500, { disableIfFailingSince: rule }),
            outcome(z, 5_002, 200),
            outcome(z, 5_002, 200),
          ],
          5_010,
        ),
      ).toEqual([
        { recorded: true, disabled: true },
        { recorded: true, disabled: false },
        { recorded: true, disabled: false },
        { recorded: false, disabled: false },
      ]);
      expect(await storage.webhooks.delivery(z.id)).toMatchObject({ state: 'delivered', attempts: 1, deliveredAt: 5_010 });
      expect(await storage.webhooks.endpoint(failing.id)).toMatchObject({ state: 'disabled' });
      expect(await storage.webhooks.finishMany([], 6_000)).toEqual([]);
    });

    it('pages the delivery log newest first; resends a delivery with the same id', async () => {
      const storage = await fresh();
      const ep = anEndpoint();
      await storage.webhooks.insertEndpoint(ep);
      const rows = [1, 2, 3, 4, 5].map((i) => aDelivery(ep.id, { createdAt: i * 1_000, state: 'failed', attempts: 3 }));
      await storage.webhooks.enqueue(rows);
      const first = await storage.webhooks.deliveries(ep.id, undefined, 2);
      expect(first.items.map((i) => i.delivery.createdAt)).toEqual([5_000, 4_000]);
      const second = await storage.webhooks.deliveries(ep.id, first.next!, 2);
      expect(second.items.map((i) => i.delivery.createdAt)).toEqual([3_000, 2_000]);
      const last = await storage.webhooks.deliveries(ep.id, second.next!, 2);
      expect(last.items.map((i) => i.delivery.createdAt)).toEqual([1_000]);
      expect(last.next).toBeNull();
      expect(await storage.webhooks.deliveries('other', undefined, 2)).toEqual({ items: [], next: null });
      expect(await storage.webhooks.resend('other', rows[0]!.id, 9_000)).toBe(false);
      expect(await storage.webhooks.resend(ep.id, rows[0]!.id, 9_000)).toBe(true);
      expect(await storage.webhooks.delivery(rows[0]!.id)).toMatchObject({ state: 'queued', attempts: 0, nextAttemptAt: 9_000 });
      const [claimed] = await storage.webhooks.claim(9_000, 1_000, 1);
      expect(claimed!.id).toBe(rows[0]!.id);
      // Being sent right now: not resent under the sender.
      expect(await storage.webhooks.resend(ep.id, rows[0]!.id, 9_500)).toBe(false);
    });

    it('prunes old finished deliveries with their attempts, never one being sent or still waiting', async () => {
      const storage = await fresh();
      const ep = anEndpoint();
      await storage.webhooks.insertEndpoint(ep);
      const old = aDelivery(ep.id, { createdAt: 1_000, state: 'delivered' });
      const oldFailed = aDelivery(ep.id, { createdAt: 1_500, state: 'failed' });
      const sending = aDelivery(ep.id, { createdAt: 1_000 });
      const waiting = aDelivery(ep.id, { createdAt: 2_000, nextAttemptAt: 90_000 });
      const recent = aDelivery(ep.id, { createdAt: 50_000, state: 'failed' });
      await storage.webhooks.enqueue([old, oldFailed, sending, waiting, recent]);
      await storage.webhooks.claim(1_000, 1_000_000, 1);
      expect(await storage.webhooks.prune(10_000)).toBe(2);
      expect(await storage.webhooks.delivery(old.id)).toBeUndefined();
      expect(await storage.webhooks.delivery(oldFailed.id)).toBeUndefined();
      expect(await storage.webhooks.delivery(sending.id)).toBeDefined();
      // Queued for an endpoint that was disabled a month: it goes out when the endpoint is enabled again.
      expect(await storage.webhooks.delivery(waiting.id)).toBeDefined();
      expect(await storage.webhooks.delivery(recent.id)).toBeDefined();
    });

    it('a delivery whose answer holds a NUL byte is recorded (PostgreSQL text cannot hold one), and the rest of its batch too', async () => {
      const storage = await fresh();
      const ep = anEndpoint();
      await storage.webhooks.insertEndpoint(ep);
      await storage.webhooks.enqueue([aDelivery(ep.id), aDelivery(ep.id)]);
      const [a, b] = await storage.webhooks.claim(1_000, 60_000, 2);
      const withNul = outcome(a!, 1_100, 200);
      withNul.attempt.response = 'ok\u0000binary';
      withNul.attempt.error = 'x\u0000y';
      expect(await storage.webhooks.finishMany([withNul, outcome(b!, 1_100, 200)], 1_200)).toEqual([
        { recorded: true, disabled: false },
        { recorded: true, disabled: false },
      ]);
      const page = await storage.webhooks.deliveries(ep.id, undefined, 10);
      expect(page.items.every((d) => d.delivery.state === 'delivered')).toBe(true);
      expect(page.items.flatMap((d) => d.attempts.map((x) => x.response))).toContain('ok\uFFFDbinary');
    });
  });
}
