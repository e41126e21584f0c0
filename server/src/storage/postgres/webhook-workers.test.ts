/**
 * Two Atendo instances (two service sets, two pools) on one PostgreSQL database deliver a burst of
 * webhooks to a real receiver: every delivery arrives exactly once and verifies. It fails when the
 * claim loses `FOR UPDATE SKIP LOCKED` or its lease (deliveries sent twice).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../../domain/services';
import { Receiver } from '../../../test/webhook-receiver';
import { openPostgresStorage } from './index';
import { createTestDatabase, pgSkipReason, type TestDatabase } from './testing';

const skip = await pgSkipReason();
if (skip) console.warn(`\n  ${skip}: webhook-workers.test.ts SKIPPED\n`);

describe.skipIf(Boolean(skip))('webhooks on PostgreSQL with two instances', () => {
  let db: TestDatabase;
  let receiver: Receiver;
  const instances: Services[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    receiver = await Receiver.start();
    for (let i = 0; i < 2; i++) {
      const storage = await openPostgresStorage(db.url, { pool: 4 });
      const services = await createServices(
        storage,
        { publicUrl: 'http://localhost:3000', sessionTtlMs: 3_600_000, webhooks: { allowPrivate: true } },
        { webhooks: { pollMs: 20, concurrency: 4, log: () => {} } },
      );
      instances.push(services);
    }
  });
  afterAll(async () => {
    for (const s of instances) {
      await s.webhooks.stop(0);
      await s.storage.close();
    }
    await receiver?.close();
    await db?.drop();
  });

  it('delivers each of 60 deliveries once between them', async () => {
    const [a, b] = instances as [Services, Services];
    const hook = await a.webhooks.create({ url: receiver.url, events: ['message.created'] });
    receiver.secrets = [hook.secret];
    // A slow receiver: claims of both instances overlap while requests are in flight.
    receiver.answer = () => ({ status: 200 });
    const ids: string[] = [];
    for (let i = 0; i < 60; i++) ids.push((await a.webhooks.test(hook.id)).deliveryId);
    a.webhooks.start();
    b.webhooks.start();
    const end = Date.now() + 15_000;
    while (receiver.received.length < ids.length && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 300));
    expect(receiver.received.map((r) => r.id).sort()).toEqual([...ids].sort());
    expect(receiver.received.every((r) => r.verifiedBy.length === 1)).toBe(true);
    const log = await b.webhooks.deliveries(hook.id, undefined, 100);
    expect(log.items.every((d) => d.state === 'delivered' && d.attempts === 1)).toBe(true);
  });
});
