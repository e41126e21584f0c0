/** Contract: renaming and deleting sites (deletion takes everything of the site, nothing of another). */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Storage } from '../index';
import { anEndpoint } from './webhooks';
import { hashToken, newId } from '../../domain/ids';
import { aSite, anAgent, anUpload, aVisitor } from './fixtures';
import { aMail } from './mail';
import type { OpenStorage } from './suite';

export function siteDeletionContract(open: OpenStorage): void {
  describe('sites: rename and delete', () => {
    let storage: Storage;
    let close: () => Promise<void>;
    beforeEach(async () => {
      ({ storage, close } = await open());
    });
    afterEach(async () => {
      await close();
    });

    /**
     * A site in use: two visitors (one with a file sent, one with an unsent upload), their
     * conversations with messages holding `word`, a note, an agent's file, an article and an
     * outbox e-mail with its reply token.
     */
    async function siteInUse(word: string, name = 'Shop') {
      const site = await aSite(storage, { name });
      const agent = await anAgent(storage);
      const a = await aVisitor(storage, site.id, { name: `${word}name` });
      const b = await aVisitor(storage, site.id);
      const sent = anUpload(site.id, a.id);
      const unsent = anUpload(site.id, b.id);
      await storage.attachments.insert(sent);
      await storage.attachments.insert(unsent);
      const send = async (visitor: { id: string }, body: string, extra: { conversationId?: string; attachmentId?: string } = {}) => {
        const { stored } = await storage.conversations.appendBatch([
          { sender: { kind: 'visitor', visitorId: visitor.id, siteId: site.id }, input: { clientId: newId(), body, ...extra } },
        ]);
        const slot = stored[0]!;
        if (!slot.ok) throw slot.error;
        return slot.message.conversationId;
      };
      const conv = await send(a, `${word} first`);
      await send(a, '', { conversationId: conv, attachmentId: sent.id });
      await send(b, `${word} other visitor`);
      const agentFile = anUpload(site.id, agent.id, { uploaderKind: 'agent' });
      await storage.attachments.insert(agentFile);
      const reply = await storage.conversations.appendBatch([
        {
          sender: { kind: 'agent', agentId: agent.id, agentName: 'A' },
          input: { conversationId: conv, clientId: newId(), body: 'file', attachmentId: agentFile.id },
        },
      ]);
      expect(reply.stored[0]!.ok).toBe(true);
      await storage.notes.add({ id: newId(), conversationId: conv, agentId: agent.id, body: 'note', createdAt: 1 });
      const article = {
        id: newId(),
        siteId: site.id,
        locale: 'en',
        title: 'Returns',
        body: 'b',
        published: true,
        views: 0,
        helpful: 0,
        notHelpful: 0,
        botOffered: 0,
        botHelped: 0,
        botNotHelped: 0,
        createdAt: 1,
        updatedAt: 1,
      };
      expect(await storage.articles.create(article, 100)).toBe(true);
      const mail = aMail({ conversationId: conv });
      const tokenHash = hashToken(newId());
      expect(await storage.mail.enqueue(mail, { tokenHash, conversationId: conv, createdAt: 1 })).toBe(true);
      // A webhook endpoint of this site only.
      await storage.webhooks.insertEndpoint(anEndpoint({ siteId: site.id }));
      return { site, visitors: [a, b], conv, files: [sent.id, unsent.id, agentFile.id], article, mail, tokenHash };
    }

    it('rename changes the name only; an unknown site gives undefined', async () => {
      const site = await aSite(storage, { name: 'Old' });
      expect(await storage.sites.rename(site.id, 'New')).toEqual({ ...site, name: 'New' });
      expect(await storage.sites.get(site.id)).toEqual({ ...site, name: 'New' });
      expect(await storage.sites.rename('nothing', 'X')).toBeUndefined();
    });

    it('deletionCounts counts what a deletion takes; undefined for an unknown site', async () => {
      const shop = await siteInUse('zqcount');
      await siteInUse('zqother', 'Blog');
      expect(await storage.sites.deletionCounts(shop.site.id)).toEqual({
        conversations: 2,
        messages: 4,
        visitors: 2,
        articles: 1,
        attachments: 3,
        webhooks: 1,
      });
      expect(await storage.sites.deletionCounts('nothing')).toBeUndefined();
    });

    it("delete takes the site's conversations, messages, notes, visitors, files, articles, e-mails and search entries, and nothing of another site", async () => {
      const shop = await siteInUse('zqshop');
      const blog = await siteInUse('zqblog', 'Blog');
      expect((await storage.search.search('zqshop', { visitors: 10, messages: 10 })).messages).toHaveLength(2);

      const result = await storage.sites.delete(shop.site.id, 'Shop');
      expect(result.outcome).toBe('deleted');
      if (result.outcome !== 'deleted') return;
      expect(result.counts).toEqual({ conversations: 2, messages: 4, visitors: 2, articles: 1, attachments: 3, webhooks: 1 });
      expect([...result.attachmentIds].sort()).toEqual([...shop.files].sort());

      expect(await storage.sites.get(shop.site.id)).toBeUndefined();
      expect((await storage.sites.list()).map((s) => s.id)).toEqual([blog.site.id]);
      for (const v of shop.visitors) expect(await storage.visitors.get(v.id)).toBeUndefined();
      expect(await storage.conversations.get(shop.conv)).toBeUndefined();
      expect(await storage.conversations.messagesAfter(shop.conv, 0, 100)).toEqual([]);
      expect(await storage.notes.list(shop.conv)).toEqual([]);
      for (const id of shop.files) expect(await storage.attachments.get(id)).toBeUndefined();
      expect(await storage.articles.list(shop.site.id)).toEqual([]);
      expect(await storage.mail.get(shop.mail.id)).toBeUndefined();
      expect(await storage.mail.conversationForTokenHash(shop.tokenHash)).toBeUndefined();
      const hits = await storage.search.search('zqshop', { visitors: 10, messages: 10 });
      expect(hits).toEqual({ visitors: [], messages: [] });
      expect((await storage.search.search('zqshopname', { visitors: 10, messages: 10 })).visitors).toEqual([]);

      // The other site keeps everything, and is still found.
      expect(await storage.sites.deletionCounts(blog.site.id)).toEqual({
        conversations: 2,
        messages: 4,
        visitors: 2,
        articles: 1,
        attachments: 3,
        webhooks: 1,
      });
      for (const id of blog.files) expect(await storage.attachments.get(id)).toBeDefined();
      expect(await storage.mail.get(blog.mail.id)).toBeDefined();
      expect((await storage.search.search('zqblog', { visitors: 10, messages: 10 })).messages).toHaveLength(2);
      expect((await storage.search.search('zqblogname', { visitors: 10, messages: 10 })).visitors).toHaveLength(1);
    });

    it('delete refuses a wrong name and the last site, deleting nothing; an unknown site is not_found', async () => {
      const shop = await siteInUse('zqkeep');
      expect(await storage.sites.delete(shop.site.id, 'shop')).toEqual({ outcome: 'name_mismatch' });
      expect(await storage.sites.delete(shop.site.id, 'Shop')).toEqual({ outcome: 'last_site' });
      expect(await storage.sites.deletionCounts(shop.site.id)).toEqual({
        conversations: 2,
        messages: 4,
        visitors: 2,
        articles: 1,
        attachments: 3,
        webhooks: 1,
      });
      expect(await storage.sites.delete('nothing', 'Shop')).toEqual({ outcome: 'not_found' });

      // Two sites deleted at once: one goes, the other is then the last and stays.
      const blog = await aSite(storage, { name: 'Blog' });
      const outcomes = await Promise.all([storage.sites.delete(shop.site.id, 'Shop'), storage.sites.delete(blog.id, 'Blog')]);
      expect(outcomes.map((o) => o.outcome).sort()).toEqual(['deleted', 'last_site']);
      expect(await storage.sites.list()).toHaveLength(1);
    });
  });
}
