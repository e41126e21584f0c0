/**
 * The webhook outbox against a real receiver on 127.0.0.1 (verified with `standardwebhooks`):
 * retries keep the webhook-id and stop at the first 2xx, Retry-After is honoured, 410 disables,
 * a hanging receiver times out and is retried, deliveries survive a restart, the address rule is
 * checked again at delivery, a rotation signs with both secrets, an endpoint failing for days is
 * disabled and its admins e-mailed once. Short timers through the worker's options.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MailOutboxRow } from '../src/storage/types';
import { createServices, type Services } from '../src/domain/services';
import type { WebhookOptions } from '../src/domain/webhooks';
import { openSqliteStorage } from '../src/storage/sqlite';
import { Receiver } from './webhook-receiver';

let dir: string;
let receiver: Receiver;
const opened: Services[] = [];

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'atendo-wh-'));
  receiver = await Receiver.start();
});
afterEach(async () => {
  for (const s of opened.splice(0)) await stop(s);
  await receiver.close();
  rmSync(dir, { recursive: true, force: true });
});

async function stop(s: Services): Promise<void> {
  await s.webhooks.stop(0);
  await s.storage.close();
}

/** Services over the SQLite file of this test, the worker started with short timers. */
async function open(opts: Partial<WebhookOptions> = {}, allowPrivate = true): Promise<Services> {
  const storage = openSqliteStorage(join(dir, 'atendo.db'));
  const services = await createServices(
    storage,
    { publicUrl: 'http://localhost:3000', sessionTtlMs: 3_600_000, dataDir: dir, webhooks: { allowPrivate } },
    { webhooks: { pollMs: 50, retryScheduleMs: [50, 50, 50, 50], jitter: 0, log: () => {}, ...opts } },
  );
  services.webhooks.start();
  opened.push(services);
  return services;
}

async function endpoint(s: Services, url = receiver.url) {
  const hook = await s.webhooks.create({ url, events: ['message.created'] });
  receiver.secrets = [hook.secret];
  return hook;
}

const until = async (check: () => Promise<boolean> | boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('webhook deliveries', () => {
  it('retries a 500 with the same webhook-id until a 200, then never again; every attempt logged', async () => {
    const s = await open();
    const hook = await endpoint(s);
    let n = 0;
    receiver.answer = () => (++n <= 3 ? { status: 500, body: 'boom' } : { status: 200, body: 'thanks' });
    const { deliveryId } = await s.webhooks.test(hook.id);
    await receiver.next((r) => r.answered === 200);
    await new Promise((r) => setTimeout(r, 300));
    expect(receiver.received.map((r) => r.id)).toEqual([deliveryId, deliveryId, deliveryId, deliveryId]);
    expect(receiver.received.every((r) => r.verifiedBy.length === 1)).toBe(true);
    // The same bytes every time; only the timestamp header may change.
    expect(new Set(receiver.received.map((r) => r.body)).size).toBe(1);
    const log = await s.webhooks.deliveries(hook.id, undefined, 10);
    expect(log.items[0]).toMatchObject({ id: deliveryId, state: 'delivered', attempts: 4 });
    expect(log.items[0]!.attemptLog.map((a) => [a.status, a.response])).toEqual([
      [500, 'boom'],
      [500, 'boom'],
      [500, 'boom'],
      [200, 'thanks'],
    ]);
    expect(await s.webhooks.get(hook.id)).toMatchObject({ state: 'active', failingSince: null, lastStatus: 200 });
  });

  it('gives up after the last attempt of the schedule', async () => {
    const s = await open({ retryScheduleMs: [20, 20] });
    const hook = await endpoint(s);
    receiver.answer = () => ({ status: 502 });
    await s.webhooks.test(hook.id);
    await until(async () => (await s.webhooks.deliveries(hook.id, undefined, 1)).items[0]!.state === 'failed');
    expect(receiver.received).toHaveLength(3);
    expect(await s.webhooks.get(hook.id)).toMatchObject({ state: 'active', lastStatus: 502, lastError: 'HTTP 502' });
  });

  it('honours Retry-After on a 429 (not before it, though the schedule says 50 ms)', async () => {
    const s = await open({ maxRetryAfterMs: 10_000 });
    const hook = await endpoint(s);
    let n = 0;
    receiver.answer = () => (++n === 1 ? { status: 429, headers: { 'retry-after': '1' } } : { status: 204 });
    const sent: number[] = [];
    const first = receiver.next(() => true).then(() => sent.push(Date.now()));
    await s.webhooks.test(hook.id);
    await first;
    await receiver.next((r) => r.answered === 204);
    sent.push(Date.now());
    expect(sent[1]! - sent[0]!).toBeGreaterThanOrEqual(950);
  });

  it('disables the endpoint at a 410 and sends nothing more to it', async () => {
    const s = await open();
    const hook = await endpoint(s);
    receiver.answer = () => ({ status: 410 });
    await s.webhooks.test(hook.id);
    await until(async () => (await s.webhooks.get(hook.id)).state === 'disabled');
    expect(await s.webhooks.get(hook.id)).toMatchObject({ disabledReason: 'The receiver answered 410 Gone' });
    await expect(s.webhooks.test(hook.id)).rejects.toThrow(/disabled/);
    await new Promise((r) => setTimeout(r, 200));
    expect(receiver.received).toHaveLength(1);
    // Enabled again: its failing days start over.
    expect(await s.webhooks.update(hook.id, { enabled: true })).toMatchObject({ state: 'active', disabledReason: null, failingSince: null });
  });

  it('times out a hanging receiver, then retries it', async () => {
    const s = await open({ timeoutMs: 300 });
    const hook = await endpoint(s);
    let n = 0;
    receiver.answer = () => (++n === 1 ? 'hang' : { status: 200 });
    await s.webhooks.test(hook.id);
    await until(async () => (await s.webhooks.deliveries(hook.id, undefined, 1)).items[0]!.state === 'delivered');
    const log = (await s.webhooks.deliveries(hook.id, undefined, 1)).items[0]!;
    expect(log.attemptLog.map((a) => [a.status, a.error])).toEqual([
      [null, 'timed out after 300 ms'],
      [200, null],
    ]);
    expect(log.attemptLog[0]!.latencyMs).toBeGreaterThanOrEqual(290);
  });

  it('delivers what was pending when Atendo stopped, after it starts again', async () => {
    const s = await open();
    const hook = await endpoint(s);
    receiver.answer = () => ({ status: 503 });
    const { deliveryId } = await s.webhooks.test(hook.id);
    await receiver.next(() => true);
    await stop(opened.pop()!);
    const before = receiver.received.length;
    receiver.answer = () => ({ status: 200 });
    const again = await open();
    await until(async () => (await again.webhooks.deliveries(hook.id, undefined, 1)).items[0]!.state === 'delivered');
    expect(receiver.received.length).toBeGreaterThan(before);
    expect(receiver.received.every((r) => r.id === deliveryId)).toBe(true);
  });

  it('gives back an attempt cut off by a stop: the next start sends it at once, not after its lease', async () => {
    const s = await open();
    const hook = await endpoint(s);
    let n = 0;
    receiver.answer = () => (++n === 1 ? 'hang' : { status: 200 });
    const { deliveryId } = await s.webhooks.test(hook.id);
    await receiver.next(() => true);
    // Stopped while the request hangs: cut, not counted.
    await stop(opened.pop()!);
    const before = receiver.received.length;
    receiver.answer = () => ({ status: 200 });
    const again = await open();
    await until(async () => (await again.webhooks.deliveries(hook.id, undefined, 1)).items[0]!.state === 'delivered');
    expect(receiver.received.length).toBeGreaterThan(before);
    expect(receiver.received.every((r) => r.id === deliveryId)).toBe(true);
    // The cut request was no attempt: the log holds the one that answered.
    expect((await again.webhooks.deliveries(hook.id, undefined, 1)).items[0]!.attemptLog.map((a) => a.status)).toEqual([200]);
  });

  it('never follows a redirect (recorded as a failure with where it pointed), and keeps only the start of a long answer', async () => {
    const s = await open({ retryScheduleMs: [60_000] });
    const hook = await endpoint(s);
    let n = 0;
    // The redirect points at this very receiver: followed, it would be a second request.
    receiver.answer = () => (++n === 1 ? { status: 302, headers: { location: `${receiver.url}/elsewhere` } } : { status: 200 });
    await s.webhooks.test(hook.id);
    await until(async () => (await s.webhooks.deliveries(hook.id, undefined, 1)).items[0]!.attemptLog.length === 1);
    await new Promise((r) => setTimeout(r, 300));
    expect(receiver.received).toHaveLength(1);
    const [redirected] = (await s.webhooks.deliveries(hook.id, undefined, 1)).items[0]!.attemptLog;
    expect(redirected).toMatchObject({ status: 302, error: `redirect to ${receiver.url}/elsewhere not followed` });

    const big = await s.webhooks.create({ url: `${receiver.url}/big`, events: ['message.created'] });
    receiver.secrets = [big.secret];
    receiver.answer = () => ({ status: 200, body: 'x'.repeat(200_000) });
    await s.webhooks.test(big.id);
    await until(async () => (await s.webhooks.deliveries(big.id, undefined, 1)).items[0]?.state === 'delivered');
    const [read] = (await s.webhooks.deliveries(big.id, undefined, 1)).items[0]!.attemptLog;
    expect(read!.response).toBe('x'.repeat(1024));
  });

  it('a stop while a claim is under way gives the claimed rows back: nothing is sent after the stop', async () => {
    const s = await open({ pollMs: 60_000 });
    const hook = await endpoint(s);
    // The real claim, held back after it took its rows until the worker is told to stop.
    const store = s.storage.webhooks;
    const claim = store.claim.bind(store);
    let took!: () => void;
    let go!: () => void;
    const claimed = new Promise<void>((ok) => (took = ok));
    const gate = new Promise<void>((ok) => (go = ok));
    store.claim = async (...args) => {
      const rows = await claim(...args);
      if (rows.length) {
        took();
        await gate;
      }
      return rows;
    };
    const { deliveryId } = await s.webhooks.test(hook.id);
    await claimed;
    const stopping = s.webhooks.worker.stop(0);
    go();
    await stopping;
    await new Promise((r) => setTimeout(r, 300));
    expect(await store.delivery(deliveryId)).toMatchObject({ state: 'queued', leaseUntil: null, attempts: 0 });
    expect(receiver.received).toHaveLength(0);
  });

  it('refuses at delivery an endpoint whose address became private (allowed at creation), and records why', async () => {
    const created = await open();
    const hook = await endpoint(created);
    await stop(opened.pop()!);
    const s = await open({}, false);
    await s.webhooks.test(hook.id);
    await until(async () => (await s.webhooks.deliveries(hook.id, undefined, 1)).items[0]!.attemptLog.length > 0);
    const attempt = (await s.webhooks.deliveries(hook.id, undefined, 1)).items[0]!.attemptLog[0]!;
    expect(attempt).toMatchObject({ status: null, error: expect.stringMatching(/points to a loopback address \(127\.0\.0\.1\)/) });
    expect(receiver.received).toEqual([]);
  });

  it('signs with the old and the new secret after a rotation: a receiver with either verifies', async () => {
    const s = await open();
    const hook = await endpoint(s);
    const rotated = await s.webhooks.rotate(hook.id);
    expect(rotated.secret).not.toBe(hook.secret);
    receiver.secrets = [hook.secret, rotated.secret];
    await s.webhooks.test(hook.id);
    const r = await receiver.next(() => true);
    expect(r.signature.split(' ')).toHaveLength(2);
    expect(r.verifiedBy).toEqual([hook.secret, rotated.secret]);
  });

  it('disables an endpoint failing for days and e-mails every admin once', async () => {
    const mails: MailOutboxRow[] = [];
    const s = await open({ disableAfterMs: 150, enqueueMail: async (row) => (mails.push(row), true) });
    await s.agents.create({ email: 'boss@example.com', name: 'Boss', password: 'correct horse battery', role: 'admin' });
    const hook = await endpoint(s);
    receiver.answer = () => ({ status: 500 });
    await s.webhooks.test(hook.id);
    await until(async () => (await s.webhooks.get(hook.id)).state === 'disabled');
    expect((await s.webhooks.get(hook.id)).disabledReason).toMatch(/Every delivery failed/);
    await until(() => mails.length > 0);
    await new Promise((r) => setTimeout(r, 200));
    expect(mails.map((m) => [m.kind, m.recipient])).toEqual([['webhook_disabled', 'boss@example.com']]);
    expect(mails[0]!.text).toContain(receiver.url);
  });
});
