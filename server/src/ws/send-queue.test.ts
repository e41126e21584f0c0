import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AnswerLine, ConversationService, type Send, type SendInput, type SendOutcome, type Sender, type StoredBatch } from '../domain/conversations';
import { AppError } from '../domain/errors';
import { EventBus, type DomainEvent } from '../domain/events';
import { aSite, aVisitor } from '../storage/contract/fixtures';
import { openSqliteStorage } from '../storage/sqlite';
import type { Writer } from '../storage/sqlite/writer';
import { SendQueue } from './send-queue';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** Storage on a database file with a real writer thread (storage/sqlite/writer.ts) behind the queue. */
async function setup({ thread = true, inlineUpTo = 0, lightPerSecond = 1_000_000, slowInlineMs = 0, inlineMaxCommitMs = 2 } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'atendo-queue-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const storage = openSqliteStorage(join(dir, 'atendo.db'), { writer: thread ? 'thread' : 'inline' });
  cleanups.push(() => storage.close());
  const bus = new EventBus();
  const conversations = new ConversationService(storage.conversations, bus, () => null);
  const site = await aSite(storage);
  // The store's thread (started on first use in production; here up front).
  const writer = (storage.conversations.offThread as Writer | undefined) ?? null;
  await writer?.start();
  // inlineUpTo 0: every batch the thread can take goes there, however small (the tests below are about the thread).
  // slowInlineMs: commits on the event loop take that much longer (a slow disk).
  const store: ConstructorParameters<typeof SendQueue>[0] = slowInlineMs
    ? {
        candidates: (sends) => conversations.candidates(sends),
        publishBatch: (batch, stored) => conversations.publishBatch(batch, stored),
        storeBatch: async (batch) => {
          const stored = await conversations.storeBatch(batch);
          await new Promise((r) => setTimeout(r, slowInlineMs));
          return stored;
        },
      }
    : conversations;
  const queue = new SendQueue(store, (fn) => fn(), writer, { inlineUpTo, lightPerSecond, inlineMaxCommitMs });
  const events: DomainEvent[] = [];
  bus.on((e) => events.push(e));
  const visitor = async (): Promise<Sender> => ({ kind: 'visitor', visitorId: (await aVisitor(storage, site.id)).id, siteId: site.id });
  const send = (sender: Sender, input: SendInput) => new Promise<SendOutcome>((done) => queue.push(sender, input, done));
  const seqs = async (conversationId: string) => (await conversations.messages(conversationId, 0, 10_000)).map((m) => m.clientId);
  return { storage, services: { conversations }, writer, queue, events, visitor, send, seqs };
}

const ok = (o: SendOutcome) => {
  if (!o.ok) throw o.error;
  return o.result;
};

describe('group commit on the writer thread', () => {
  it('stores, acks and announces every message, in the order they were sent', async () => {
    const { services, writer, visitor, send, seqs, events } = await setup();
    const a = await visitor();
    const first = ok(await send(a, { clientId: 'a1', body: 'hello' }));
    const id = first.message.conversationId;
    // Many sends in one turn: they go to the thread as batches, two at a time, and come back in order.
    const outcomes = await Promise.all(Array.from({ length: 300 }, (_, i) => send(a, { conversationId: id, clientId: `a${i + 2}`, body: `message ${i}` })));
    expect(outcomes.map((o) => ok(o).message.seq)).toEqual(Array.from({ length: 300 }, (_, i) => i + 2));
    expect(await seqs(id)).toEqual(Array.from({ length: 301 }, (_, i) => `a${i + 1}`));
    // Each message was announced once, with its conversation as committed (the thread read it back).
    const created = events.filter((e) => e.type === 'message.created');
    expect(created).toHaveLength(301);
    expect(created.at(-1)!.type === 'message.created' && created.at(-1)!.conversation.lastSeq).toBe(301);
    expect((await services.conversations.get(id)).lastSeq).toBe(301);
    // The thread stored them (the visitor's first message was stored here: it may open a conversation).
    expect(writer!.alive).toBe(true);
    expect(writer!.committed).toBeGreaterThan(0);
  });

  it('keeps the order when sends the thread cannot store are in the line', async () => {
    const { visitor, send, seqs } = await setup();
    const a = await visitor();
    const id = ok(await send(a, { clientId: 'v1', body: 'first' })).message.conversationId;
    // Thread, inline (no conversation id: the visitor's open conversation), thread, all in one turn.
    const results = await Promise.all([
      send(a, { conversationId: id, clientId: 'v2', body: 'second' }),
      send(a, { clientId: 'v3', body: 'third' }),
      send(a, { conversationId: id, clientId: 'v4', body: 'fourth' }),
    ]);
    expect(results.map((r) => ok(r).message.seq)).toEqual([2, 3, 4]);
    expect(await seqs(id)).toEqual(['v1', 'v2', 'v3', 'v4']);
  });

  it('answers refusals and retries from the thread as the event loop would', async () => {
    const { writer, visitor, send } = await setup();
    const a = await visitor();
    const b = await visitor();
    const id = ok(await send(a, { clientId: 'a1', body: 'mine' })).message.conversationId;
    const [intruder, retry, conflict, fine] = await Promise.all([
      send(b, { conversationId: id, clientId: 'b1', body: 'not yours' }),
      send(a, { conversationId: id, clientId: 'a1', body: 'mine' }),
      send(a, { conversationId: id, clientId: 'a1', body: 'something else' }),
      send(a, { conversationId: id, clientId: 'a2', body: 'mine too' }),
    ]);
    expect(intruder.ok).toBe(false);
    expect(!intruder.ok && intruder.error instanceof AppError && intruder.error.code).toBe('not_found');
    expect(ok(retry).created).toBe(false);
    expect(ok(retry).message.seq).toBe(1);
    expect(!conflict.ok && conflict.error instanceof AppError && conflict.error.code).toBe('conflict');
    expect(ok(fine).message.seq).toBe(2);
    expect(writer!.committed).toBeGreaterThan(0);
  });

  it('if the thread dies, what it had not answered and everything after is stored inline, nothing lost', async () => {
    const { writer, visitor, send, seqs } = await setup();
    const a = await visitor();
    const id = ok(await send(a, { clientId: 'a1', body: 'one' })).message.conversationId;
    const pending = [2, 3, 4].map((i) => send(a, { conversationId: id, clientId: `a${i}`, body: `m${i}` }));
    await (writer as unknown as { worker: { terminate(): Promise<number> } }).worker.terminate();
    expect(writer!.alive).toBe(false);
    expect((await Promise.all(pending)).map((o) => ok(o).message.seq)).toEqual([2, 3, 4]);
    // A retry of a message stored either way is answered with the stored one.
    const again = ok(await send(a, { conversationId: id, clientId: 'a3', body: 'm3' }));
    expect(again.created).toBe(false);
    expect(ok(await send(a, { conversationId: id, clientId: 'a5', body: 'm5' })).message.seq).toBe(5);
    expect(await seqs(id)).toEqual(['a1', 'a2', 'a3', 'a4', 'a5']);
  });

  it('puts the batches of a thread that died back in line, in order, and stores them here', async () => {
    const { services, visitor, send, seqs } = await setup({ thread: false });
    const a = await visitor();
    const id = ok(await send(a, { clientId: 'a1', body: 'one' })).message.conversationId;
    // A thread that takes batches and never answers until it "dies".
    const given: { reject: (e: Error) => void; size: number }[] = [];
    const fake = {
      alive: true,
      available: () => fake.alive,
      appendBatch: (sends: readonly unknown[]) => new Promise<never>((_, reject) => given.push({ reject, size: sends.length })),
    };
    const queue = new SendQueue(services.conversations, (fn) => fn(), fake, { inlineUpTo: 0 });
    const answers: Promise<SendOutcome>[] = [];
    const push = (i: number) => answers.push(new Promise((done) => queue.push(a, { conversationId: id, clientId: `a${i}`, body: `m${i}` }, done)));
    push(2);
    await new Promise((r) => setImmediate(r));
    push(3);
    await new Promise((r) => setImmediate(r));
    push(4); // two batches in flight: this one waits in line
    await new Promise((r) => setImmediate(r));
    expect(given.map((g) => g.size)).toEqual([1, 1]);
    fake.alive = false;
    for (const g of given) g.reject(new Error('writer thread exited'));
    expect((await Promise.all(answers)).map((o) => ok(o).message.seq)).toEqual([2, 3, 4]);
    expect(await seqs(id)).toEqual(['a1', 'a2', 'a3', 'a4']);
  });

  it('drain() resolves once everything queued is stored and answered', async () => {
    const { queue, visitor, seqs } = await setup();
    const a = await visitor();
    const answered: string[] = [];
    const id = await new Promise<string>((done) => queue.push(a, { clientId: 'a0', body: 'start' }, (o) => done(ok(o).message.conversationId)));
    for (let i = 1; i <= 50; i++) queue.push(a, { conversationId: id, clientId: `a${i}`, body: `m${i}` }, (o) => answered.push(ok(o).message.clientId));
    await queue.drain();
    expect(answered).toHaveLength(50);
    expect(await seqs(id)).toHaveLength(51);
  });

  it('starts the thread on the first send it could take, storing inline until it is up', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'atendo-lazy-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const storage = openSqliteStorage(join(dir, 'atendo.db'), { writer: 'thread' });
    cleanups.push(() => storage.close());
    const lazy = storage.conversations.offThread as Writer;
    expect(lazy.available()).toBe(false); // asked: starting
    await lazy.start();
    expect(lazy.available()).toBe(true);
  });

  it('under a light load stores small batches here, and hands a larger one, and what follows it, to the thread', async () => {
    // However long a commit here takes on this machine (that rule has its own test below).
    const { writer, visitor, send, seqs } = await setup({ inlineUpTo: 4, inlineMaxCommitMs: 1_000 });
    const a = await visitor();
    const id = ok(await send(a, { clientId: 'a1', body: 'one' })).message.conversationId;
    const before = writer!.committed;
    // A few sends at a time, the thread idle: stored on the event loop, the thread untouched.
    for (let i = 2; i <= 4; i++) ok(await send(a, { conversationId: id, clientId: `a${i}`, body: `m${i}` }));
    const two = await Promise.all([5, 6].map((i) => send(a, { conversationId: id, clientId: `a${i}`, body: `m${i}` })));
    expect(two.map((o) => ok(o).message.seq)).toEqual([5, 6]);
    expect(writer!.committed).toBe(before);
    // More than four in one turn: the thread takes them, in order, and the stragglers of the next
    // turn (fewer than four) follow them there while it is busy, not past them.
    const burst = Array.from({ length: 10 }, (_, i) => send(a, { conversationId: id, clientId: `b${i}`, body: `burst ${i}` }));
    await new Promise((r) => setImmediate(r));
    const late = [send(a, { conversationId: id, clientId: 'c1', body: 'late' })];
    expect((await Promise.all([...burst, ...late])).map((o) => ok(o).message.seq)).toEqual(Array.from({ length: 11 }, (_, i) => i + 7));
    expect(writer!.committed).toBeGreaterThan(before);
    expect(await seqs(id)).toEqual(['a1', 'a2', 'a3', 'a4', 'a5', 'a6', ...Array.from({ length: 10 }, (_, i) => `b${i}`), 'c1']);
  });

  it('under a heavier load hands even a single send to the thread', async () => {
    // Light below 20 sends a second: 2 in a window of 100 ms.
    const { writer, visitor, send, seqs } = await setup({ inlineUpTo: 4, lightPerSecond: 20, inlineMaxCommitMs: 1_000 });
    const a = await visitor();
    const id = ok(await send(a, { clientId: 'a1', body: 'one' })).message.conversationId;
    const before = writer!.committed;
    // One at a time, each awaited, all within a few milliseconds: from the second on (two in a window), not light.
    for (let i = 2; i <= 6; i++) ok(await send(a, { conversationId: id, clientId: `a${i}`, body: `m${i}` }));
    expect(writer!.committed - before).toBeGreaterThanOrEqual(3);
    expect(await seqs(id)).toEqual(['a1', 'a2', 'a3', 'a4', 'a5', 'a6']);
  });

  it('under a light load still hands small batches to the thread when commits here are slow', async () => {
    const { writer, visitor, send, seqs } = await setup({ inlineUpTo: 4, slowInlineMs: 8 });
    const a = await visitor();
    // The first message is stored here whatever the load (it may open a conversation): it takes 8 ms.
    const id = ok(await send(a, { clientId: 'a1', body: 'one' })).message.conversationId;
    const before = writer!.committed;
    for (let i = 2; i <= 4; i++) ok(await send(a, { conversationId: id, clientId: `a${i}`, body: `m${i}` }));
    // Slower than inlineMaxCommitMs (2 ms) on average: the thread took them.
    expect(writer!.committed - before).toBe(3);
    expect(await seqs(id)).toEqual(['a1', 'a2', 'a3', 'a4']);
  });

  it('stores inline without a thread, with the same answers', async () => {
    const { visitor, send, seqs } = await setup({ thread: false });
    const a = await visitor();
    const id = ok(await send(a, { clientId: 'a1', body: 'one' })).message.conversationId;
    const outs = await Promise.all([1, 2, 3].map((i) => send(a, { conversationId: id, clientId: `b${i}`, body: `m${i}` })));
    expect(outs.map((o) => ok(o).message.seq)).toEqual([2, 3, 4]);
    expect(await seqs(id)).toEqual(['a1', 'b1', 'b2', 'b3']);
  });
});

describe('group commit inline, over an asynchronous store', () => {
  it('never has two inline batches in flight, and answers them in the order they were sent', async () => {
    let active = 0;
    let most = 0;
    const committed: string[] = [];
    let seq = 0;
    // A store that takes a while (as a server database would): each batch resolves after a timer.
    const conversations = {
      candidates: () => [],
      storeBatch: async (batch: readonly Send[]): Promise<StoredBatch> => {
        most = Math.max(most, ++active);
        await new Promise((r) => setTimeout(r, 5));
        active--;
        committed.push(...batch.map((b) => b.input.clientId));
        return { stored: batch.map(() => ({ ok: false, error: new AppError('not_found', 'stub') })), conversations: {} };
      },
      publishBatch: (batch: readonly Send[]): SendOutcome[] =>
        batch.map((b) => ({ ok: true, result: { created: true, message: { clientId: b.input.clientId, seq: ++seq } } }) as unknown as SendOutcome),
    };
    const queue = new SendQueue(conversations, (fn) => fn(), null, { maxBatch: 4 });
    const sender: Sender = { kind: 'visitor', visitorId: 'v', siteId: 's' };
    const answered: string[] = [];
    const pending: Promise<void>[] = [];
    const push = (id: string) =>
      pending.push(new Promise((done) => queue.push(sender, { conversationId: 'c', clientId: id, body: id }, () => (answered.push(id), done()))));
    // Over several turns of the event loop, and more than a full batch (4) at once.
    for (let i = 0; i < 10; i++) push(`a${i}`);
    await new Promise((r) => setImmediate(r));
    for (let i = 0; i < 3; i++) push(`b${i}`);
    await new Promise((r) => setTimeout(r, 2));
    push('c0');
    await Promise.all(pending);
    await queue.drain();
    const order = [...Array.from({ length: 10 }, (_, i) => `a${i}`), 'b0', 'b1', 'b2', 'c0'];
    expect(most).toBe(1);
    expect(committed).toEqual(order);
    expect(answered).toEqual(order);
  });

  it('parallel (a store with turns of its own, PostgreSQL): several batches at once, answered in the order they were handed over', async () => {
    let active = 0;
    let most = 0;
    let seq = 0;
    const given: { ids: string[]; commit: () => void }[] = [];
    // Each batch commits when the test says so: here, the later ones first.
    const conversations = {
      candidates: () => [],
      storeBatch: (batch: readonly Send[]): Promise<StoredBatch> => {
        most = Math.max(most, ++active);
        return new Promise((resolve) =>
          given.push({
            ids: batch.map((b) => b.input.clientId),
            commit: () => {
              active--;
              resolve({ stored: batch.map(() => ({ ok: false, error: new AppError('not_found', 'stub') })), conversations: {} });
            },
          }),
        );
      },
      publishBatch: (batch: readonly Send[]): SendOutcome[] =>
        batch.map((b) => ({ ok: true, result: { created: true, message: { clientId: b.input.clientId, seq: ++seq } } }) as unknown as SendOutcome),
    };
    const queue = new SendQueue(conversations, (fn) => fn(), null, { maxBatch: 2, parallel: 3 });
    const sender: Sender = { kind: 'visitor', visitorId: 'v', siteId: 's' };
    const answered: string[] = [];
    const pending: Promise<void>[] = [];
    for (let i = 0; i < 8; i++)
      pending.push(new Promise((done) => queue.push(sender, { conversationId: 'c', clientId: `m${i}`, body: 'x' }, () => (answered.push(`m${i}`), done()))));
    await new Promise((r) => setImmediate(r));
    // Three batches of two handed over at once; the last two sends wait for room.
    expect(given.map((g) => g.ids)).toEqual([
      ['m0', 'm1'],
      ['m2', 'm3'],
      ['m4', 'm5'],
    ]);
    given[2]!.commit();
    given[1]!.commit();
    await new Promise((r) => setTimeout(r, 5));
    // Committed, but the first batch is not answered yet: neither are they.
    expect(answered).toEqual([]);
    expect(given).toHaveLength(3);
    given[0]!.commit();
    await new Promise((r) => setTimeout(r, 5));
    expect(answered).toEqual(['m0', 'm1', 'm2', 'm3', 'm4', 'm5']);
    // Room again: the rest went as one batch.
    expect(given[3]!.ids).toEqual(['m6', 'm7']);
    given[3]!.commit();
    await Promise.all(pending);
    await queue.drain();
    expect(answered).toEqual(['m0', 'm1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7']);
    expect(most).toBe(3);
  });

  it('parallel: a batch stored outside the queue (sendMany: HTTP, e-mail) is answered in the same line, after the batches handed over before it', async () => {
    const given: (() => void)[] = [];
    const published: string[] = [];
    const stub = (ids: string[]): StoredBatch => ({ stored: ids.map(() => ({ ok: false, error: new AppError('not_found', 'stub') })), conversations: {} });
    const conversations = {
      answers: new AnswerLine(),
      candidates: () => [],
      storeBatch: (batch: readonly Send[]): Promise<StoredBatch> =>
        new Promise((resolve) => {
          given.push(() => resolve(stub(batch.map((b) => b.input.clientId))));
        }),
      publishBatch: (batch: readonly Send[]): SendOutcome[] => {
        published.push(...batch.map((b) => b.input.clientId));
        return batch.map(() => ({ ok: true }) as unknown as SendOutcome);
      },
    };
    const queue = new SendQueue(conversations, (fn) => fn(), null, { maxBatch: 1, parallel: 2 });
    const sender: Sender = { kind: 'visitor', visitorId: 'v', siteId: 's' };
    const sent = ['u', 'w'].map((id) => new Promise((done) => queue.push(sender, { conversationId: id, clientId: id, body: 'x' }, done)));
    await new Promise((r) => setImmediate(r));
    expect(given).toHaveLength(2);
    // As ConversationService.sendMany does: handed to the store, then answered in the shared line.
    const http = conversations.answers
      .after(
        conversations.storeBatch([{ sender, input: { conversationId: 'w', clientId: 'h', body: 'x' } }]),
        (s) => s,
        (e) => {
          throw e;
        },
      )
      .then(() => published.push('h'));
    // w and the HTTP send commit first; u (handed over first) last.
    given[1]!();
    given[2]!();
    await new Promise((r) => setTimeout(r, 5));
    expect(published).toEqual([]);
    given[0]!();
    await Promise.all([...sent, http]);
    expect(published).toEqual(['u', 'w', 'h']);
  });
});
