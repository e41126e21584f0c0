/** Contract: the console's own data: canned replies (unique shortcuts), internal notes, tags. */
import { afterEach, describe, expect, it } from 'vitest';
import type { CannedReplyRow, NoteRow, Storage } from '../index';
import { newId, newSortableId } from '../../domain/ids';
import { aSite, aVisitor, anAgent } from './fixtures';
import type { OpenStorage } from './suite';

const aReply = (shortcut: string, body = `Body of ${shortcut}`): CannedReplyRow => ({ id: newId(), shortcut, body, createdAt: Date.now() });

/** A visitor's conversation (one message). */
async function aConversation(storage: Storage, siteId: string): Promise<string> {
  const visitor = await aVisitor(storage, siteId);
  const { stored } = await storage.conversations.appendBatch([
    { sender: { kind: 'visitor', visitorId: visitor.id, siteId }, input: { clientId: 'c1', body: 'hi' } },
  ]);
  const slot = stored[0]!;
  if (!slot.ok) throw slot.error;
  return slot.message.conversationId;
}

export function consoleContract(open: OpenStorage): void {
  let opened: Awaited<ReturnType<OpenStorage>> | undefined;
  afterEach(async () => {
    await opened?.close();
    opened = undefined;
  });
  async function fresh(): Promise<Storage> {
    opened = await open();
    return opened.storage;
  }

  describe('console: canned replies', () => {
    it('lists by shortcut and refuses a shortcut already used', async () => {
      const storage = await fresh();
      const b = aReply('refund');
      const a = aReply('hello');
      expect(await storage.canned.create(b)).toBe(true);
      expect(await storage.canned.create(a)).toBe(true);
      expect(await storage.canned.create(aReply('refund', 'Another body'))).toBe(false);
      expect(await storage.canned.list()).toEqual([a, b]);
    });

    it('of racing creates with one shortcut, one wins', async () => {
      const storage = await fresh();
      const results = await Promise.all(Array.from({ length: 8 }, (_, i) => storage.canned.create(aReply('hours', `Body ${i}`))));
      expect(results.filter(Boolean)).toHaveLength(1);
      const list = await storage.canned.list();
      expect(list).toHaveLength(1);
      expect(list[0]!.body).toBe(`Body ${results.indexOf(true)}`);
    });

    it('updates: its own shortcut is fine, another reply’s is taken (checked before "not found")', async () => {
      const storage = await fresh();
      const a = aReply('hello');
      const b = aReply('refund');
      await storage.canned.create(a);
      await storage.canned.create(b);
      expect(await storage.canned.update(a.id, { shortcut: 'hello', body: 'Hi there' })).toEqual({ ...a, body: 'Hi there' });
      expect(await storage.canned.update(a.id, { shortcut: 'refund', body: 'x' })).toBe('taken');
      expect(await storage.canned.update(a.id, { shortcut: 'greeting', body: 'Hi' })).toEqual({ ...a, shortcut: 'greeting', body: 'Hi' });
      // The old shortcut is free again.
      expect(await storage.canned.create(aReply('hello'))).toBe(true);
      expect(await storage.canned.update('nope', { shortcut: 'refund', body: 'x' })).toBe('taken');
      expect(await storage.canned.update('nope', { shortcut: 'unused', body: 'x' })).toBeUndefined();
      expect((await storage.canned.list()).map((r) => r.shortcut)).toEqual(['greeting', 'hello', 'refund']);
    });

    it('removes', async () => {
      const storage = await fresh();
      const a = aReply('hello');
      await storage.canned.create(a);
      expect(await storage.canned.remove(a.id)).toBe(true);
      expect(await storage.canned.remove(a.id)).toBe(false);
      expect(await storage.canned.list()).toEqual([]);
    });
  });

  describe('console: notes', () => {
    it('lists a conversation’s notes oldest first, and only its own', async () => {
      const storage = await fresh();
      const site = await aSite(storage);
      const agent = await anAgent(storage);
      const id = await aConversation(storage, site.id);
      const other = await aConversation(storage, site.id);
      const note = (conversationId: string, createdAt: number, body: string, agentId: string | null = agent.id): NoteRow => ({
        id: newSortableId(),
        conversationId,
        agentId,
        body,
        createdAt,
      });
      const late = note(id, 3000, 'late');
      const early = note(id, 1000, 'early');
      const middle = note(id, 2000, 'middle', null);
      await storage.notes.add(late);
      await storage.notes.add(early);
      await storage.notes.add(middle);
      await storage.notes.add(note(other, 1500, 'elsewhere'));
      expect(await storage.notes.list(id)).toEqual([early, middle, late]);
      expect((await storage.notes.list(other)).map((n) => n.body)).toEqual(['elsewhere']);
      expect(await storage.notes.list('nope')).toEqual([]);
    });
  });

  describe('console: tags', () => {
    it('sets a conversation’s tags and keeps every name used in the catalogue, alphabetically', async () => {
      const storage = await fresh();
      const site = await aSite(storage);
      const a = await aConversation(storage, site.id);
      const b = await aConversation(storage, site.id);
      expect(await storage.tags.catalogue()).toEqual([]);
      expect(await storage.tags.setConversationTags(a, ['vip', 'billing'], 1000)).toBe(true);
      expect(JSON.parse((await storage.conversations.get(a))!.tags)).toEqual(['vip', 'billing']);
      expect(await storage.tags.setConversationTags(b, ['billing', 'bug'], 2000)).toBe(true);
      expect(await storage.tags.catalogue()).toEqual(['billing', 'bug', 'vip']);
      // Replacing (or clearing) a conversation's tags removes no name from the catalogue.
      expect(await storage.tags.setConversationTags(a, [], 3000)).toBe(true);
      expect(JSON.parse((await storage.conversations.get(a))!.tags)).toEqual([]);
      expect(JSON.parse((await storage.conversations.get(b))!.tags)).toEqual(['billing', 'bug']);
      expect(await storage.tags.catalogue()).toEqual(['billing', 'bug', 'vip']);
    });

    it('writes nothing for an unknown conversation', async () => {
      const storage = await fresh();
      expect(await storage.tags.setConversationTags('nope', ['ghost'], 1000)).toBe(false);
      expect(await storage.tags.catalogue()).toEqual([]);
    });

    it('racing tag sets with overlapping names all succeed; the catalogue holds each name once', async () => {
      const storage = await fresh();
      const site = await aSite(storage);
      const ids = await Promise.all([0, 1, 2, 3].map(() => aConversation(storage, site.id)));
      const results = await Promise.all(ids.map((id, i) => storage.tags.setConversationTags(id, ['shared', `own-${i}`], 1000 + i)));
      expect(results).toEqual([true, true, true, true]);
      expect(await storage.tags.catalogue()).toEqual(['own-0', 'own-1', 'own-2', 'own-3', 'shared']);
      for (const [i, id] of ids.entries()) expect(JSON.parse((await storage.conversations.get(id))!.tags)).toEqual(['shared', `own-${i}`]);
    });
  });
}
