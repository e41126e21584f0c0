/** Contract: attachments' metadata rows (the bytes are the Blobs port's: storage/local-blobs.test.ts). */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Storage } from '../index';
import { aSite, aVisitor, anAgent, anUpload } from './fixtures';
import type { OpenStorage } from './suite';

const HOUR = 3_600_000;

export function attachmentsContract(open: OpenStorage): void {
  describe('attachments', () => {
    let storage: Storage;
    let close: () => Promise<void>;
    beforeEach(async () => {
      ({ storage, close } = await open());
    });
    afterEach(async () => {
      await close();
    });

    /** A visitor's message carrying `attachmentId` (it opens their conversation); the conversation id. */
    async function send(visitor: { id: string; siteId: string }, attachmentId: string): Promise<string> {
      const batch = await storage.conversations.appendBatch([
        { sender: { kind: 'visitor', visitorId: visitor.id, siteId: visitor.siteId }, input: { clientId: `c-${attachmentId}`, body: '', attachmentId } },
      ]);
      const slot = batch.stored[0]!;
      if (!slot.ok) throw slot.error;
      return slot.message.conversationId;
    }

    it('attachments: insert and get read the row back', async () => {
      const site = await aSite(storage);
      const v = await aVisitor(storage, site.id);
      const row = anUpload(site.id, v.id, { name: 'relatório.pdf', size: 12_345 });
      await storage.attachments.insert(row);
      expect(await storage.attachments.get(row.id)).toEqual(row);
      expect(await storage.attachments.get('nothing')).toBeUndefined();
    });

    it("attachments: unsentBy lists a visitor's uploads no message carries, oldest first", async () => {
      const site = await aSite(storage);
      const v = await aVisitor(storage, site.id);
      const other = await aVisitor(storage, site.id);
      const agent = await anAgent(storage);
      const newer = anUpload(site.id, v.id, { createdAt: 3_000 });
      const older = anUpload(site.id, v.id, { createdAt: 1_000 });
      const sent = anUpload(site.id, v.id, { createdAt: 2_000 });
      const others = anUpload(site.id, other.id, { createdAt: 1_500 });
      // An agent with the visitor's id as uploader id is not the visitor.
      const agents = anUpload(site.id, v.id, { uploaderKind: 'agent', createdAt: 500 });
      for (const a of [newer, older, sent, others, agents]) await storage.attachments.insert(a);
      await send(v, sent.id);
      expect(await storage.attachments.unsentBy(v.id)).toEqual([older, newer]);
      expect((await storage.attachments.unsentBy(other.id)).map((a) => a.id)).toEqual([others.id]);
      expect(await storage.attachments.unsentBy(agent.id)).toEqual([]);
    });

    it('attachments: the orphan sweep deletes unsent uploads older than the cut-off only, and returns their ids', async () => {
      const site = await aSite(storage);
      const v = await aVisitor(storage, site.id);
      const now = Date.now();
      const stale = anUpload(site.id, v.id, { createdAt: now - 25 * HOUR });
      const staleAgent = anUpload(site.id, 'agent-1', { uploaderKind: 'agent', createdAt: now - 48 * HOUR });
      const fresh = anUpload(site.id, v.id, { createdAt: now - HOUR });
      const staleButSent = anUpload(site.id, v.id, { createdAt: now - 30 * HOUR });
      for (const a of [stale, staleAgent, fresh, staleButSent]) await storage.attachments.insert(a);
      await send(v, staleButSent.id);

      const gone = await storage.attachments.deleteOrphans(now - 24 * HOUR);
      expect([...gone].sort()).toEqual([stale.id, staleAgent.id].sort());
      expect(await storage.attachments.get(stale.id)).toBeUndefined();
      expect(await storage.attachments.get(staleAgent.id)).toBeUndefined();
      expect(await storage.attachments.get(fresh.id)).toEqual(fresh);
      expect((await storage.attachments.get(staleButSent.id))?.createdAt).toBe(staleButSent.createdAt);
      expect(await storage.attachments.deleteOrphans(now - 24 * HOUR)).toEqual([]);
    });
  });
}
