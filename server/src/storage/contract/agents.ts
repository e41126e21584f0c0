/** Contract: agents, their sessions, and the team (status, capacity, load, deactivation, assignment). */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AgentSessionRow, Storage } from '../index';
import { hashToken, newId, newToken } from '../../domain/ids';
import { aSite, aVisitor, anAgent } from './fixtures';
import type { OpenStorage } from './suite';

const HOUR = 3_600_000;

function aSession(agentId: string, patch: Partial<AgentSessionRow> = {}): AgentSessionRow {
  const now = Date.now();
  return { tokenHash: hashToken(newToken()), agentId, createdAt: now, expiresAt: now + HOUR, ...patch };
}

/** A conversation of a new visitor of `siteId`, open and assigned to `agentId`. */
async function aConversation(storage: Storage, siteId: string, agentId: string): Promise<string> {
  const visitor = await aVisitor(storage, siteId);
  const opened = await storage.conversations.openForAgent(visitor.id, agentId);
  if (!opened) throw new Error('openForAgent found no visitor');
  return opened.id;
}

export function agentsContract(open: OpenStorage): void {
  describe('agents', () => {
    let storage: Storage;
    let close: () => Promise<void>;
    beforeEach(async () => {
      ({ storage, close } = await open());
    });
    afterEach(async () => {
      await close();
    });

    describe('agents: rows', () => {
      it('reads back what was inserted: get, byEmail, count, list by name, names', async () => {
        expect(await storage.agents.count()).toBe(0);
        const zoe = await anAgent(storage, { name: 'Zoë', email: 'zoe@example.com', deactivatedAt: 5 });
        const ann = await anAgent(storage, { name: 'Ann', email: 'ann@example.com', role: 'admin' });
        expect(await storage.agents.get(zoe.id)).toEqual(zoe);
        expect(await storage.agents.get('nobody')).toBeUndefined();
        expect(await storage.agents.byEmail('ann@example.com')).toEqual(ann);
        expect(await storage.agents.byEmail('nobody@example.com')).toBeUndefined();
        expect(await storage.agents.count()).toBe(2);
        expect((await storage.agents.list()).map((a) => a.id)).toEqual([ann.id, zoe.id]);
        expect(await storage.agents.names()).toEqual(
          new Map([
            [ann.id, 'Ann'],
            [zoe.id, 'Zoë'],
          ]),
        );
      });

      it('a duplicate e-mail is a conflict; of two concurrent creates exactly one wins', async () => {
        const row = (name: string) => ({
          id: newId(),
          email: 'same@example.com',
          name,
          role: 'agent' as const,
          passwordHash: 'x',
          status: 'away' as const,
          capacity: 5,
          lastAssignedAt: 0,
          createdAt: Date.now(),
          deactivatedAt: null,
          invitedAt: null,
          totpSecret: null,
          totpLastStep: 0,
          notifySettings: '{}',
        });
        const results = await Promise.allSettled([storage.agents.create(row('A')), storage.agents.create(row('B'))]);
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        const refused = results.filter((r) => r.status === 'rejected');
        expect(refused).toHaveLength(1);
        expect((refused[0] as PromiseRejectedResult).reason).toMatchObject({ code: 'conflict', message: 'An agent with this e-mail already exists' });
        expect(await storage.agents.count()).toBe(1);
        await expect(storage.agents.create(row('C'))).rejects.toMatchObject({ code: 'conflict' });
      });
    });

    describe('agents: sessions', () => {
      it('a live session authenticates; an expired one does not', async () => {
        const agent = await anAgent(storage);
        const live = aSession(agent.id);
        const now = Date.now();
        const expired = aSession(agent.id, { createdAt: now - 2 * HOUR, expiresAt: now - HOUR });
        await storage.agents.createSession(expired);
        await storage.agents.createSession(live);
        expect(await storage.agents.authenticate(live.tokenHash, now)).toEqual(agent);
        expect(await storage.agents.authenticate(expired.tokenHash, now)).toBeUndefined();
        expect(await storage.agents.authenticate('unknown', now)).toBeUndefined();
        // At its expiry time the live session stops authenticating too.
        expect(await storage.agents.authenticate(live.tokenHash, live.expiresAt)).toBeUndefined();
      });

      it('opening a session deletes the expired ones', async () => {
        const agent = await anAgent(storage);
        const now = Date.now();
        const expired = aSession(agent.id, { createdAt: now - 2 * HOUR, expiresAt: now - HOUR });
        await storage.agents.createSession(expired);
        // Asked as of a time it was live, it still exists…
        expect(await storage.agents.liveSessions([expired.tokenHash], now - 1.5 * HOUR)).toEqual(new Set([expired.tokenHash]));
        await storage.agents.createSession(aSession(agent.id, { createdAt: now }));
        // …and once a later session was opened, it is gone.
        expect(await storage.agents.liveSessions([expired.tokenHash], now - 1.5 * HOUR)).toEqual(new Set());
      });

      it("a deactivated agent's sessions do not authenticate", async () => {
        const admin = await anAgent(storage, { role: 'admin' });
        const agent = await anAgent(storage);
        const session = aSession(agent.id);
        await storage.agents.createSession(session);
        await storage.agents.createSession(aSession(admin.id));
        expect(await storage.agents.authenticate(session.tokenHash, Date.now())).toBeDefined();
        expect(await storage.agents.deactivate(agent.id, Date.now())).toEqual([]);
        expect(await storage.agents.authenticate(session.tokenHash, Date.now())).toBeUndefined();
        expect(await storage.agents.liveSessions([session.tokenHash], Date.now())).toEqual(new Set());
        expect(await storage.agents.reactivate(agent.id)).toBe(true);
        expect(await storage.agents.reactivate(agent.id)).toBe(false);
        expect((await storage.agents.authenticate(session.tokenHash, Date.now()))?.id).toBe(agent.id);
      });

      it('liveSessions answers for more hashes than one statement binds (> 500)', async () => {
        const now = Date.now();
        const a = await anAgent(storage);
        const b = await anAgent(storage);
        const gone = await anAgent(storage);
        const live: string[] = [];
        for (let i = 0; i < 1_200; i++) {
          const s = aSession(i % 2 ? a.id : b.id, { createdAt: now });
          await storage.agents.createSession(s);
          live.push(s.tokenHash);
        }
        const dead: string[] = [];
        for (let i = 0; i < 300; i++) {
          const s = aSession(gone.id, { createdAt: now });
          await storage.agents.createSession(s);
          dead.push(s.tokenHash);
        }
        await storage.agents.deactivate(gone.id, now);
        const unknown = Array.from({ length: 250 }, () => hashToken(newToken()));
        const asked = [...unknown.slice(0, 100), ...live.slice(0, 600), ...dead, ...live.slice(600), ...unknown.slice(100)];
        expect(await storage.agents.liveSessions(asked, now)).toEqual(new Set(live));
        expect(await storage.agents.liveSessions([], now)).toEqual(new Set());
      });

      it("deleteSession ends one session and names its agent; deleteSessions ends all of one agent's", async () => {
        const a = await anAgent(storage);
        const b = await anAgent(storage);
        const [a1, a2, b1] = [aSession(a.id), aSession(a.id), aSession(b.id)];
        for (const s of [a1, a2, b1]) await storage.agents.createSession(s);
        expect(await storage.agents.deleteSession(a1.tokenHash)).toBe(a.id);
        expect(await storage.agents.deleteSession(a1.tokenHash)).toBeUndefined();
        expect(await storage.agents.liveSessions([a1.tokenHash, a2.tokenHash, b1.tokenHash], Date.now())).toEqual(new Set([a2.tokenHash, b1.tokenHash]));
        await storage.agents.deleteSessions(a.id);
        expect(await storage.agents.liveSessions([a2.tokenHash, b1.tokenHash], Date.now())).toEqual(new Set([b1.tokenHash]));
      });

      it('changePassword swaps the hash and every session for the new one, in one go', async () => {
        const agent = await anAgent(storage, { passwordHash: 'old' });
        const other = await anAgent(storage);
        const [s1, s2, kept] = [aSession(agent.id), aSession(agent.id), aSession(other.id)];
        for (const s of [s1, s2, kept]) await storage.agents.createSession(s);
        const fresh = aSession(agent.id);
        expect(await storage.agents.changePassword(agent.id, 'old', 'new', fresh)).toBe(true);
        expect((await storage.agents.get(agent.id))?.passwordHash).toBe('new');
        const hashes = [s1.tokenHash, s2.tokenHash, kept.tokenHash, fresh.tokenHash];
        expect(await storage.agents.liveSessions(hashes, Date.now())).toEqual(new Set([kept.tokenHash, fresh.tokenHash]));
      });

      it('changePassword refuses a stale expected hash and changes nothing', async () => {
        const agent = await anAgent(storage, { passwordHash: 'old' });
        const s1 = aSession(agent.id);
        await storage.agents.createSession(s1);
        // A first change wins…
        const first = aSession(agent.id);
        expect(await storage.agents.changePassword(agent.id, 'old', 'first', first)).toBe(true);
        // …a second one that verified the old password before it is refused.
        const second = aSession(agent.id);
        expect(await storage.agents.changePassword(agent.id, 'old', 'second', second)).toBe(false);
        expect((await storage.agents.get(agent.id))?.passwordHash).toBe('first');
        expect(await storage.agents.liveSessions([s1.tokenHash, first.tokenHash, second.tokenHash], Date.now())).toEqual(new Set([first.tokenHash]));
        expect(await storage.agents.changePassword('nobody', 'old', 'x', aSession(agent.id))).toBe(false);
      });
    });

    describe('agents: team', () => {
      it('status: online and active agents are the ones offered for availability', async () => {
        const admin = await anAgent(storage, { role: 'admin' });
        const a = await anAgent(storage);
        const b = await anAgent(storage);
        expect(await storage.agents.onlineActive()).toEqual([]);
        expect((await storage.agents.setStatus(a.id, 'online'))?.status).toBe('online');
        await storage.agents.setStatus(b.id, 'online');
        expect((await storage.agents.onlineActive()).sort()).toEqual([a.id, b.id].sort());
        await storage.agents.setStatus(a.id, 'away');
        expect(await storage.agents.onlineActive()).toEqual([b.id]);
        // Deactivating sets the status to away.
        await storage.agents.deactivate(b.id, Date.now());
        expect((await storage.agents.get(b.id))?.status).toBe('away');
        expect(await storage.agents.onlineActive()).toEqual([]);
        expect(await storage.agents.setStatus('nobody', 'online')).toBeUndefined();
        expect(admin.status).toBe('away');
      });

      it('update: role and capacity; the last active admin keeps the admin role', async () => {
        const admin = await anAgent(storage, { role: 'admin' });
        const agent = await anAgent(storage);
        expect(await storage.agents.activeAdmins()).toBe(1);
        expect(await storage.agents.update(agent.id, { capacity: 2 })).toMatchObject({ id: agent.id, capacity: 2, role: 'agent' });
        expect(await storage.agents.update(agent.id, {})).toMatchObject({ capacity: 2 });
        await expect(storage.agents.update(admin.id, { role: 'agent' })).rejects.toMatchObject({
          code: 'conflict',
          message: 'The last admin cannot lose the admin role',
        });
        expect((await storage.agents.get(admin.id))?.role).toBe('admin');
        expect(await storage.agents.update(agent.id, { role: 'admin' })).toMatchObject({ role: 'admin' });
        expect(await storage.agents.activeAdmins()).toBe(2);
        expect(await storage.agents.update(admin.id, { role: 'agent', capacity: 9 })).toMatchObject({ role: 'agent', capacity: 9 });
        expect(await storage.agents.update('nobody', { capacity: 1 })).toBeUndefined();
      });

      it('deactivate: unknown agent, the last active admin, twice', async () => {
        const a1 = await anAgent(storage, { role: 'admin' });
        const a2 = await anAgent(storage, { role: 'admin' });
        await expect(storage.agents.deactivate('nobody', Date.now())).rejects.toMatchObject({ code: 'not_found' });
        // Two admins deactivating each other at once: one of them stays.
        const results = await Promise.allSettled([storage.agents.deactivate(a1.id, 1), storage.agents.deactivate(a2.id, 2)]);
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        expect((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason).toMatchObject({
          code: 'conflict',
          message: 'The last active admin cannot be deactivated',
        });
        expect(await storage.agents.activeAdmins()).toBe(1);
        const gone = (await storage.agents.get(a1.id))?.deactivatedAt != null ? a1 : a2;
        expect(await storage.agents.deactivate(gone.id, 3)).toBeNull();
        expect((await storage.agents.get(gone.id))?.deactivatedAt).toBe(gone === a1 ? 1 : 2);
      });

      it('deactivate hands back exactly the open and pending conversations assigned to the agent', async () => {
        const site = await aSite(storage);
        const agent = await anAgent(storage);
        const other = await anAgent(storage);
        const open1 = await aConversation(storage, site.id, agent.id);
        const open2 = await aConversation(storage, site.id, agent.id);
        const pending = await aConversation(storage, site.id, agent.id);
        const resolved = await aConversation(storage, site.id, agent.id);
        const others = await aConversation(storage, site.id, other.id);
        await storage.conversations.setStatus(pending, 'pending');
        await storage.conversations.setStatus(resolved, 'resolved');
        expect(await storage.agents.load(agent.id)).toBe(3);

        const handedBack = await storage.agents.deactivate(agent.id, Date.now());
        expect(handedBack?.slice().sort()).toEqual([open1, open2, pending].sort());
        for (const id of [open1, open2, pending]) expect((await storage.conversations.get(id))?.assigneeId).toBeNull();
        expect((await storage.conversations.get(resolved))?.assigneeId).toBe(agent.id);
        expect((await storage.conversations.get(others))?.assigneeId).toBe(other.id);
        expect(await storage.agents.load(agent.id)).toBe(0);
        expect(await storage.agents.load(other.id)).toBe(1);
      });

      it('load counts open and pending conversations assigned; capacity is stored', async () => {
        const site = await aSite(storage);
        const agent = await anAgent(storage, { capacity: 2 });
        expect(await storage.agents.load(agent.id)).toBe(0);
        const c1 = await aConversation(storage, site.id, agent.id);
        const c2 = await aConversation(storage, site.id, agent.id);
        const c3 = await aConversation(storage, site.id, agent.id);
        expect(await storage.agents.load(agent.id)).toBe(3);
        await storage.conversations.setStatus(c1, 'pending');
        expect(await storage.agents.load(agent.id)).toBe(3);
        await storage.conversations.setStatus(c2, 'resolved');
        expect(await storage.agents.load(agent.id)).toBe(2);
        await storage.agents.assign(c3, null);
        expect(await storage.agents.load(agent.id)).toBe(1);
        expect((await storage.agents.update(agent.id, { capacity: 7 }))?.capacity).toBe(7);
        expect((await storage.agents.get(agent.id))?.capacity).toBe(7);
      });

      it('assign returns the previous assignee and refuses unknown and deactivated agents and unknown conversations', async () => {
        const site = await aSite(storage);
        const a = await anAgent(storage);
        const b = await anAgent(storage);
        const gone = await anAgent(storage, { deactivatedAt: Date.now() });
        const c = await aConversation(storage, site.id, a.id);
        expect(await storage.agents.assign(c, b.id)).toBe(a.id);
        expect((await storage.conversations.get(c))?.assigneeId).toBe(b.id);
        expect(await storage.agents.assign(c, b.id)).toBe(b.id);
        await expect(storage.agents.assign(c, gone.id)).rejects.toMatchObject({
          code: 'conflict',
          message: 'This agent is deactivated and cannot be assigned conversations',
        });
        await expect(storage.agents.assign(c, 'nobody')).rejects.toMatchObject({ code: 'not_found', message: 'Agent not found' });
        await expect(storage.agents.assign('nothing', a.id)).rejects.toMatchObject({ code: 'not_found', message: 'Conversation not found' });
        expect((await storage.conversations.get(c))?.assigneeId).toBe(b.id);
        expect(await storage.agents.assign(c, null)).toBe(b.id);
        expect((await storage.conversations.get(c))?.assigneeId).toBeNull();
        expect(await storage.agents.assign(c, null)).toBeNull();
      });
    });
  });
}
