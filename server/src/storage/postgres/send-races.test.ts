/**
 * The send path's races on PostgreSQL, for real: three `PgConversationStore`s, each on a pool of its
 * own (three "instances"), write to the same database at once. What SQLite's single write lock gave
 * for free must hold here through row locks (research §1.4, §3.4): seq without holes or duplicates and
 * every retry answered once; a visitor's first message opens one conversation; auto-assignment never
 * goes past an agent's capacity. Each test fails when its lock is dropped (tried: see the report of
 * issue 17's send path).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Send, Sender, StoredBatch, StoredSlot } from '../conversations';
import type { Storage } from '../index';
import { aSite, aVisitor, anAgent, anUpload } from '../contract/fixtures';
import { postgresStorageOn } from './index';
import { openPgDb, type PgDb } from './client';
import { PgAttachmentStore } from './attachments';
import { PgConversationStore } from './conversations';
import { PgVisitorStore } from './visitors';
import { createTestDatabase, pgSkipReason } from './testing';

const INSTANCES = 3;

const skip = await pgSkipReason();
if (skip) console.warn(`\n  ${skip}\n`);

function ok(slot: StoredSlot | undefined) {
  if (!slot) throw new Error('no slot');
  if (!slot.ok) throw slot.error;
  return slot;
}

describe.skipIf(skip !== undefined)('postgres: the send path across instances', () => {
  let dbs: PgDb[] = [];
  let stores: PgConversationStore[] = [];
  let fixtures: Storage;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const test = await createTestDatabase();
    drop = test.drop;
    dbs = await Promise.all(Array.from({ length: INSTANCES }, () => openPgDb(test.url, { pool: 8, migrate: false })));
    stores = dbs.map((db) => new PgConversationStore(db));
    // Rows for the tests through the ports (a storage on the first pool).
    fixtures = postgresStorageOn(dbs[0]!);
  });

  afterAll(async () => {
    await Promise.all(stores.map((s) => s.close()));
    await Promise.all(dbs.map((db) => db.$client.end()));
    await drop?.();
  });

  /** Every instance's batches at once. */
  const onEvery = (batch: (instance: number) => Promise<StoredBatch>[]) => Promise.all(stores.flatMap((_, i) => batch(i)));

  it('keeps seq 1..n without holes or duplicates, and answers every retry with the one stored message', async () => {
    const site = await aSite(fixtures);
    const agent = await anAgent(fixtures);
    const a: Sender = { kind: 'agent', agentId: agent.id, agentName: agent.name };
    // Three hot conversations.
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const v = await aVisitor(fixtures, site.id);
      ids.push(
        ok(
          (await stores[0]!.appendBatch([{ sender: { kind: 'visitor', visitorId: v.id, siteId: site.id }, input: { clientId: 'start', body: 'start' } }]))
            .stored[0],
        ).message.conversationId,
      );
    }
    // Each instance sends 30 batches of 8 messages across the three conversations; message k of a
    // batch round is sent by every instance (the same client id and body: an outbox retrying through
    // another instance), so every stored message is raced by three writers.
    const ROUNDS = 30;
    const batchOf = (round: number): Send[] =>
      Array.from({ length: 8 }, (_, k) => ({
        sender: a,
        input: { conversationId: ids[(round + k) % 3]!, clientId: `r${round}-${k}`, body: `round ${round} message ${k}` },
      }));
    const results = await onEvery((i) => Array.from({ length: ROUNDS }, (_, r) => stores[i]!.appendBatch(batchOf(r))));

    // Every send is answered with the message stored once: same id and seq whoever sent it.
    const byClient = new Map<string, { id: string; seq: number; conversationId: string }>();
    let created = 0;
    for (const batch of results) {
      for (const slot of batch.stored) {
        const { message, created: c } = ok(slot);
        if (c) created++;
        const seen = byClient.get(message.clientId);
        if (seen) expect({ id: message.id, seq: message.seq, conversationId: message.conversationId }).toEqual(seen);
        else byClient.set(message.clientId, { id: message.id, seq: message.seq, conversationId: message.conversationId });
      }
    }
    expect(byClient.size).toBe(ROUNDS * 8);
    expect(created).toBe(ROUNDS * 8);
    let total = 0;
    for (const id of ids) {
      const stored = await stores[1]!.messagesAfter(id, 0, 100_000);
      expect(stored.map((m) => m.seq)).toEqual(Array.from({ length: stored.length }, (_, i) => i + 1));
      expect(await stores[2]!.lastSeq(id)).toBe(stored.length);
      total += stored.length;
    }
    expect(total).toBe(ROUNDS * 8 + 3);
  });

  it("opens a visitor's first conversation once when their first messages reach three instances at once", async () => {
    const site = await aSite(fixtures);
    const VISITORS = 20;
    for (let n = 0; n < VISITORS; n++) {
      const v: Sender = { kind: 'visitor', visitorId: (await aVisitor(fixtures, site.id)).id, siteId: site.id };
      // Two tabs' first messages and one retry of the first, each through another instance.
      const sends: Send[] = [
        { sender: v, input: { clientId: 'tab1', body: 'hello from tab 1' } },
        { sender: v, input: { clientId: 'tab2', body: 'hello from tab 2' } },
        { sender: v, input: { clientId: 'tab1', body: 'hello from tab 1' } },
      ];
      const slots = (await Promise.all(sends.map((s, i) => stores[i]!.appendBatch([s])))).map((b) => ok(b.stored[0]));
      expect(new Set(slots.map((s) => s.message.conversationId)).size).toBe(1);
      expect(slots.filter((s) => s.opened)).toHaveLength(1);
      expect(slots.filter((s) => s.created)).toHaveLength(2);
      expect(slots[0]!.message.id).toBe(slots[2]!.message.id);
      expect(await stores[0]!.forVisitor(v.visitorId, 10)).toHaveLength(1);
      expect((await stores[0]!.messagesAfter(slots[0]!.message.conversationId, 0, 10)).map((m) => m.seq)).toEqual([1, 2]);
    }
  });

  it('auto-assigns within capacity when three instances open conversations at once', async () => {
    const site = await aSite(fixtures);
    for (let round = 0; round < 10; round++) {
      const one = await anAgent(fixtures, { status: 'online', capacity: 1 });
      const two = await anAgent(fixtures, { status: 'online', capacity: 2 });
      const offered = [one.id, two.id];
      // Six visitors' first messages, two per instance, all at once.
      const firsts = await Promise.all(
        Array.from({ length: 6 }, async (_, i): Promise<Send> => ({
          sender: { kind: 'visitor', visitorId: (await aVisitor(fixtures, site.id)).id, siteId: site.id },
          input: { clientId: `first-${i}`, body: 'hi' },
        })),
      );
      const batches = await Promise.all(firsts.map((s, i) => stores[i % INSTANCES]!.appendBatch([s], offered)));
      const assignees = batches.map((b) => b.conversations[ok(b.stored[0]).message.conversationId]!.assigneeId);
      // Never over capacity, and never left unassigned while someone has room: exactly 1 + 2.
      expect(assignees.filter((x) => x === one.id).length).toBe(1);
      expect(assignees.filter((x) => x === two.id).length).toBe(2);
      expect(assignees.filter((x) => x === null).length).toBe(3);
      // What the rows say, read back.
      const mine = async (agentId: string) => (await stores[0]!.list({ status: 'open', scope: 'mine', agentId, limit: 10 })).length;
      expect(await mine(one.id)).toBeLessThanOrEqual(1);
      expect(await mine(two.id)).toBeLessThanOrEqual(2);
    }
  });
  it('never leaves a conversation unassigned because another instance was assigning the same agent', async () => {
    const site = await aSite(fixtures);
    const agent = await anAgent(fixtures, { status: 'online', capacity: 100 });
    let unassigned = 0;
    for (let round = 0; round < 20; round++) {
      const senders = await Promise.all(
        Array.from({ length: INSTANCES }, async (): Promise<Sender> => ({
          kind: 'visitor',
          visitorId: (await aVisitor(fixtures, site.id)).id,
          siteId: site.id,
        })),
      );
      const batches = await Promise.all(senders.map((v, i) => stores[i]!.appendBatch([{ sender: v, input: { clientId: 'first', body: 'hi' } }], [agent.id])));
      unassigned += batches.filter((b) => b.conversations[ok(b.stored[0]).message.conversationId]!.assigneeId !== agent.id).length;
    }
    expect(unassigned).toBe(0);
  });

  it('erasing a visitor while another instance stores their message with a file: no deadlock, nothing of theirs left', async () => {
    const site = await aSite(fixtures);
    const files = new PgAttachmentStore(dbs[0]!);
    const eraser = new PgVisitorStore(dbs[0]!);
    for (let round = 0; round < 15; round++) {
      const visitor = await aVisitor(fixtures, site.id);
      const v: Sender = { kind: 'visitor', visitorId: visitor.id, siteId: site.id };
      const id = ok((await stores[1]!.appendBatch([{ sender: v, input: { clientId: 'first', body: 'hi' } }])).stored[0]).message.conversationId;
      const file = anUpload(site.id, visitor.id);
      await files.insert(file);
      const [sent, erased] = await Promise.allSettled([
        stores[1]!.appendBatch([{ sender: v, input: { conversationId: id, clientId: 'with-file', body: '', attachmentId: file.id } }]),
        eraser.erase(visitor.id),
      ]);
      // The erasure always goes through; the send either committed first (and was erased) or found
      // nothing left (a refusal in its slot) — never a deadlock or another SQL error.
      expect(erased.status === 'fulfilled' ? erased.value.existed : erased.reason).toBe(true);
      if (sent.status === 'rejected') throw sent.reason;
      const slot = sent.value.stored[0]!;
      if (!slot.ok) expect(slot.error).toMatchObject({ code: 'not_found' });
      expect(await stores[0]!.get(id)).toBeUndefined();
      expect(await files.get(file.id)).toBeUndefined();
    }
  });

  it('batches given at once: those sharing a conversation commit in the order given, the others do not wait for them; a failed batch stores nothing and frees its turn', async () => {
    const site = await aSite(fixtures);
    const agent = await anAgent(fixtures);
    const a: Sender = { kind: 'agent', agentId: agent.id, agentName: agent.name };
    const store = new PgConversationStore(dbs[0]!, { parallel: 4 });
    const open = async () => {
      const w: Sender = { kind: 'visitor', visitorId: (await aVisitor(fixtures, site.id)).id, siteId: site.id };
      return ok((await store.appendBatch([{ sender: w, input: { clientId: 'w', body: 'hi' } }])).stored[0]).message.conversationId;
    };
    const [x, y] = [await open(), await open()];
    // Another connection holds conversation x's row: every batch touching x waits behind it.
    const holder = await dbs[1]!.$client.connect();
    await holder.query('BEGIN');
    await holder.query('SELECT 1 FROM conversations WHERE id = $1 FOR UPDATE', [x]);
    const toX = Array.from({ length: 12 }, (_, i) => store.appendBatch([{ sender: a, input: { conversationId: x!, clientId: `x${i}`, body: `x${i}` } }]));
    let xDone = false;
    void Promise.allSettled(toX).then(() => (xDone = true));
    // y shares nothing with them: it commits while they wait.
    expect(ok((await store.appendBatch([{ sender: a, input: { conversationId: y!, clientId: 'y', body: 'y' } }])).stored[0]).message.seq).toBe(2);
    expect(xDone).toBe(false);
    await holder.query('COMMIT');
    holder.release();
    const seqs = (await Promise.all(toX)).map((b) => ok(b.stored[0]).message.seq);
    expect(seqs).toEqual(Array.from({ length: 12 }, (_, i) => i + 2));

    // A visitor who does not exist: opening their conversation fails on the foreign key (an SQL
    // error, not a refusal), so the whole batch fails and nothing of it is stored.
    const ghost: Sender = { kind: 'visitor', visitorId: 'no-such-visitor', siteId: site.id };
    const v: Sender = { kind: 'visitor', visitorId: (await aVisitor(fixtures, site.id)).id, siteId: site.id };
    const failed = store.appendBatch([
      { sender: a, input: { conversationId: x!, clientId: 'lost', body: 'lost' } },
      { sender: v, input: { clientId: 'v1', body: 'hello' } },
      { sender: ghost, input: { clientId: 'g1', body: 'lost' } },
    ]);
    // Given after it, on the same conversation and turn: waits for it, then commits.
    const after = store.appendBatch([
      { sender: a, input: { conversationId: x!, clientId: 'after', body: 'after' } },
      { sender: v, input: { clientId: 'v1', body: 'hello' } },
    ]);
    await expect(failed).rejects.toThrow();
    const stored = await after;
    expect(ok(stored.stored[0]).message.seq).toBe(14);
    expect(ok(stored.stored[1]).message.seq).toBe(1);
    expect((await store.messagesAfter(x!, 0, 100)).map((m) => m.clientId)).not.toContain('lost');

    // A visitor's message without a conversation id goes to their open conversation, known only
    // inside its transaction: a batch for that conversation given after it still commits after it.
    const w: Sender = { kind: 'visitor', visitorId: (await aVisitor(fixtures, site.id)).id, siteId: site.id };
    const z = ok((await store.appendBatch([{ sender: w, input: { clientId: 'w0', body: 'hi' } }])).stored[0]).message.conversationId;
    for (let round = 0; round < 5; round++) {
      const theirs = store.appendBatch([{ sender: w, input: { clientId: `w${round + 1}`, body: 'again' } }]);
      const reply = store.appendBatch([{ sender: a, input: { conversationId: z, clientId: `r${round}`, body: 'reply' } }]);
      const [t, r] = [ok((await theirs).stored[0]).message, ok((await reply).stored[0]).message];
      expect(t.conversationId).toBe(z);
      expect(t.seq).toBeLessThan(r.seq);
    }
    await store.close();
  });

  it('a retry another instance committed while this one waited for the lock is found (the batch starts over once), not stored twice', async () => {
    const site = await aSite(fixtures);
    const w: Sender = { kind: 'visitor', visitorId: (await aVisitor(fixtures, site.id)).id, siteId: site.id };
    const x = ok((await stores[0]!.appendBatch([{ sender: w, input: { clientId: 'w', body: 'hi' } }])).stored[0]).message.conversationId;
    // Both instances' batches start while another connection holds the row: their snapshots predate
    // whichever commits first, so the second cannot see the first's message in its lock statement.
    const holder = await dbs[2]!.$client.connect();
    await holder.query('BEGIN');
    await holder.query('SELECT 1 FROM conversations WHERE id = $1 FOR UPDATE', [x]);
    const send = (i: number) => stores[i]!.appendBatch([{ sender: w, input: { conversationId: x, clientId: 'again', body: 'same' } }]);
    const both = [send(0), send(1)];
    await new Promise((r) => setTimeout(r, 200));
    await holder.query('COMMIT');
    holder.release();
    const [first, second] = (await Promise.all(both)).map((b) => ok(b.stored[0])) as [ReturnType<typeof ok>, ReturnType<typeof ok>];
    expect(first.message.id).toBe(second.message.id);
    expect([first.created, second.created].sort()).toEqual([false, true]);
    expect((await stores[0]!.messagesAfter(x, 0, 10)).map((m) => m.clientId)).toEqual(['w', 'again']);
  });
});
