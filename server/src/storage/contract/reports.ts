/** Contract: end of conversation ratings and the report's figures (ReportStore). */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Storage } from '../index';
import type { ReportData } from '../reports';
import { aSite, aVisitor, anAgent } from './fixtures';
import type { OpenStorage } from './suite';

const MIN = 60_000;
const T0 = Date.UTC(2026, 10, 2, 12, 0, 0);

export interface Scripted {
  siteId: string;
  /** Writes the agent messages (and opens the conversation when the agent writes first). */
  agentId: string;
  /** [author, time] per message, in order; the conversation is created at the first message's time. */
  script: ['visitor' | 'agent', number][];
  resolvedAt?: number;
  csat?: number;
  nps?: number;
}

/**
 * A conversation written at known times, through the ports only: the clock is set (Date faked; the
 * caller calls `vi.useFakeTimers({ toFake: ['Date'] })`) before each write. A rating on a
 * conversation that is not to stay resolved is given while resolved, then it is reopened.
 */
export async function scriptedConversation(storage: Storage, o: Scripted): Promise<{ id: string; visitorId: string }> {
  const visitor = await aVisitor(storage, o.siteId);
  const sender = { kind: 'visitor' as const, visitorId: visitor.id, siteId: o.siteId };
  const agent = { kind: 'agent' as const, agentId: o.agentId, agentName: 'Agent' };
  let id: string | undefined;
  let n = 0;
  for (const [author, at] of o.script) {
    vi.setSystemTime(at);
    if (!id && author === 'agent') id = (await storage.conversations.openForAgent(visitor.id, o.agentId))!.id; // proactive
    const input = { conversationId: id, clientId: `c${++n}`, body: author === 'visitor' ? 'hi' : 'hello' };
    const { stored } = await storage.conversations.appendBatch([{ sender: author === 'visitor' ? sender : agent, input }]);
    const slot = stored[0]!;
    if (!slot.ok) throw slot.error;
    id = slot.message.conversationId;
  }
  if (!id) throw new Error('An empty script');
  const last = o.script[o.script.length - 1]![1];
  if (o.resolvedAt !== undefined) {
    vi.setSystemTime(o.resolvedAt);
    await storage.conversations.setStatus(id, 'resolved');
  }
  if (o.csat !== undefined || o.nps !== undefined) {
    const resolved = o.resolvedAt !== undefined;
    if (!resolved) await storage.conversations.setStatus(id, 'resolved');
    const ok = await storage.reports.rate(id, visitor.id, {
      csat: o.csat ?? null,
      nps: o.nps ?? null,
      comment: null,
      ratedAt: Math.max(last, o.resolvedAt ?? 0),
    });
    if (!ok) throw new Error('The rating was not stored');
    if (!resolved) await storage.conversations.setStatus(id, 'open');
  }
  return { id, visitorId: visitor.id };
}

/**
 * The dataset of the report tests (times in minutes after `t0`): five conversations in
 * [t0 − 60 min, t0 + 24 h) of `siteId`, one long before.
 * First responses 2, 4, 10 and 3 (proactive) minutes; one never answered. Resolved after 30, 60, 30
 * minutes. CSAT 5, 4, 2; NPS 10, 9, 3, 7.
 */
export async function reportDataset(storage: Storage, siteId: string, agentId: string, t0 = T0): Promise<void> {
  const at = (min: number) => t0 + min * MIN;
  const c = (script: ['visitor' | 'agent', number][], more: { resolvedMin?: number; csat?: number; nps?: number } = {}) =>
    scriptedConversation(storage, {
      siteId,
      agentId,
      script: script.map(([a, m]) => [a, at(m)]),
      ...(more.resolvedMin !== undefined ? { resolvedAt: at(more.resolvedMin) } : {}),
      ...(more.csat !== undefined ? { csat: more.csat } : {}),
      ...(more.nps !== undefined ? { nps: more.nps } : {}),
    });
  await c(
    [
      ['visitor', 0],
      ['agent', 2],
    ],
    { resolvedMin: 30, csat: 5, nps: 10 },
  );
  await c(
    [
      ['visitor', 10],
      ['visitor', 11],
      ['agent', 14],
    ],
    { resolvedMin: 70, csat: 4, nps: 9 },
  );
  await c(
    [
      ['visitor', 20],
      ['agent', 30],
      ['visitor', 31],
    ],
    { resolvedMin: 50, csat: 2, nps: 3 },
  );
  await c([['visitor', 40]], { nps: 7 });
  // Proactive: the agent wrote at 50, the visitor answered at 55, the agent again at 58 → 3 minutes.
  await c([
    ['agent', 50],
    ['visitor', 55],
    ['agent', 58],
  ]);
  // Long before the period.
  await c(
    [
      ['visitor', -2000],
      ['agent', -1990],
    ],
    { resolvedMin: -1900, csat: 1, nps: 0 },
  );
}

export function reportsContract(open: OpenStorage): void {
  describe('reports', () => {
    let opened: Awaited<ReturnType<OpenStorage>> | undefined;
    afterEach(async () => {
      vi.useRealTimers();
      await opened?.close();
      opened = undefined;
    });
    async function fresh() {
      opened = await open();
      const storage = opened.storage;
      const site = await aSite(storage);
      const agent = await anAgent(storage);
      return { storage, site, agent };
    }

    /** The first responses (reply − start) of a read, in order. */
    const firsts = (d: ReportData) =>
      d.timings
        .filter(([, , , , start, reply]) => start !== null && reply !== null)
        .map(([, , , , start, reply]) => reply! - start!)
        .sort((a, b) => a - b);
    const resolutions = (d: ReportData) =>
      d.timings
        .filter(([, , , resolvedAt]) => resolvedAt !== null)
        .map(([, , createdAt, resolvedAt]) => resolvedAt! - createdAt)
        .sort((a, b) => a - b);

    it('counts the conversations created in the period: volume, resolved, CSAT distribution, NPS buckets, first responses, resolution', async () => {
      const { storage, site, agent } = await fresh();
      vi.useFakeTimers({ toFake: ['Date'] });
      await reportDataset(storage, site.id, agent.id);
      const d = await storage.reports.read({ from: T0 - 60 * MIN, to: T0 + 24 * 60 * MIN, siteId: site.id });
      expect(d.figures).toEqual({
        conversations: 5,
        resolved: 3,
        csatSum: 11,
        csatCount: 3,
        csatDistribution: [0, 1, 0, 1, 1],
        promoters: 2,
        passives: 1,
        detractors: 1,
        botInvolved: 0,
        botResolved: 0,
        botHandedOver: 0,
      });
      expect(resolutions(d)).toEqual([30 * MIN, 30 * MIN, 60 * MIN]);
      expect(firsts(d)).toEqual([2 * MIN, 3 * MIN, 4 * MIN, 10 * MIN]);
      expect(d.sites).toEqual([{ id: site.id, widgetSettings: '{}' }]);
      // Everything, the old conversation included.
      const all = await storage.reports.read({ from: T0 - 3000 * MIN, to: T0 + 24 * 60 * MIN, siteId: null });
      expect(all.figures).toMatchObject({
        conversations: 6,
        resolved: 4,
        csatCount: 4,
        csatDistribution: [1, 1, 0, 1, 1],
        promoters: 2,
        passives: 1,
        detractors: 2,
      });
      expect(firsts(all)).toEqual([2 * MIN, 3 * MIN, 4 * MIN, 10 * MIN, 10 * MIN]);
    });

    it('takes [from, to): a conversation created at `to` is not counted, one created at `from` is', async () => {
      const { storage, site, agent } = await fresh();
      vi.useFakeTimers({ toFake: ['Date'] });
      await scriptedConversation(storage, { siteId: site.id, agentId: agent.id, script: [['visitor', T0]] });
      await scriptedConversation(storage, { siteId: site.id, agentId: agent.id, script: [['visitor', T0 + MIN]] });
      const count = async (from: number, to: number) => (await storage.reports.read({ from, to, siteId: null })).figures.conversations;
      expect(await count(T0, T0 + MIN)).toBe(1);
      expect(await count(T0, T0 + MIN + 1)).toBe(2);
      expect(await count(T0 + 1, T0 + MIN + 1)).toBe(1);
    });

    it('answers zeros (never NaN) and empty lists for an empty cohort, and filters by site', async () => {
      const { storage, site, agent } = await fresh();
      const other = await aSite(storage);
      vi.useFakeTimers({ toFake: ['Date'] });
      await scriptedConversation(storage, {
        siteId: site.id,
        agentId: agent.id,
        script: [
          ['visitor', T0],
          ['agent', T0 + MIN],
        ],
        resolvedAt: T0 + 5 * MIN,
        csat: 5,
      });
      const empty = {
        conversations: 0,
        resolved: 0,
        csatSum: 0,
        csatCount: 0,
        csatDistribution: [0, 0, 0, 0, 0],
        promoters: 0,
        passives: 0,
        detractors: 0,
        botInvolved: 0,
        botResolved: 0,
        botHandedOver: 0,
      };
      const none = { figures: empty, timings: [], slots: [], agents: [], tags: [], articles: [] };
      expect(await storage.reports.read({ from: T0 + 1000 * MIN, to: T0 + 2000 * MIN, siteId: null })).toMatchObject(none);
      const range = { from: T0 - MIN, to: T0 + 60 * MIN };
      expect(await storage.reports.read({ ...range, siteId: other.id })).toMatchObject({ ...none, sites: [{ id: other.id, widgetSettings: '{}' }] });
      const mine = await storage.reports.read({ ...range, siteId: site.id });
      expect(mine.figures).toMatchObject({ conversations: 1, resolved: 1, csatSum: 5, csatCount: 1 });
      expect(firsts(mine)).toEqual([MIN]);
      expect(resolutions(mine)).toEqual([5 * MIN]);
      const all = await storage.reports.read({ ...range, siteId: null });
      expect(all.figures.conversations).toBe(1);
      expect(all.sites.map((s) => s.id).sort()).toEqual([site.id, other.id].sort());
    });
  });

  describe('reports: ratings', () => {
    let opened: Awaited<ReturnType<OpenStorage>> | undefined;
    afterEach(async () => {
      await opened?.close();
      opened = undefined;
    });
    /** A visitor's conversation with one message, and the agent. */
    async function aConversation() {
      opened = await open();
      const storage = opened.storage;
      const site = await aSite(storage, { widgetSettings: '{"csat":true}' });
      const visitor = await aVisitor(storage, site.id);
      const { stored } = await storage.conversations.appendBatch([
        { sender: { kind: 'visitor', visitorId: visitor.id, siteId: site.id }, input: { clientId: 'c1', body: 'hi' } },
      ]);
      const slot = stored[0]!;
      if (!slot.ok) throw slot.error;
      return { storage, site, visitor, id: slot.message.conversationId };
    }
    const rating = { csat: 4, nps: 9, comment: 'Quick', ratedAt: T0 };

    it('tells the rules what they need: owner, status, rating state, the site’s widget settings', async () => {
      const { storage, visitor, id } = await aConversation();
      expect(await storage.reports.ratingTarget(id)).toEqual({ visitorId: visitor.id, status: 'open', ratedAt: null, widgetSettings: '{"csat":true}' });
      expect(await storage.reports.ratingTarget('nope')).toBeUndefined();
      await storage.conversations.setStatus(id, 'resolved');
      expect(await storage.reports.rate(id, visitor.id, rating)).toBe(true);
      expect(await storage.reports.ratingTarget(id)).toMatchObject({ status: 'resolved', ratedAt: T0 });
    });

    it('stores a rating only on the visitor’s own resolved conversation, once', async () => {
      const { storage, site, visitor, id } = await aConversation();
      const stranger = await aVisitor(storage, site.id);
      expect(await storage.reports.rate(id, visitor.id, rating)).toBe(false); // open
      await storage.conversations.setStatus(id, 'pending');
      expect(await storage.reports.rate(id, visitor.id, rating)).toBe(false); // pending
      await storage.conversations.setStatus(id, 'resolved');
      expect(await storage.reports.rate(id, stranger.id, rating)).toBe(false); // someone else's
      expect(await storage.reports.rate('nope', visitor.id, rating)).toBe(false);
      expect((await storage.conversations.get(id))!.ratedAt).toBeNull();

      expect(await storage.reports.rate(id, visitor.id, rating)).toBe(true);
      expect(await storage.reports.rate(id, visitor.id, { csat: 1, nps: 0, comment: 'Changed my mind', ratedAt: T0 + 1 })).toBe(false);
      expect(await storage.conversations.get(id)).toMatchObject({ csat: 4, nps: 9, csatComment: 'Quick', ratedAt: T0 });
    });

    it('stores one of two racing ratings', async () => {
      const { storage, visitor, id } = await aConversation();
      await storage.conversations.setStatus(id, 'resolved');
      const results = await Promise.all(
        [1, 2, 3, 4, 5].map((csat) => storage.reports.rate(id, visitor.id, { csat, nps: null, comment: null, ratedAt: T0 + csat })),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
      const winner = results.indexOf(true) + 1;
      expect(await storage.conversations.get(id)).toMatchObject({ csat: winner, nps: null, csatComment: null, ratedAt: T0 + winner });
    });

    it('stores NPS without CSAT, and nulls as nulls', async () => {
      const { storage, visitor, id } = await aConversation();
      await storage.conversations.setStatus(id, 'resolved');
      expect(await storage.reports.rate(id, visitor.id, { csat: null, nps: 0, comment: null, ratedAt: T0 })).toBe(true);
      expect(await storage.conversations.get(id)).toMatchObject({ csat: null, nps: 0, csatComment: null, ratedAt: T0 });
    });
  });
}
