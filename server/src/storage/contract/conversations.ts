/**
 * Contract: conversations and messages (the send path's batch append, the inbox, receipts). Every
 * test opens a fresh storage; what a server database will race on (seq, a visitor's first
 * conversation, auto-assignment capacity) is tested with batches in flight at once, and, where the
 * implementation has one, on its off-thread connection and the event loop's at the same time.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '../../domain/errors';
import type { OffThreadAppender, Send, Sender, SendInput, StoredBatch, StoredSlot } from '../conversations';
import type { AttachmentRow, Storage } from '../index';
import { newId } from '../../domain/ids';
import { aSite, aVisitor, anAgent } from './fixtures';
import type { OpenStorage } from './suite';

/** The implementation's off-thread appender once it is up (it may start on first ask), or null when it has none. */
export async function offThreadOf(storage: Storage): Promise<OffThreadAppender | null> {
  const off = storage.conversations.offThread;
  if (!off) return null;
  for (let i = 0; i < 500 && !off.available(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!off.available()) throw new Error('the off-thread appender never became available');
  return off;
}

function ok(slot: StoredSlot | undefined) {
  if (!slot) throw new Error('no slot');
  if (!slot.ok) throw slot.error;
  return slot;
}

function refusal(slot: StoredSlot | undefined): string {
  if (!slot || slot.ok) throw new Error('expected a refusal');
  expect(slot.error).toBeInstanceOf(AppError);
  return (slot.error as AppError).code;
}

export function conversationsContract(open: OpenStorage): void {
  describe('conversations', () => {
    let storage: Storage;
    let close: () => Promise<void>;
    afterEach(async () => {
      vi.useRealTimers();
      await close?.();
    });

    async function start() {
      ({ storage, close } = await open());
      const site = await aSite(storage);
      const visitor = async (patch: { name?: string; email?: string } = {}): Promise<Sender & { kind: 'visitor' }> => ({
        kind: 'visitor',
        visitorId: (await aVisitor(storage, site.id, patch)).id,
        siteId: site.id,
      });
      const agent = async (patch: Parameters<typeof anAgent>[1] = {}) => {
        const row = await anAgent(storage, patch);
        return { row, sender: { kind: 'agent', agentId: row.id, agentName: row.name } as Sender };
      };
      const append = (sends: Send[], assignable: string[] = []) => storage.conversations.appendBatch(sends, assignable);
      const one = async (sender: Sender, input: SendInput, assignable: string[] = []) => ok((await append([{ sender, input }], assignable)).stored[0]);
      const seqs = async (id: string) => (await storage.conversations.messagesAfter(id, 0, 100_000)).map((m) => [m.seq, m.clientId] as const);
      return { site, visitor, agent, append, one, seqs };
    }

    it('appends with consecutive seqs and answers with the conversation as committed', async () => {
      const { visitor, agent, append, one } = await start();
      const v = await visitor({ name: 'Maria', email: 'maria@example.com' });
      const { sender: a } = await agent();
      const first = await one(v, { clientId: 'v1', body: 'hello' });
      expect(first).toMatchObject({ created: true, opened: true, message: { seq: 1, clientId: 'v1', author: 'visitor', body: 'hello', attachment: null } });
      const id = first.message.conversationId;
      const batch = await append([
        { sender: v, input: { conversationId: id, clientId: 'v2', body: 'anyone?' } },
        { sender: a, input: { conversationId: id, clientId: 'a1', body: 'Hello!' } },
        { sender: v, input: { conversationId: id, clientId: 'v3', body: 'my order' } },
        { sender: v, input: { conversationId: id, clientId: 'v4', body: 'is late' } },
      ]);
      expect(batch.stored.map((s) => ok(s).message.seq)).toEqual([2, 3, 4, 5]);
      expect(ok(batch.stored[1]).message).toMatchObject({ author: 'agent', agentId: (a as { agentId: string }).agentId });
      expect(batch.conversations[id]).toMatchObject({
        id,
        lastSeq: 5,
        lastMessagePreview: 'is late',
        lastMessageAuthor: 'visitor',
        unreadCount: 2,
        status: 'open',
        visitorName: 'Maria',
        visitorEmail: 'maria@example.com',
        visitorVerified: false,
      });
      expect(await storage.conversations.get(id)).toEqual(batch.conversations[id]);
      expect(await storage.conversations.lastSeq(id)).toBe(5);
      expect(await storage.conversations.lastSeq('nope')).toBe(0);
      expect(await storage.conversations.visitorOf(id)).toBe(v.visitorId);
      expect(await storage.conversations.visitorOf('nope')).toBeUndefined();
      expect(await storage.conversations.get('nope')).toBeUndefined();
    });

    it('keeps seq without holes under two writers at once', async () => {
      const { visitor, agent, append, seqs } = await start();
      const v = await visitor();
      const { sender: a } = await agent();
      const id = ok((await append([{ sender: v, input: { clientId: 'v0', body: 'start' } }])).stored[0]).message.conversationId;
      const batchOf = (who: Sender, tag: string, n: number): Send[] =>
        Array.from({ length: n }, (_, i) => ({ sender: who, input: { conversationId: id, clientId: `${tag}${i}`, body: `${tag} ${i}` } }));
      const off = await offThreadOf(storage);
      const rounds: Promise<StoredBatch>[] = [];
      for (let r = 0; r < 5; r++) {
        // Two batches in flight at once; with an off-thread appender, one there and one here (two connections).
        rounds.push(append(batchOf(v, `v${r}-`, 40)));
        rounds.push(off ? off.appendBatch(batchOf(a, `a${r}-`, 40), []) : append(batchOf(a, `a${r}-`, 40)));
      }
      const done = await Promise.all(rounds);
      const all = done.flatMap((b) => b.stored.map((s) => ok(s).message.seq));
      expect(all).toHaveLength(400);
      expect(new Set(all).size).toBe(400);
      const stored = await seqs(id);
      expect(stored.map(([seq]) => seq)).toEqual(Array.from({ length: 401 }, (_, i) => i + 1));
      expect(new Set(stored.map(([, c]) => c)).size).toBe(401);
      // Within a batch, seqs follow the batch's order.
      for (const b of done) {
        const s = b.stored.map((x) => ok(x).message.seq);
        expect(s).toEqual([...s].sort((x, y) => x - y));
      }
      expect(await storage.conversations.lastSeq(id)).toBe(401);
    });

    it('answers an idempotent retry with the stored message, in another batch and in the same one', async () => {
      const { visitor, append, one, seqs } = await start();
      const v = await visitor();
      const first = await one(v, { clientId: 'x1', body: 'first message opens a conversation' });
      const id = first.message.conversationId;
      // The same first message again (no conversation id: the socket dropped before the ack).
      const again = await one(v, { clientId: 'x1', body: 'first message opens a conversation' });
      expect(again).toMatchObject({ created: false, opened: false });
      expect(again.message).toEqual(first.message);
      const batch = await append([
        { sender: v, input: { conversationId: id, clientId: 'x2', body: 'two' } },
        { sender: v, input: { conversationId: id, clientId: 'x2', body: 'two' } },
        { sender: v, input: { conversationId: id, clientId: 'x1', body: 'first message opens a conversation' } },
      ]);
      expect(batch.stored.map((s) => [ok(s).message.seq, ok(s).created])).toEqual([
        [2, true],
        [2, false],
        [1, false],
      ]);
      expect(ok(batch.stored[1]).message.id).toBe(ok(batch.stored[0]).message.id);
      expect(await seqs(id)).toEqual([
        [1, 'x1'],
        [2, 'x2'],
      ]);
      expect(batch.conversations[id]!.lastSeq).toBe(2);
    });

    it('refuses a conflicting retry (same client id, another body) in its slot', async () => {
      const { visitor, append, one, seqs } = await start();
      const v = await visitor();
      const id = (await one(v, { clientId: 'a1', body: 'hello' })).message.conversationId;
      const batch = await append([
        { sender: v, input: { conversationId: id, clientId: 'a1', body: 'other body' } },
        { sender: v, input: { clientId: 'a1', body: 'other body again' } },
        { sender: v, input: { conversationId: id, clientId: 'a2', body: 'two' } },
      ]);
      expect(refusal(batch.stored[0])).toBe('conflict');
      expect(refusal(batch.stored[1])).toBe('conflict');
      expect(ok(batch.stored[2]).message.seq).toBe(2);
      expect(await seqs(id)).toEqual([
        [1, 'a1'],
        [2, 'a2'],
      ]);
    });

    it('stores the rest of a batch when some sends are refused', async () => {
      const { visitor, agent, append, one, seqs } = await start();
      const v = await visitor();
      const w = await visitor();
      const { sender: a } = await agent();
      const id = (await one(v, { clientId: 'v1', body: 'one' })).message.conversationId;
      const idw = (await one(w, { clientId: 'w1', body: 'one' })).message.conversationId;
      const batch = await append([
        { sender: v, input: { conversationId: id, clientId: 'v2', body: 'two' } },
        { sender: v, input: { conversationId: 'missing', clientId: 'v3', body: 'lost' } },
        { sender: w, input: { conversationId: id, clientId: 'w2', body: 'not my conversation' } },
        { sender: v, input: { conversationId: id, clientId: 'v4', body: '' } },
        { sender: a, input: { clientId: 'a0', body: 'agents name the conversation' } },
        { sender: a, input: { conversationId: 'missing', clientId: 'a1', body: 'lost' } },
        { sender: v, input: { conversationId: id, clientId: 'v5', body: 'three' } },
        { sender: a, input: { conversationId: idw, clientId: 'a2', body: 'hello w' } },
      ]);
      expect(batch.stored.map((s) => (s.ok ? s.message.seq : refusal(s)))).toEqual([
        2,
        'not_found',
        'not_found',
        'bad_request',
        'bad_request',
        'not_found',
        3,
        2,
      ]);
      expect(await seqs(id)).toEqual([
        [1, 'v1'],
        [2, 'v2'],
        [3, 'v5'],
      ]);
      expect(batch.conversations[id]).toMatchObject({ lastSeq: 3, unreadCount: 3 });
      expect(batch.conversations[idw]).toMatchObject({ lastSeq: 2, unreadCount: 0, lastMessageAuthor: 'agent' });
      expect(Object.keys(batch.conversations).sort()).toEqual([id, idw].sort());
    });

    it('replays the messages after a seq, in order, up to a limit', async () => {
      const { visitor, append, one } = await start();
      const v = await visitor();
      const id = (await one(v, { clientId: 'm1', body: 'm1' })).message.conversationId;
      await append(Array.from({ length: 9 }, (_, i) => ({ sender: v, input: { conversationId: id, clientId: `m${i + 2}`, body: `m${i + 2}` } })));
      const after = async (seq: number, limit: number) => (await storage.conversations.messagesAfter(id, seq, limit)).map((m) => m.seq);
      expect(await after(0, 100)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      expect(await after(3, 4)).toEqual([4, 5, 6, 7]);
      expect(await after(9, 5)).toEqual([10]);
      expect(await after(10, 5)).toEqual([]);
      expect(await storage.conversations.messagesAfter('missing', 0, 10)).toEqual([]);
      const [m] = await storage.conversations.messagesAfter(id, 4, 1);
      expect(m).toMatchObject({ conversationId: id, seq: 5, clientId: 'm5', body: 'm5', author: 'visitor', agentId: null, attachment: null });
    });

    it("opens a visitor's first conversation once: two first messages in one batch, or in batches at once", async () => {
      const { visitor, append } = await start();
      const v = await visitor();
      const batch = await append([
        { sender: v, input: { clientId: 'f1', body: 'hello' } },
        { sender: v, input: { clientId: 'f2', body: 'anyone there?' } },
      ]);
      const [s1, s2] = batch.stored.map(ok);
      expect(s1!.message.conversationId).toBe(s2!.message.conversationId);
      expect([s1!.opened, s2!.opened]).toEqual([true, false]);
      expect([s1!.message.seq, s2!.message.seq]).toEqual([1, 2]);

      const w = await visitor();
      const off = await offThreadOf(storage);
      const firsts = (tag: string): Send[] => [{ sender: w, input: { clientId: tag, body: `first ${tag}` } }];
      const raced = await Promise.all([append(firsts('g1')), off ? off.appendBatch(firsts('g2'), []) : append(firsts('g2')), append(firsts('g3'))]);
      const slots = raced.map((b) => ok(b.stored[0]));
      expect(new Set(slots.map((s) => s.message.conversationId)).size).toBe(1);
      expect(slots.filter((s) => s.opened)).toHaveLength(1);
      expect(slots.map((s) => s.message.seq).sort()).toEqual([1, 2, 3]);
      expect(await storage.conversations.forVisitor(w.visitorId, 20)).toHaveLength(1);
    });

    it('sends a visitor without a conversation id to their open or pending conversation, and opens a new one after resolved', async () => {
      const { visitor, one } = await start();
      const v = await visitor();
      const id = (await one(v, { clientId: 'a1', body: 'hello' })).message.conversationId;
      expect(await storage.conversations.setStatus(id, 'pending')).toBe(true);
      const answer = await one(v, { clientId: 'a2', body: 'my e-mail is joe@example.com' });
      expect(answer.message.conversationId).toBe(id);
      expect(answer.opened).toBe(false);
      // A visitor's message reopens it.
      expect(await storage.conversations.get(id)).toMatchObject({ status: 'open', lastSeq: 2 });
      expect(await storage.conversations.setStatus(id, 'resolved')).toBe(true);
      expect(await storage.conversations.setStatus(id, 'resolved')).toBe(false);
      expect((await storage.conversations.get(id))!.resolvedAt).toEqual(expect.any(Number));
      const fresh = await one(v, { clientId: 'a3', body: 'new question' });
      expect(fresh.opened).toBe(true);
      expect(fresh.message.conversationId).not.toBe(id);
      expect(await storage.conversations.get(id)).toMatchObject({ status: 'resolved' });
      // A visitor writing into the resolved one by id reopens it; an agent writing does not.
      const a: Sender = { kind: 'agent', agentId: (await anAgent(storage)).id, agentName: 'A' };
      await one(a, { conversationId: id, clientId: 'x1', body: 'Anything else?' });
      expect(await storage.conversations.get(id)).toMatchObject({ status: 'resolved', lastSeq: 3, unreadCount: 0 });
      await one(v, { conversationId: id, clientId: 'a4', body: 'yes, one more thing' });
      expect(await storage.conversations.get(id)).toMatchObject({ status: 'open', resolvedAt: null, lastSeq: 4, unreadCount: 1 });
    });

    it('auto-assigns a new conversation among the agents offered: online, active, under capacity, longest since assigned', async () => {
      const { visitor, one } = await start();
      const a = await anAgent(storage, { status: 'online', capacity: 1, lastAssignedAt: 1 });
      const b = await anAgent(storage, { status: 'online', capacity: 2, lastAssignedAt: 2 });
      const away = await anAgent(storage, { status: 'away', capacity: 9, lastAssignedAt: 0 });
      const gone = await anAgent(storage, { status: 'online', capacity: 9, lastAssignedAt: 0, deactivatedAt: 1 });
      const notConnected = await anAgent(storage, { status: 'online', capacity: 9, lastAssignedAt: 0 });
      const offered = [a.id, b.id, away.id, gone.id];
      const assignee = async (assignable = offered) => {
        const s = await one(await visitor(), { clientId: 'c', body: 'hi' }, assignable);
        return (await storage.conversations.get(s.message.conversationId))!.assigneeId;
      };
      const first = await assignee();
      expect(first).toBe(a.id);
      expect(await assignee()).toBe(b.id);
      // a is at capacity (1): skipped.
      expect(await assignee()).toBe(b.id);
      // Everyone offered is at capacity: unassigned.
      expect(await assignee()).toBeNull();
      expect(await assignee([])).toBeNull();
      expect(await assignee([notConnected.id])).toBe(notConnected.id);
      // Resolving frees capacity; pending still counts.
      const mine = await storage.conversations.list({ status: 'all', scope: 'mine', agentId: a.id, limit: 10 });
      expect(mine).toHaveLength(1);
      await storage.conversations.setStatus(mine[0]!.id, 'pending');
      expect(await assignee([a.id])).toBeNull();
      await storage.conversations.setStatus(mine[0]!.id, 'resolved');
      expect(await assignee([a.id])).toBe(a.id);
      // A message into an existing conversation never assigns.
      const v = await visitor();
      const id = (await one(v, { clientId: 'z1', body: 'hi' }, [])).message.conversationId;
      await one(v, { conversationId: id, clientId: 'z2', body: 'again' }, [notConnected.id]);
      expect((await storage.conversations.get(id))!.assigneeId).toBeNull();
    });

    it('auto-assigns in turns and within capacity inside one batch and across batches at once', async () => {
      const { visitor, append } = await start();
      const a = await anAgent(storage, { status: 'online', capacity: 10 });
      const b = await anAgent(storage, { status: 'online', capacity: 10 });
      const firsts = async (n: number): Promise<Send[]> =>
        Promise.all(Array.from({ length: n }, async (_, i) => ({ sender: await visitor(), input: { clientId: `f${i}`, body: 'hi' } })));
      const assignees = (b: StoredBatch) => b.stored.map((s) => b.conversations[ok(s).message.conversationId]!.assigneeId);
      // Round robin inside one batch: turns alternate.
      const turns = assignees(await append(await firsts(6), [a.id, b.id]));
      expect(turns.filter((x) => x === a.id)).toHaveLength(3);
      expect(turns.filter((x) => x === b.id)).toHaveLength(3);
      for (let i = 1; i < turns.length; i++) expect(turns[i]).not.toBe(turns[i - 1]);
      // Round robin across batches continues from there.
      const next = [...assignees(await append(await firsts(1), [a.id, b.id])), ...assignees(await append(await firsts(1), [a.id, b.id]))];
      expect(next[0]).not.toBe(turns.at(-1));
      expect(next[1]).not.toBe(next[0]);

      // Capacity holds inside one batch and across batches racing (here and off-thread when there is one).
      const c = await anAgent(storage, { status: 'online', capacity: 2 });
      expect(assignees(await append(await firsts(3), [c.id]))).toEqual([c.id, c.id, null]);
      const d = await anAgent(storage, { status: 'online', capacity: 1 });
      const off = await offThreadOf(storage);
      const raced = await Promise.all([
        append(await firsts(1), [d.id]),
        off ? off.appendBatch(await firsts(1), [d.id]) : append(await firsts(1), [d.id]),
        append(await firsts(1), [d.id]),
      ]);
      expect(raced.flatMap(assignees).filter((x) => x === d.id)).toHaveLength(1);
      expect(await storage.conversations.list({ status: 'open', scope: 'mine', agentId: d.id, limit: 10 })).toHaveLength(1);
    });

    it("links a file to its message's conversation: the sender's own upload, of the same site, in no other conversation", async () => {
      const { site, visitor, agent, append, one } = await start();
      const file = async (uploader: { kind: 'visitor' | 'agent'; id: string }, patch: Partial<AttachmentRow> = {}) => {
        const row: AttachmentRow = {
          id: newId(),
          siteId: site.id,
          uploaderKind: uploader.kind,
          uploaderId: uploader.id,
          conversationId: null,
          name: 'invoice.pdf',
          mime: 'application/pdf',
          size: 1234,
          key: 'k'.repeat(32),
          createdAt: Date.now(),
          ...patch,
        };
        await storage.attachments.insert(row);
        return row;
      };
      const v = await visitor();
      const w = await visitor();
      const { row: agentRow, sender: a } = await agent();
      const mine = await file({ kind: 'visitor', id: v.visitorId });
      // An empty body becomes the file's name; the message carries the file, now in the conversation.
      const first = await one(v, { clientId: 'f1', body: '', attachmentId: mine.id });
      const id = first.message.conversationId;
      expect(first.message).toMatchObject({ body: 'invoice.pdf', attachmentId: mine.id, attachment: { ...mine, conversationId: id } });
      expect(await storage.attachments.get(mine.id)).toMatchObject({ conversationId: id });
      const [replayed] = await storage.conversations.messagesAfter(id, 0, 1);
      expect(replayed!.attachment).toEqual({ ...mine, conversationId: id });
      // A retry is answered with the stored message and its file.
      const retry = await one(v, { conversationId: id, clientId: 'f1', body: '', attachmentId: mine.id });
      expect(retry).toMatchObject({ created: false, message: { id: first.message.id, attachment: { id: mine.id } } });

      const wid = (await one(w, { clientId: 'w1', body: 'hi' })).message.conversationId;
      const theirs = await file({ kind: 'visitor', id: w.visitorId });
      const agents = await file({ kind: 'agent', id: agentRow.id });
      const otherSite = await aSite(storage);
      const agentsElsewhere = await file({ kind: 'agent', id: agentRow.id }, { siteId: otherSite.id });
      const batch = await append([
        // Someone else's upload, a missing one, and one already in another conversation: refused.
        { sender: v, input: { conversationId: id, clientId: 'x1', body: 'not mine', attachmentId: theirs.id } },
        { sender: v, input: { conversationId: id, clientId: 'x2', body: 'missing', attachmentId: 'nope' } },
        { sender: w, input: { conversationId: wid, clientId: 'x3', body: 'reused', attachmentId: mine.id } },
        { sender: a, input: { conversationId: id, clientId: 'x4', body: 'an agent sending a visitor file', attachmentId: theirs.id } },
        { sender: a, input: { conversationId: id, clientId: 'x5', body: 'from another site', attachmentId: agentsElsewhere.id } },
        // The agent's own file, and the visitor's file again in the same conversation: stored.
        { sender: a, input: { conversationId: wid, clientId: 'x6', body: 'here you go', attachmentId: agents.id } },
        { sender: v, input: { conversationId: id, clientId: 'x7', body: 'again', attachmentId: mine.id } },
      ]);
      expect(batch.stored.map((s) => (s.ok ? s.message.seq : refusal(s)))).toEqual(['not_found', 'not_found', 'not_found', 'not_found', 'not_found', 2, 2]);
      expect((batch.stored[0] as { error: Error }).error.message).toBe('Attachment not found');
      expect(ok(batch.stored[5]).message.attachment).toEqual({ ...agents, conversationId: wid });
      expect(await storage.attachments.get(agents.id)).toMatchObject({ conversationId: wid });
      expect(await storage.attachments.get(theirs.id)).toMatchObject({ conversationId: null });
      expect(await storage.attachments.get(agentsElsewhere.id)).toMatchObject({ conversationId: null });
    });

    it('pages the inbox with keyset cursors: every conversation once, in order, across equal activity times', async () => {
      const { visitor, one } = await start();
      vi.useFakeTimers({ toFake: ['Date'] });
      const t = 1_700_000_000_000;
      const agentRow = await anAgent(storage);
      const ids: { id: string; at: number }[] = [];
      for (let i = 0; i < 11; i++) {
        // Three activity times, several conversations each: the id breaks the ties.
        const at = t + (i % 3) * 1000;
        vi.setSystemTime(at);
        const s = await one(await visitor(), { clientId: `c${i}`, body: `conversation ${i}` });
        ids.push({ id: s.message.conversationId, at });
      }
      vi.useRealTimers();
      const expected = [...ids].sort((x, y) => y.at - x.at || (y.id < x.id ? -1 : y.id > x.id ? 1 : 0)).map((x) => x.id);
      const pages = async (view: Omit<Parameters<Storage['conversations']['list']>[0], 'after' | 'limit'>, limit: number) => {
        const seen: string[] = [];
        let after: { lastActivityAt: number; id: string } | undefined;
        for (let n = 0; n < 50; n++) {
          const page = await storage.conversations.list({ ...view, after, limit });
          expect(page.length).toBeLessThanOrEqual(limit);
          seen.push(...page.map((c) => c.id));
          const last = page.at(-1);
          if (page.length < limit || !last) break;
          after = { lastActivityAt: last.lastActivityAt, id: last.id };
        }
        return seen;
      };
      for (const limit of [1, 2, 3, 4, 11, 50]) expect(await pages({ status: 'all', scope: 'all' }, limit)).toEqual(expected);

      // Filters: status, scope (mine / unassigned), site.
      const resolved = new Set([expected[1]!, expected[4]!, expected[9]!]);
      for (const id of resolved) await storage.conversations.setStatus(id, 'resolved');
      const open = expected.filter((id) => !resolved.has(id));
      expect(await pages({ status: 'open', scope: 'all' }, 2)).toEqual(open);
      expect(await pages({ status: 'resolved', scope: 'all' }, 2)).toEqual([...resolved].sort((x, y) => expected.indexOf(x) - expected.indexOf(y)));
      const other = await aSite(storage);
      expect(await pages({ status: 'all', scope: 'all', siteId: other.id }, 2)).toEqual([]);
      expect(await pages({ status: 'all', scope: 'mine', agentId: agentRow.id }, 2)).toEqual([]);
      expect(await pages({ status: 'all', scope: 'unassigned' }, 3)).toEqual(expected);
      const page = await storage.conversations.list({ status: 'all', scope: 'all', limit: 1 });
      expect(page[0]).toMatchObject({ id: expected[0], visitorName: null, visitorVerified: false, visitorEmail: null });
    });

    it("lists a visitor's conversations with the team's unread messages", async () => {
      const { visitor, agent, one } = await start();
      const v = await visitor();
      const { sender: a } = await agent();
      const id = (await one(v, { clientId: 'v1', body: 'hi' })).message.conversationId;
      await one(a, { conversationId: id, clientId: 'a1', body: 'Hello' });
      await one(a, { conversationId: id, clientId: 'a2', body: 'How can I help?' });
      expect(await storage.conversations.forVisitor(v.visitorId, 20)).toEqual([
        { id, status: 'open', lastSeq: 3, agentReadSeq: 0, visitorReadSeq: 0, rated: false, botState: null, unread: 2 },
      ]);
      expect(await storage.conversations.markVisitorRead(id, 2)).toBe(2);
      expect(await storage.conversations.markVisitorRead(id, 1)).toBeNull();
      expect(await storage.conversations.markVisitorRead(id, 99)).toBe(3);
      expect(await storage.conversations.markVisitorRead(id, 99)).toBeNull();
      expect(await storage.conversations.forVisitor(v.visitorId, 20)).toMatchObject([{ id, visitorReadSeq: 3, unread: 0 }]);
      expect(await storage.conversations.forVisitor('nobody', 20)).toEqual([]);
    });

    it('marks read for agents: unread cleared when the newest is covered, the receipt never backwards nor past the newest', async () => {
      const { visitor, one } = await start();
      const v = await visitor();
      const id = (await one(v, { clientId: 'v1', body: 'one' })).message.conversationId;
      await one(v, { conversationId: id, clientId: 'v2', body: 'two' });
      await one(v, { conversationId: id, clientId: 'v3', body: 'three' });
      expect(await storage.conversations.markRead(id, 2)).toEqual({ unreadCleared: false, receipt: 2 });
      expect((await storage.conversations.get(id))!.unreadCount).toBe(3);
      expect(await storage.conversations.markRead(id, 1)).toEqual({ unreadCleared: false, receipt: null });
      expect(await storage.conversations.markRead(id, 50)).toEqual({ unreadCleared: true, receipt: 3 });
      expect(await storage.conversations.get(id)).toMatchObject({ unreadCount: 0, agentReadSeq: 3 });
      expect(await storage.conversations.markRead(id, 50)).toEqual({ unreadCleared: false, receipt: null });
      expect(await storage.conversations.markRead('missing', 5)).toEqual({ unreadCleared: false, receipt: null });
    });

    it('counts conversations with unread messages per inbox view', async () => {
      const { site, visitor, one } = await start();
      const me = await anAgent(storage);
      const other = await anAgent(storage);
      const open = async () => (await one(await visitor(), { clientId: 'c', body: 'hi' })).message.conversationId;
      const unassigned = await open();
      await open();
      // Conversations assigned to an agent: openForAgent assigns a new one to them.
      const mineVisitor = await visitor();
      const mine = (await storage.conversations.openForAgent(mineVisitor.visitorId, me.id))!.id;
      await one(mineVisitor, { conversationId: mine, clientId: 'm', body: 'hello' });
      const theirsVisitor = await visitor();
      const theirs = (await storage.conversations.openForAgent(theirsVisitor.visitorId, other.id))!.id;
      await one(theirsVisitor, { conversationId: theirs, clientId: 't', body: 'hello' });
      await storage.conversations.setStatus(theirs, 'pending');
      await storage.conversations.markRead(unassigned, 99);
      const counts = await storage.conversations.unreadCounts(me.id);
      expect(counts).toEqual({
        unassigned: { open: 1, pending: 0, resolved: 0 },
        mine: { open: 1, pending: 0, resolved: 0 },
        all: { open: 2, pending: 1, resolved: 0 },
      });
      expect(await storage.conversations.unreadCounts(me.id, site.id)).toEqual(counts);
      const elsewhere = await aSite(storage);
      expect(await storage.conversations.unreadCounts(me.id, elsewhere.id)).toEqual({
        unassigned: { open: 0, pending: 0, resolved: 0 },
        mine: { open: 0, pending: 0, resolved: 0 },
        all: { open: 0, pending: 0, resolved: 0 },
      });
    });

    it("opens a conversation for an agent's first message, or uses the visitor's conversation that is not resolved", async () => {
      const { visitor, one } = await start();
      const agentRow = await anAgent(storage);
      expect(await storage.conversations.openForAgent('nobody', agentRow.id)).toBeUndefined();
      const v = await visitor();
      const opened = await storage.conversations.openForAgent(v.visitorId, agentRow.id);
      expect(opened).toEqual({ id: expect.any(String), opened: true });
      expect(await storage.conversations.get(opened!.id)).toMatchObject({ status: 'open', assigneeId: agentRow.id, lastSeq: 0, visitorId: v.visitorId });
      expect(await storage.conversations.openForAgent(v.visitorId, agentRow.id)).toEqual({ id: opened!.id, opened: false });
      // The visitor's own message goes there too (it is open).
      expect((await one(v, { clientId: 'v1', body: 'oh hi' })).message.conversationId).toBe(opened!.id);
      await storage.conversations.setStatus(opened!.id, 'resolved');
      const again = await storage.conversations.openForAgent(v.visitorId, agentRow.id);
      expect(again!.opened).toBe(true);
      expect(again!.id).not.toBe(opened!.id);
    });
  });
}
