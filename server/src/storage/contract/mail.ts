/** Contract: e-mail: the outbox (enqueued once, claimed with a lease, backoff), reply tokens, continuity windows. */
import { afterEach, describe, expect, it } from 'vitest';
import type { MailOutboxRow, Storage } from '../index';
import { newId } from '../../domain/ids';
import { aSite, aVisitor } from './fixtures';
import type { OpenStorage } from './suite';

/** A visitor's conversation (one message). */
async function aConversation(storage: Storage): Promise<string> {
  const site = await aSite(storage);
  const visitor = await aVisitor(storage, site.id);
  const { stored } = await storage.conversations.appendBatch([
    { sender: { kind: 'visitor', visitorId: visitor.id, siteId: site.id }, input: { clientId: 'c1', body: 'hi' } },
  ]);
  const slot = stored[0]!;
  if (!slot.ok) throw slot.error;
  return slot.message.conversationId;
}

/** An outbox row, queued and due at `nextAttemptAt`. */
export function aMail(patch: Partial<MailOutboxRow> = {}): MailOutboxRow {
  return {
    id: newId(),
    dedupeKey: `test:${newId()}`,
    kind: 'continuity',
    recipient: 'visitor@example.com',
    subject: 'Subject',
    text: 'text',
    html: '<p>text</p>',
    headers: '{}',
    replyTo: null,
    fromName: null,
    conversationId: null,
    state: 'queued',
    attempts: 0,
    nextAttemptAt: 1_000,
    leaseUntil: null,
    lastError: null,
    createdAt: 1_000,
    sentAt: null,
    ...patch,
  };
}

export function mailContract(open: OpenStorage): void {
  let opened: Awaited<ReturnType<OpenStorage>> | undefined;
  afterEach(async () => {
    await opened?.close();
    opened = undefined;
  });
  async function fresh(): Promise<Storage> {
    opened = await open();
    return opened.storage;
  }

  describe('mail: outbox', () => {
    it('enqueues an e-mail once per dedupe key, its reply token only with the row', async () => {
      const storage = await fresh();
      const conversationId = await aConversation(storage);
      const first = aMail({ dedupeKey: 'continuity:c:3', conversationId });
      expect(await storage.mail.enqueue(first, { tokenHash: 'a'.repeat(64), conversationId, createdAt: 1 })).toBe(true);
      expect(
        await storage.mail.enqueue(aMail({ dedupeKey: 'continuity:c:3', conversationId, subject: 'again' }), {
          tokenHash: 'b'.repeat(64),
          conversationId,
          createdAt: 1,
        }),
      ).toBe(false);
      expect(await storage.mail.forConversation(conversationId)).toEqual([first]);
      expect(await storage.mail.get(first.id)).toEqual(first);
      expect(await storage.mail.conversationForTokenHash('a'.repeat(64))).toBe(conversationId);
      expect(await storage.mail.conversationForTokenHash('b'.repeat(64))).toBeUndefined();
    });

    it('lists a conversation’s e-mails in every state, oldest first, and no other conversation’s', async () => {
      const storage = await fresh();
      const conversationId = await aConversation(storage);
      const other = await aConversation(storage);
      const sent = aMail({ conversationId, state: 'sent', createdAt: 1_000, sentAt: 1_500 });
      const failed = aMail({ conversationId, state: 'failed', attempts: 8, lastError: '550 no such user', createdAt: 2_000 });
      const queued = aMail({ conversationId, nextAttemptAt: 9_000, createdAt: 3_000 });
      for (const row of [queued, aMail({ conversationId: other }), failed, sent, aMail()]) await storage.mail.enqueue(row);
      expect(await storage.mail.forConversation(conversationId)).toEqual([sent, failed, queued]);
      expect(await storage.mail.forConversation('no-such-conversation')).toEqual([]);
    });

    it('claims due rows once: not again until the lease ends, then again (a crashed sender)', async () => {
      const storage = await fresh();
      const due = aMail({ nextAttemptAt: 1_000 });
      const later = aMail({ nextAttemptAt: 5_000 });
      await storage.mail.enqueue(later);
      await storage.mail.enqueue(due);
      const claimed = await storage.mail.claim(2_000, 60_000, 10);
      expect(claimed.map((r) => [r.id, r.state, r.leaseUntil])).toEqual([[due.id, 'sending', 62_000]]);
      // Two claimers at once: each row goes to one of them.
      const [a, b] = await Promise.all([storage.mail.claim(6_000, 60_000, 10), storage.mail.claim(6_000, 60_000, 10)]);
      expect([...a, ...b].map((r) => r.id)).toEqual([later.id]);
      expect(await storage.mail.claim(61_999, 60_000, 10)).toEqual([]);
      // The lease of `due` ended without a result: claimable again (attempts untouched).
      const again = await storage.mail.claim(62_000, 60_000, 10);
      expect(again.map((r) => [r.id, r.attempts, r.leaseUntil])).toEqual([[due.id, 0, 122_000]]);
    });

    it('claims at most `limit`, earliest due first', async () => {
      const storage = await fresh();
      const rows = [3_000, 1_000, 2_000].map((t) => aMail({ nextAttemptAt: t }));
      for (const r of rows) await storage.mail.enqueue(r);
      expect((await storage.mail.claim(10_000, 1_000, 2)).map((r) => r.nextAttemptAt)).toEqual([1_000, 2_000]);
      expect((await storage.mail.claim(10_000, 1_000, 2)).map((r) => r.nextAttemptAt)).toEqual([3_000]);
    });

    it('backoff: a failure counts an attempt and waits until its retry time; a final failure keeps its reason; sent forgets the reply address', async () => {
      const storage = await fresh();
      const row = aMail({ replyTo: 'reply+token@reply.example.com' });
      await storage.mail.enqueue(row);
      await storage.mail.claim(1_000, 60_000, 10);
      await storage.mail.markFailed(row.id, 'connect ECONNREFUSED', 31_000);
      expect(await storage.mail.get(row.id)).toMatchObject({
        state: 'queued',
        attempts: 1,
        nextAttemptAt: 31_000,
        leaseUntil: null,
        lastError: 'connect ECONNREFUSED',
      });
      expect(await storage.mail.claim(30_999, 60_000, 10)).toEqual([]);
      expect(await storage.mail.claim(31_000, 60_000, 10)).toHaveLength(1);
      await storage.mail.markFailed(row.id, '550 no such user', null);
      expect(await storage.mail.get(row.id)).toMatchObject({ state: 'failed', attempts: 2, lastError: '550 no such user', replyTo: null });
      expect(await storage.mail.claim(10_000_000, 60_000, 10)).toEqual([]);

      const ok = aMail({ replyTo: 'reply+token2@reply.example.com' });
      await storage.mail.enqueue(ok);
      await storage.mail.claim(1_000, 60_000, 10);
      await storage.mail.markSent(ok.id, 1_500);
      expect(await storage.mail.get(ok.id)).toMatchObject({ state: 'sent', sentAt: 1_500, leaseUntil: null, replyTo: null, attempts: 0 });
      expect(await storage.mail.claim(10_000_000, 60_000, 10)).toEqual([]);
    });

    it("a conversation's e-mails and reply tokens go with it (an erasure)", async () => {
      const storage = await fresh();
      const conversationId = await aConversation(storage);
      const visitorId = (await storage.conversations.visitorOf(conversationId))!;
      await storage.mail.enqueue(aMail({ conversationId }), { tokenHash: 'c'.repeat(64), conversationId, createdAt: 1 });
      await storage.mail.noteAgentMessage(conversationId, 2, 5_000);
      await storage.visitors.erase(visitorId);
      expect(await storage.mail.forConversation(conversationId)).toEqual([]);
      expect(await storage.mail.conversationForTokenHash('c'.repeat(64))).toBeUndefined();
      expect(await storage.mail.conversationMail(conversationId)).toBeUndefined();
    });
  });

  describe('mail: incoming e-mails', () => {
    it('a Message-ID is recorded once: the second record is refused and changes nothing; it goes with its conversation', async () => {
      const storage = await fresh();
      const conversationId = await aConversation(storage);
      const other = await aConversation(storage);
      const row = { messageId: '<a1@mail.example.com>', conversationId, receivedAt: 1_000 };
      expect(await storage.mail.inboundByMessageId(row.messageId)).toBeUndefined();
      expect(await storage.mail.recordInbound(row)).toBe(true);
      expect(await storage.mail.recordInbound({ ...row, conversationId: other, receivedAt: 2_000 })).toBe(false);
      expect(await storage.mail.inboundByMessageId(row.messageId)).toEqual(row);
      // Message-IDs are compared as given (the domain normalises them).
      expect(await storage.mail.inboundByMessageId('<A1@mail.example.com>')).toBeUndefined();
      await storage.visitors.erase((await storage.conversations.visitorOf(conversationId))!);
      expect(await storage.mail.inboundByMessageId(row.messageId)).toBeUndefined();
    });
  });

  describe('mail: continuity windows', () => {
    it('an agent message opens a window unless one is open; it is due at its time', async () => {
      const storage = await fresh();
      const c = await aConversation(storage);
      await storage.mail.noteAgentMessage(c, 2, 10_000);
      await storage.mail.noteAgentMessage(c, 3, 20_000);
      expect(await storage.mail.conversationMail(c)).toEqual({
        conversationId: c,
        mailedSeq: 0,
        pendingSeq: 3,
        dueAt: 10_000,
        firstMessageId: null,
        lastMessageId: null,
      });
      expect(await storage.mail.dueWindows(9_999, 10)).toEqual([]);
      expect((await storage.mail.dueWindows(10_000, 10)).map((w) => w.conversationId)).toEqual([c]);
    });

    it('closing enqueues the e-mail once, moves mailedSeq, keeps the thread; a stale close writes nothing', async () => {
      const storage = await fresh();
      const c = await aConversation(storage);
      await storage.mail.noteAgentMessage(c, 2, 10_000);
      const mail = aMail({ dedupeKey: `continuity:${c}:2`, conversationId: c });
      const close = {
        conversationId: c,
        fromSeq: 0,
        toSeq: 2,
        reopenAt: 99_000,
        mail: { row: mail, token: { tokenHash: 'd'.repeat(64), conversationId: c, createdAt: 1 }, messageId: '<m1@x>' },
      };
      expect(await storage.mail.closeWindow(close)).toBe('enqueued');
      // Another worker decided from the same state: nothing more.
      expect(
        await storage.mail.closeWindow({
          ...close,
          mail: { ...close.mail, row: aMail({ dedupeKey: `continuity:${c}:2`, conversationId: c }), messageId: '<m1b@x>' },
        }),
      ).toBe('stale');
      expect(await storage.mail.forConversation(c)).toEqual([mail]);
      expect(await storage.mail.conversationMail(c)).toMatchObject({
        mailedSeq: 2,
        pendingSeq: 2,
        dueAt: null,
        firstMessageId: '<m1@x>',
        lastMessageId: '<m1@x>',
      });
      expect(await storage.mail.conversationForTokenHash('d'.repeat(64))).toBe(c);
      expect(await storage.mail.dueWindows(1e12, 10)).toEqual([]);

      // A seq already covered opens nothing; a new one opens the next window.
      await storage.mail.noteAgentMessage(c, 2, 20_000);
      expect((await storage.mail.conversationMail(c))?.dueAt).toBeNull();
      await storage.mail.noteAgentMessage(c, 5, 30_000);
      const second = aMail({ dedupeKey: `continuity:${c}:5`, conversationId: c });
      expect(
        await storage.mail.closeWindow({ conversationId: c, fromSeq: 2, toSeq: 5, reopenAt: 0, mail: { row: second, token: null, messageId: '<m2@x>' } }),
      ).toBe('enqueued');
      expect(await storage.mail.conversationMail(c)).toMatchObject({ mailedSeq: 5, firstMessageId: '<m1@x>', lastMessageId: '<m2@x>' });
    });

    it('closing without an e-mail (read) moves mailedSeq; newer agent messages reopen the window', async () => {
      const storage = await fresh();
      const c = await aConversation(storage);
      await storage.mail.noteAgentMessage(c, 2, 10_000);
      // Written while the window was being decided on.
      await storage.mail.noteAgentMessage(c, 4, 50_000);
      expect(await storage.mail.closeWindow({ conversationId: c, fromSeq: 0, toSeq: 2, reopenAt: 70_000 })).toBe('closed');
      expect(await storage.mail.conversationMail(c)).toMatchObject({ mailedSeq: 2, pendingSeq: 4, dueAt: 70_000, firstMessageId: null });
      expect(await storage.mail.forConversation(c)).toEqual([]);
      expect(await storage.mail.closeWindow({ conversationId: 'nothing', fromSeq: 0, toSeq: 2, reopenAt: 0 })).toBe('stale');
    });
  });
}
