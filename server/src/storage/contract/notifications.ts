/** Contract: agent e-mails: choices stored per agent, waiting notifications, a batch claimed once. */
import { afterEach, describe, expect, it } from 'vitest';
import type { AgentNotificationRow, Storage } from '../index';
import { anAgent, aSite, aVisitor } from './fixtures';
import { aMail } from './mail';
import type { OpenStorage } from './suite';

async function aConversation(storage: Storage, clientId = 'c1'): Promise<string> {
  const site = await aSite(storage);
  const visitor = await aVisitor(storage, site.id);
  const { stored } = await storage.conversations.appendBatch([
    { sender: { kind: 'visitor', visitorId: visitor.id, siteId: site.id }, input: { clientId, body: 'hi' } },
  ]);
  const slot = stored[0]!;
  if (!slot.ok) throw slot.error;
  return slot.message.conversationId;
}

export function notificationsContract(open: OpenStorage): void {
  let opened: Awaited<ReturnType<OpenStorage>> | undefined;
  afterEach(async () => {
    await opened?.close();
    opened = undefined;
  });
  async function fresh(): Promise<Storage> {
    opened = await open();
    return opened.storage;
  }

  describe('notifications', () => {
    it("stores an agent's choices ('{}' until set) and refuses an unknown agent", async () => {
      const storage = await fresh();
      const agent = await anAgent(storage);
      expect(await storage.notifications.settings(agent.id)).toBe('{}');
      expect(await storage.notifications.setSettings(agent.id, '{"assigned":false}')).toBe(true);
      expect(await storage.notifications.settings(agent.id)).toBe('{"assigned":false}');
      expect(await storage.notifications.setSettings('nobody', '{}')).toBe(false);
      expect(await storage.notifications.settings('nobody')).toBeUndefined();
    });

    it('keeps one waiting row per agent, kind and conversation; due agents by their oldest row', async () => {
      const storage = await fresh();
      const a = await anAgent(storage, { email: 'a@example.com' });
      const b = await anAgent(storage, { email: 'b@example.com' });
      const c = await aConversation(storage);
      const row = (agentId: string, createdAt: number, kind: AgentNotificationRow['kind'] = 'visitor_message'): AgentNotificationRow => ({
        agentId,
        kind,
        conversationId: c,
        createdAt,
      });
      expect(await storage.notifications.add(row(a.id, 100))).toBe(true);
      expect(await storage.notifications.add(row(a.id, 150))).toBe(false);
      expect(await storage.notifications.add(row(a.id, 160, 'assigned'))).toBe(true);
      expect(await storage.notifications.add(row(b.id, 50))).toBe(true);
      expect(await storage.notifications.dueAgents(40, 10)).toEqual([]);
      expect(await storage.notifications.dueAgents(100, 10)).toEqual([b.id, a.id]);
      expect(await storage.notifications.dueAgents(100, 1)).toEqual([b.id]);
      expect((await storage.notifications.pending(a.id)).map((r) => [r.kind, r.createdAt])).toEqual([
        ['visitor_message', 100],
        ['assigned', 160],
      ]);
    });

    it('claims a batch and enqueues its e-mail in one go; a second claim of the same rows does nothing', async () => {
      const storage = await fresh();
      const a = await anAgent(storage);
      const c = await aConversation(storage);
      await storage.notifications.add({ agentId: a.id, kind: 'assigned', conversationId: c, createdAt: 1 });
      const rows = await storage.notifications.pending(a.id);
      const first = aMail({ kind: 'agent_notification', dedupeKey: 'agent_notification:x:1' });
      const second = aMail({ kind: 'agent_notification', dedupeKey: 'agent_notification:x:2' });
      expect(await storage.notifications.claim(rows, first)).toBe(true);
      expect(await storage.notifications.claim(rows, second)).toBe(false);
      expect(await storage.notifications.pending(a.id)).toEqual([]);
      expect(await storage.mail.get(first.id)).toMatchObject({ state: 'queued', kind: 'agent_notification' });
      expect(await storage.mail.get(second.id)).toBeUndefined();
    });

    it('claims all or nothing: a batch one of whose rows is gone changes nothing', async () => {
      const storage = await fresh();
      const a = await anAgent(storage);
      const c1 = await aConversation(storage, 'c1');
      const c2 = await aConversation(storage, 'c2');
      await storage.notifications.add({ agentId: a.id, kind: 'assigned', conversationId: c1, createdAt: 1 });
      await storage.notifications.add({ agentId: a.id, kind: 'assigned', conversationId: c2, createdAt: 2 });
      const both = await storage.notifications.pending(a.id);
      expect(await storage.notifications.claim([both[0]!], null)).toBe(true);
      const mail = aMail({ kind: 'agent_notification' });
      expect(await storage.notifications.claim(both, mail)).toBe(false);
      expect((await storage.notifications.pending(a.id)).map((r) => r.conversationId)).toEqual([c2]);
      expect(await storage.mail.get(mail.id)).toBeUndefined();
    });
  });
}
