/** Contract: visitors (tokens, contacts, first-message claims, sessions), merge and erasure. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Storage } from '../index';
import { hashToken, newId, newToken } from '../../domain/ids';
import { aSite, aVisitor, anAgent, anUpload, visitorRow } from './fixtures';
import type { OpenStorage } from './suite';

const MINUTE = 60_000;

/** A visitor's message through the send path (it opens their conversation); returns the conversation id. */
async function aMessage(
  storage: Storage,
  visitor: { id: string; siteId: string },
  input: { clientId?: string; body?: string; attachmentId?: string; conversationId?: string } = {},
): Promise<string> {
  const batch = await storage.conversations.appendBatch([
    {
      sender: { kind: 'visitor', visitorId: visitor.id, siteId: visitor.siteId },
      input: { clientId: input.clientId ?? newId(), body: input.body ?? 'hello', attachmentId: input.attachmentId, conversationId: input.conversationId },
    },
  ]);
  const slot = batch.stored[0]!;
  if (!slot.ok) throw slot.error;
  return slot.message.conversationId;
}

export function visitorsContract(open: OpenStorage): void {
  describe('visitors', () => {
    let storage: Storage;
    let close: () => Promise<void>;
    beforeEach(async () => {
      ({ storage, close } = await open());
    });
    afterEach(async () => {
      await close();
    });

    it('visitors: insert, get and authenticate; a token of another site finds nothing', async () => {
      const site = await aSite(storage);
      const other = await aSite(storage);
      const { token, ...row } = await aVisitor(storage, site.id, { name: 'Ana', attributes: '{"plan":"pro"}' });
      expect(await storage.visitors.get(row.id)).toEqual(row);
      expect(await storage.visitors.get('nobody')).toBeUndefined();
      expect(await storage.visitors.authenticate(site.id, hashToken(token))).toEqual(row);
      expect(await storage.visitors.authenticate(other.id, hashToken(token))).toBeUndefined();
      expect(await storage.visitors.authenticate(site.id, hashToken(newToken()))).toBeUndefined();

      const fresh = newToken();
      await storage.visitors.rotateToken(row.id, hashToken(fresh));
      expect(await storage.visitors.authenticate(site.id, hashToken(token))).toBeUndefined();
      expect((await storage.visitors.authenticate(site.id, hashToken(fresh)))?.id).toBe(row.id);
    });

    it('visitors: count counts every site, and only verified (or unverified) ones when asked', async () => {
      expect(await storage.visitors.count()).toBe(0);
      const site = await aSite(storage);
      const other = await aSite(storage);
      await aVisitor(storage, site.id);
      await aVisitor(storage, other.id);
      await aVisitor(storage, site.id, { verified: true, externalId: 'u1' });
      expect(await storage.visitors.count()).toBe(3);
      expect(await storage.visitors.count({ verified: true })).toBe(1);
      expect(await storage.visitors.count({ verified: false })).toBe(2);
      expect(await storage.visitors.count({})).toBe(3);
    });

    it('visitors: a verified contact is one row per site and user id; create reuses it with the new token', async () => {
      const site = await aSite(storage);
      const other = await aSite(storage);
      const first = await storage.visitors.create(visitorRow(site.id, { externalId: 'u1', verified: true, name: 'Ana' }));
      expect(await storage.visitors.contact(site.id, 'u1')).toEqual(first);
      expect(await storage.visitors.contact(other.id, 'u1')).toBeUndefined();

      const again = visitorRow(site.id, { externalId: 'u1', verified: true, name: 'Someone else' });
      const [a, b] = await Promise.all([storage.visitors.create(again), storage.visitors.create(visitorRow(site.id, { externalId: 'u1', verified: true }))]);
      expect(a.id).toBe(first.id);
      expect(b.id).toBe(first.id);
      expect(a.name).toBe('Ana');
      // The last create's token is the one that works.
      expect(await storage.visitors.authenticate(site.id, first.tokenHash)).toBeUndefined();
      expect(await storage.visitors.authenticate(site.id, again.tokenHash)).toBeUndefined();
      expect((await storage.visitors.authenticate(site.id, b.tokenHash))?.id).toBe(first.id);
      expect(await storage.visitors.get(again.id)).toBeUndefined();

      // The same user id on another site is another contact; an unverified user id is no contact.
      const elsewhere = await storage.visitors.create(visitorRow(other.id, { externalId: 'u1', verified: true }));
      expect(elsewhere.id).not.toBe(first.id);
      expect((await storage.visitors.contact(other.id, 'u1'))?.id).toBe(elsewhere.id);
      await aVisitor(storage, site.id, { externalId: 'u2', verified: false });
      expect(await storage.visitors.contact(site.id, 'u2')).toBeUndefined();
    });

    it('visitors: a first client id is claimed once per site (two creates at once: only one keeps it)', async () => {
      const site = await aSite(storage);
      const other = await aSite(storage);
      const key = 'k'.repeat(24);
      expect(await storage.visitors.firstClientIdTaken(site.id, key)).toBe(false);
      const created = await Promise.all([
        storage.visitors.create(visitorRow(site.id, { firstClientId: key })),
        storage.visitors.create(visitorRow(site.id, { firstClientId: key })),
      ]);
      expect(created.map((v) => v.firstClientId).sort()).toEqual([key, null].sort());
      // What create answered is what is stored; both visitors exist.
      for (const v of created) expect(await storage.visitors.get(v.id)).toEqual(v);
      expect(await storage.visitors.firstClientIdTaken(site.id, key)).toBe(true);
      expect(await storage.visitors.firstClientIdTaken(other.id, key)).toBe(false);
      expect((await storage.visitors.create(visitorRow(other.id, { firstClientId: key }))).firstClientId).toBe(key);
    });

    it("visitors: byFirstClientId finds the visitor only with the first message's exact body, on its site", async () => {
      const site = await aSite(storage);
      const other = await aSite(storage);
      const clientId = 'c'.repeat(20);
      const key = `${clientId}.proofhash`;
      const v = await storage.visitors.create(visitorRow(site.id, { firstClientId: key }));
      // No message yet: nothing to match.
      expect(await storage.visitors.byFirstClientId(site.id, key, clientId, 'hello')).toBeUndefined();
      await aMessage(storage, v, { clientId, body: 'hello' });
      expect(await storage.visitors.byFirstClientId(site.id, key, clientId, 'hello')).toEqual(v);
      expect(await storage.visitors.byFirstClientId(site.id, key, clientId, 'hello!')).toBeUndefined();
      expect(await storage.visitors.byFirstClientId(site.id, clientId, clientId, 'hello')).toBeUndefined();
      expect(await storage.visitors.byFirstClientId(other.id, key, clientId, 'hello')).toBeUndefined();
      // Another visitor's message with that client id does not count.
      const w = await storage.visitors.create(visitorRow(site.id, { firstClientId: 'w'.repeat(20) }));
      await aMessage(storage, w, { clientId: 'w'.repeat(20), body: 'other' });
      expect(await storage.visitors.byFirstClientId(site.id, 'w'.repeat(20), 'w'.repeat(20), 'hello')).toBeUndefined();
    });

    it('visitors: identify sets a verified identity; an unverified claim fills in only an unverified visitor', async () => {
      const site = await aSite(storage);
      const anon = await aVisitor(storage, site.id);
      await storage.visitors.identify(anon.id, { name: 'Ana', email: 'ana@example.com' });
      expect(await storage.visitors.get(anon.id)).toMatchObject({ name: 'Ana', email: 'ana@example.com', verified: false, externalId: null });
      await storage.visitors.identify(anon.id, { name: '', externalId: 'u9' });
      expect(await storage.visitors.get(anon.id)).toMatchObject({ name: 'Ana', verified: true, externalId: 'u9' });
      await storage.visitors.identify(anon.id, { name: 'Mallory', email: 'm@example.com' });
      expect(await storage.visitors.get(anon.id)).toMatchObject({ name: 'Ana', email: 'ana@example.com' });
      await storage.visitors.identify(anon.id, {});
      await storage.visitors.identify('nobody', { name: 'x' });
      expect(await storage.visitors.get('nobody')).toBeUndefined();
    });

    it('visitors: touch, sessions (pages capped, a gap starts a new one) and attributes replaced', async () => {
      const site = await aSite(storage);
      const v = await aVisitor(storage, site.id, { createdAt: 1_000, lastSeenAt: 1_000 });
      await storage.visitors.touch(v.id, 2_000, { locale: 'pt-BR' });
      expect(await storage.visitors.get(v.id)).toMatchObject({ lastSeenAt: 2_000, locale: 'pt-BR', lastPageUrl: null });
      await storage.visitors.touch(v.id, 3_000, { pageUrl: 'https://s.example/a' });
      expect(await storage.visitors.get(v.id)).toMatchObject({ lastSeenAt: 3_000, locale: 'pt-BR', lastPageUrl: 'https://s.example/a' });

      const start = { gapMs: 30 * MINUTE, maxPages: 3 };
      const s1 = await storage.visitors.connect(v.id, {
        ...start,
        now: 10_000,
        page: { url: 'https://s.example/1', title: 'One' },
        referrer: 'https://search.example',
        userAgent: 'UA',
        timezone: 'America/Sao_Paulo',
        attributes: '{"plan":"pro","id":"7"}',
      });
      expect(s1?.before.lastSeenAt).toBe(3_000);
      expect(s1?.sessionStartedAt).toBe(10_000);
      expect(s1?.pages).toEqual([{ url: 'https://s.example/1', title: 'One', at: 10_000 }]);
      expect(await storage.visitors.get(v.id)).toMatchObject({
        sessionStartedAt: 10_000,
        lastSeenAt: 10_000,
        lastPageUrl: 'https://s.example/1',
        lastPageTitle: 'One',
        referrer: 'https://search.example',
        userAgent: 'UA',
        timezone: 'America/Sao_Paulo',
        attributes: '{"plan":"pro","id":"7"}',
      });

      for (const [i, at] of [2, 3, 3, 4, 5].map((n, k) => [n, 11_000 + k] as const)) {
        expect(await storage.visitors.addPage(v.id, { url: `https://s.example/${i}`, title: null, at }, start.maxPages)).toBe(true);
      }
      const paged = await storage.visitors.get(v.id);
      // The same page twice in a row is kept once; only the newest three stay.
      expect(JSON.parse(paged!.sessionPages).map((p: { url: string }) => p.url)).toEqual(['https://s.example/3', 'https://s.example/4', 'https://s.example/5']);
      expect(paged).toMatchObject({ lastPageUrl: 'https://s.example/5', lastPageTitle: null, lastSeenAt: 11_004 });
      expect(await storage.visitors.addPage('nobody', { url: 'https://s.example/x', title: null, at: 1 }, 3)).toBe(false);

      // Within the gap: the same session goes on (the referrer is not replaced).
      const s2 = await storage.visitors.connect(v.id, {
        ...start,
        now: 12_000,
        page: { url: 'https://s.example/6', title: null },
        referrer: 'https://other.example',
      });
      expect(s2?.sessionStartedAt).toBe(10_000);
      expect(s2?.pages.map((p) => p.url)).toEqual(['https://s.example/4', 'https://s.example/5', 'https://s.example/6']);
      expect((await storage.visitors.get(v.id))?.referrer).toBe('https://search.example');

      // After the gap: a new session, its pages only; an empty referrer is stored as none.
      const later = 12_000 + 31 * MINUTE;
      const s3 = await storage.visitors.connect(v.id, { ...start, now: later, referrer: '' });
      expect(s3?.sessionStartedAt).toBe(later);
      expect(s3?.pages).toEqual([]);
      expect(await storage.visitors.get(v.id)).toMatchObject({
        sessionStartedAt: later,
        sessionPages: '[]',
        referrer: null,
        lastPageUrl: 'https://s.example/6',
      });

      await storage.visitors.setAttributes(v.id, '{"plan":"free"}');
      expect((await storage.visitors.get(v.id))?.attributes).toBe('{"plan":"free"}');
      expect(await storage.visitors.connect('nobody', { ...start, now: later })).toBeUndefined();
    });

    it("visitors: conversations lists the visitor's, newest activity first; conversationIds oldest first", async () => {
      const site = await aSite(storage);
      const agent = await anAgent(storage);
      const v = await aVisitor(storage, site.id);
      const someoneElse = await aVisitor(storage, site.id);
      await aMessage(storage, someoneElse);
      expect(await storage.visitors.conversations(v.id, 20)).toEqual([]);
      const first = await aMessage(storage, v, { body: 'first' });
      await storage.conversations.setStatus(first, 'resolved');
      const second = (await storage.conversations.openForAgent(v.id, agent.id))!.id;
      expect(second).not.toBe(first);
      const list = await storage.visitors.conversations(v.id, 20);
      expect(list.map((c) => c.id).sort()).toEqual([first, second].sort());
      expect(list.find((c) => c.id === first)).toMatchObject({ status: 'resolved', lastMessagePreview: 'first' });
      for (let i = 1; i < list.length; i++) expect(list[i - 1]!.lastActivityAt).toBeGreaterThanOrEqual(list[i]!.lastActivityAt);
      expect(await storage.visitors.conversations(v.id, 1)).toHaveLength(1);
      expect(await storage.visitors.conversationIds(v.id)).toHaveLength(2);
      expect((await storage.visitors.conversationIds(v.id))[0]).toBe(first);
    });

    it('visitors: mergeInto moves conversations and unsent uploads to the contact and deletes the anonymous row', async () => {
      const site = await aSite(storage);
      const anon = await aVisitor(storage, site.id);
      const contact = await aVisitor(storage, site.id, { externalId: 'u1', verified: true });
      const bystander = await aVisitor(storage, site.id);
      const conv = await aMessage(storage, anon, { body: 'before login' });
      const unsent = anUpload(site.id, anon.id);
      const bystanders = anUpload(site.id, bystander.id);
      await storage.attachments.insert(unsent);
      await storage.attachments.insert(bystanders);

      expect(await storage.visitors.mergeInto(anon.id, contact.id)).toEqual([conv]);
      expect(await storage.visitors.get(anon.id)).toBeUndefined();
      expect(await storage.conversations.visitorOf(conv)).toBe(contact.id);
      expect((await storage.conversations.messagesAfter(conv, 0, 10)).map((m) => m.body)).toEqual(['before login']);
      expect((await storage.attachments.unsentBy(contact.id)).map((a) => a.id)).toEqual([unsent.id]);
      expect(await storage.attachments.unsentBy(anon.id)).toEqual([]);
      expect((await storage.attachments.get(bystanders.id))?.uploaderId).toBe(bystander.id);
      expect(await storage.visitors.conversationIds(contact.id)).toEqual([conv]);
    });

    it('visitors: erase removes the visitor, conversations, messages and files rows, returns the files, and leaves others intact', async () => {
      const site = await aSite(storage);
      const v = await aVisitor(storage, site.id);
      const other = await aVisitor(storage, site.id);
      const agent = await anAgent(storage);

      const sentFile = anUpload(site.id, v.id, { createdAt: 1 });
      const unsentFile = anUpload(site.id, v.id, { createdAt: 2 });
      const othersFile = anUpload(site.id, other.id);
      const othersSent = anUpload(site.id, other.id);
      // An unsent upload under a visitor id that no longer exists (merged before merges moved uploads).
      const orphan = anUpload(site.id, 'merged-away');
      for (const a of [sentFile, unsentFile, othersFile, othersSent, orphan]) await storage.attachments.insert(a);
      const conv = await aMessage(storage, v, { body: 'secret words' });
      await aMessage(storage, v, { conversationId: conv, attachmentId: sentFile.id, body: '' });
      // A file an agent sent into the visitor's conversation goes too.
      const agentFile = anUpload(site.id, agent.id, { uploaderKind: 'agent' });
      await storage.attachments.insert(agentFile);
      const agentSend = await storage.conversations.appendBatch([
        {
          sender: { kind: 'agent', agentId: agent.id, agentName: 'A' },
          input: { conversationId: conv, clientId: newId(), body: 'here', attachmentId: agentFile.id },
        },
      ]);
      expect(agentSend.stored[0]!.ok).toBe(true);
      expect((await storage.attachments.get(sentFile.id))?.conversationId).toBe(conv);
      const othersConv = await aMessage(storage, other, { body: 'keep me' });
      await aMessage(storage, other, { conversationId: othersConv, attachmentId: othersSent.id, body: 'file' });

      const result = await storage.visitors.erase(v.id);
      expect(result.existed).toBe(true);
      expect([...result.attachmentIds].sort()).toEqual([sentFile.id, unsentFile.id, agentFile.id, orphan.id].sort());
      expect(await storage.visitors.get(v.id)).toBeUndefined();
      expect(await storage.conversations.get(conv)).toBeUndefined();
      expect(await storage.conversations.messagesAfter(conv, 0, 100)).toEqual([]);
      for (const a of [sentFile, unsentFile, agentFile, orphan]) expect(await storage.attachments.get(a.id)).toBeUndefined();
      expect(await storage.visitors.conversations(v.id, 20)).toEqual([]);

      // The other visitor keeps everything.
      expect(await storage.visitors.get(other.id)).toMatchObject({ id: other.id });
      expect((await storage.conversations.messagesAfter(othersConv, 0, 100)).map((m) => m.body)).toEqual(['keep me', 'file']);
      expect(await storage.attachments.get(othersFile.id)).toEqual(othersFile);
      expect((await storage.attachments.get(othersSent.id))?.conversationId).toBe(othersConv);

      expect(await storage.visitors.erase(v.id)).toEqual({ existed: false, attachmentIds: [] });
      // Scrubbing after an erasure works on every implementation (and may say part of it must wait).
      expect(typeof (await storage.visitors.scrub())).toBe('boolean');
    });
  });
}
