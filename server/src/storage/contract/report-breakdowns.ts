/**
 * Contract: the report's durations, breakdowns and bot figures give the same known answers on every
 * store, through the ReportService (business hours across a weekend and a daylight-saving change,
 * p90, heatmap cells, per agent, per tag, per article), and a visitor's message that reopens a
 * conversation says when.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_WIDGET_SETTINGS, type BotCard } from '@atendo/shared';
import { ReportService } from '../../domain/reports';
import { newId } from '../../domain/ids';
import type { Storage } from '../index';
import type { SqliteStorage } from '../sqlite/index';
import type { PostgresStorage } from '../postgres/index';
import { aSite, aVisitor, anAgent } from './fixtures';
import type { OpenStorage } from './suite';

const MIN = 60_000;
const at = (iso: string) => Date.parse(iso);

/**
 * Columns the answer bot's own port writes (its state, hand-over time, its messages) are seeded
 * with plain SQL, the same statement on both stores (`?` placeholders, numbered for PostgreSQL), so
 * this suite depends on the schema only, not on how the bot decides.
 */
async function sql(storage: Storage, text: string, params: unknown[]): Promise<void> {
  if (storage.kind === 'sqlite') (storage as SqliteStorage).db.$client.prepare(text).run(...params);
  else {
    let n = 0;
    await (storage as PostgresStorage).db.$client.query(
      text.replace(/\?/g, () => `$${++n}`),
      params,
    );
  }
}

/** A writer of one conversation at given times (Date is faked by the caller). */
function talker(storage: Storage, siteId: string) {
  let n = 0;
  return async (visitorId: string, agentId: string) => {
    let id: string | undefined;
    const send = async (author: 'visitor' | 'agent', iso: string) => {
      vi.setSystemTime(at(iso));
      if (!id && author === 'agent') id = (await storage.conversations.openForAgent(visitorId, agentId))!.id;
      const sender = author === 'visitor' ? { kind: 'visitor' as const, visitorId, siteId } : { kind: 'agent' as const, agentId, agentName: 'Agent' };
      const { stored } = await storage.conversations.appendBatch([{ sender, input: { conversationId: id, clientId: `m${++n}`, body: author } }]);
      const slot = stored[0]!;
      if (!slot.ok) throw slot.error;
      id = slot.message.conversationId;
    };
    const c = {
      visitor: (iso: string) => send('visitor', iso).then(() => c),
      agent: (iso: string) => send('agent', iso).then(() => c),
      async status(status: 'resolved' | 'pending' | 'open', iso: string) {
        vi.setSystemTime(at(iso));
        await storage.conversations.setStatus(id!, status);
        return c;
      },
      /** A bot message offering these articles (author `bot`, `meta` as the bot writes it). */
      async bot(iso: string, articles: { id: string; title: string }[]) {
        const meta = JSON.stringify({ articles: articles.map((a) => ({ ...a, excerpt: '…' })) } satisfies BotCard);
        await sql(
          storage,
          `INSERT INTO messages (id, conversation_id, seq, client_id, author, body, created_at, meta)
           VALUES (?, ?, (SELECT last_seq + 1 FROM conversations WHERE id = ?), ?, 'bot', 'Maybe this helps', ?, ?)`,
          [newId(), id, id, `b${++n}`, at(iso), meta],
        );
        await sql(storage, 'UPDATE conversations SET last_seq = last_seq + 1 WHERE id = ?', [id]);
        return c;
      },
      async botState(state: 'answered' | 'resolved' | 'handed_over', handedOver?: string) {
        await sql(storage, 'UPDATE conversations SET bot_state = ?, handed_over_at = ? WHERE id = ?', [state, handedOver ? at(handedOver) : null, id]);
        return c;
      },
      async assign(agent: string) {
        await sql(storage, 'UPDATE conversations SET assignee_id = ? WHERE id = ?', [agent, id]);
        return c;
      },
      async tags(names: string[]) {
        await storage.tags.setConversationTags(id!, names, Date.now());
        return c;
      },
      async rate(csat: number, visitor: string) {
        if (!(await storage.reports.rate(id!, visitor, { csat, nps: null, comment: null, ratedAt: Date.now() }))) throw new Error('not rated');
        return c;
      },
      id: () => id!,
    };
    return c;
  };
}

/** Mon–Fri 09:00–17:00 in Berlin (CET, UTC+1, until Sunday 29 March 2026 02:00; CEST, UTC+2, after). */
const BERLIN_HOURS = JSON.stringify({
  ...DEFAULT_WIDGET_SETTINGS,
  hours: { enabled: true, timezone: 'Europe/Berlin', openings: [1, 2, 3, 4, 5].map((day) => ({ day, open: '09:00', close: '17:00' })) },
});

/**
 * The dataset (local Berlin times in comments). Its known answers, in minutes:
 * first responses A 3870 (business 90: Fri 16–17 + Mon 09:00–09:30 CEST), B 2 (from the hand-over,
 * the bot's message ignored), C 15 (from the reopening), E 3 (proactive), F 940 (business 10);
 * resolutions by people A 3900 (business 120), C 60 (60); D, resolved by the bot in 2 (a Saturday),
 * is the bot's figure, not the team's resolution time.
 */
async function dataset(storage: Storage) {
  const berlin = await aSite(storage, { widgetSettings: BERLIN_HOURS });
  const x = await anAgent(storage, { name: 'Xenia' });
  const y = await anAgent(storage, { name: 'Yuri' });
  const talk = talker(storage, berlin.id);
  const v = async () => (await aVisitor(storage, berlin.id)).id;
  const delivery = { id: 'art-delivery', title: 'Delivery' };
  const returns = { id: 'art-returns', title: 'Returns' };

  // A: Fri 27 Mar 16:00 CET → agent Mon 30 Mar 09:30 CEST; resolved Mon 10:00 CEST; CSAT 4.
  const va = await v();
  const a = await talk(va, x.id);
  await a.visitor('2026-03-27T15:00:00Z');
  await a.agent('2026-03-30T07:30:00Z');
  await a.status('resolved', '2026-03-30T08:00:00Z');
  await (await (await a.assign(x.id)).tags(['billing'])).rate(4, va);

  // B: Mon 10:00; the bot answers, hands over at 10:05, the agent writes at 10:07 → 2 minutes.
  const b = await talk(await v(), x.id);
  await b.visitor('2026-03-30T08:00:00Z');
  await b.bot('2026-03-30T08:00:30Z', [delivery, returns]);
  await b.botState('handed_over', '2026-03-30T08:05:00Z');
  await b.agent('2026-03-30T08:07:00Z');
  await (await b.assign(x.id)).tags(['vip', 'billing']);

  // C: Mon 11:00 → agent 11:04; resolved 11:10; the visitor writes again at 11:30 (reopens), agent 11:45 → 15; resolved 12:00.
  const c = await talk(await v(), y.id);
  await c.visitor('2026-03-30T09:00:00Z');
  await c.agent('2026-03-30T09:04:00Z');
  await c.status('resolved', '2026-03-30T09:10:00Z');
  await c.visitor('2026-03-30T09:30:00Z');
  await c.agent('2026-03-30T09:45:00Z');
  await c.status('resolved', '2026-03-30T10:00:00Z');
  await c.assign(y.id);

  // D: Sat 28 Mar 12:00 CET; the bot answers and resolves it at 12:02 (nobody assigned).
  const d = await talk(await v(), x.id);
  await d.visitor('2026-03-28T11:00:00Z');
  await d.bot('2026-03-28T11:00:10Z', [delivery]);
  await d.botState('resolved');
  await d.status('resolved', '2026-03-28T11:02:00Z');
  await d.tags(['delivery']);

  // E: proactive, Mon 12:00: the agent writes, the visitor answers at 12:01, the agent at 12:04 → 3; CSAT 2.
  const ve = await v();
  const e = await talk(ve, y.id);
  await e.agent('2026-03-30T10:00:00Z');
  await e.visitor('2026-03-30T10:01:00Z');
  await e.agent('2026-03-30T10:04:00Z');
  await (await e.status('resolved', '2026-03-30T10:05:00Z')).rate(2, ve);
  await (await e.status('open', '2026-03-30T10:06:00Z')).assign(y.id);

  // F: Mon 17:30 (closed) → agent Tue 09:10 → 940, business 10; CSAT 5; pending now.
  const vf = await v();
  const f = await talk(vf, x.id);
  await f.visitor('2026-03-30T15:30:00Z');
  await f.agent('2026-03-31T07:10:00Z');
  await (await f.status('resolved', '2026-03-31T07:11:00Z')).rate(5, vf);
  await (await f.status('pending', '2026-03-31T07:12:00Z')).assign(x.id);

  // G: Sun 29 Mar 10:00 CEST (08:00 UTC, after the change); the bot answered, nobody else.
  const g = await talk(await v(), x.id);
  await g.visitor('2026-03-29T08:00:00Z');
  await g.bot('2026-03-29T08:00:05Z', [returns]);
  await g.botState('answered');

  // Another site without business hours (24/7, UTC): Sat 28 Mar 10:00 → 10:05.
  const other = await aSite(storage);
  const o = await talker(storage, other.id)((await aVisitor(storage, other.id)).id, x.id);
  await o.visitor('2026-03-28T10:00:00Z');
  await o.agent('2026-03-28T10:05:00Z');

  return { berlin, other, x, y, c, d };
}

/** Berlin's Friday 27 March to Wednesday 1 April, local midnights. */
const RANGE = { from: at('2026-03-26T23:00:00Z'), to: at('2026-03-31T22:00:00Z') };

export function reportBreakdownsContract(open: OpenStorage): void {
  describe('reports: durations, breakdowns, the bot', () => {
    let opened: Awaited<ReturnType<OpenStorage>> | undefined;
    afterEach(async () => {
      vi.useRealTimers();
      await opened?.close();
      opened = undefined;
    });
    async function seeded() {
      opened = await open();
      vi.useFakeTimers({ toFake: ['Date'] });
      const ids = await dataset(opened.storage);
      return { storage: opened.storage, reports: new ReportService(opened.storage.reports), ...ids };
    }

    it('a visitor’s message that reopens a resolved conversation sets reopened_at to its time; an agent’s does not, nor a visitor answering a pending one', async () => {
      opened = await open();
      const storage = opened.storage;
      vi.useFakeTimers({ toFake: ['Date'] });
      const site = await aSite(storage);
      const agent = await anAgent(storage);
      const c = await talker(storage, site.id)((await aVisitor(storage, site.id)).id, agent.id);
      await c.visitor('2026-03-02T10:00:00Z');
      expect((await storage.conversations.get(c.id()))!.reopenedAt).toBeNull();
      await c.status('resolved', '2026-03-02T10:05:00Z');
      await c.agent('2026-03-02T10:06:00Z');
      expect((await storage.conversations.get(c.id()))!.reopenedAt).toBeNull();
      await c.visitor('2026-03-02T10:07:00Z');
      expect(await storage.conversations.get(c.id())).toMatchObject({ status: 'open', reopenedAt: at('2026-03-02T10:07:00Z') });
      await c.visitor('2026-03-02T10:08:00Z'); // already open: unchanged
      expect((await storage.conversations.get(c.id()))!.reopenedAt).toBe(at('2026-03-02T10:07:00Z'));
      // Pending (the team waits on the visitor): the visitor's answer opens it again, no reopening.
      await c.status('pending', '2026-03-02T10:09:00Z');
      await c.visitor('2026-03-02T10:10:00Z');
      expect(await storage.conversations.get(c.id())).toMatchObject({ status: 'open', reopenedAt: at('2026-03-02T10:07:00Z') });
      // Resolved again, then the visitor writes: a reopening.
      await c.status('resolved', '2026-03-02T10:11:00Z');
      await c.visitor('2026-03-02T10:12:00Z');
      expect(await storage.conversations.get(c.id())).toMatchObject({ status: 'open', reopenedAt: at('2026-03-02T10:12:00Z') });
    });

    it('first response and resolution: median, p90, mean, and within business hours across a weekend and a DST change', async () => {
      const { reports, berlin } = await seeded();
      const r = await reports.report({ ...RANGE, siteId: berlin.id });
      expect(r.conversations).toBe(7);
      expect(r.timeZone).toBe('Europe/Berlin');
      expect(r.firstResponse).toEqual({
        count: 5,
        medianMs: 15 * MIN,
        p90Ms: 3870 * MIN,
        meanMs: 966 * MIN,
        business: { count: 5, medianMs: 10 * MIN, p90Ms: 90 * MIN, meanMs: 24 * MIN },
      });
      expect(r.resolution).toEqual({
        count: 2,
        medianMs: 1980 * MIN,
        p90Ms: 3900 * MIN,
        meanMs: 1980 * MIN,
        business: { count: 2, medianMs: 90 * MIN, p90Ms: 120 * MIN, meanMs: 90 * MIN },
      });
      expect(r.resolved).toBe(3);
    });

    it('a conversation the bot resolved and a visitor reopened is the team’s again: its resolution counts', async () => {
      const { storage, reports, berlin, d } = await seeded();
      // D reopened by the visitor (an e-mail reply, say) and resolved by a person: created Sat 12:00, resolved 12:30 the same day.
      await sql(storage, 'UPDATE conversations SET reopened_at = ?, resolved_at = ? WHERE id = ?', [
        Date.parse('2026-03-28T11:20:00Z'),
        Date.parse('2026-03-28T11:30:00Z'),
        d.id(),
      ]);
      const r = await reports.report({ ...RANGE, siteId: berlin.id });
      expect(r.resolution).toMatchObject({ count: 3, medianMs: 60 * MIN, p90Ms: 3900 * MIN });
    });

    it('volume by local day, the hour × weekday heatmap in the site’s time zone, per agent, per tag', async () => {
      const { reports, berlin, x, y } = await seeded();
      const r = await reports.report({ ...RANGE, siteId: berlin.id });
      expect(r.volume).toEqual([
        { date: '2026-03-27', open: 0, pending: 0, resolved: 1 },
        { date: '2026-03-28', open: 0, pending: 0, resolved: 1 },
        { date: '2026-03-29', open: 1, pending: 0, resolved: 0 },
        { date: '2026-03-30', open: 2, pending: 1, resolved: 1 },
        { date: '2026-03-31', open: 0, pending: 0, resolved: 0 },
      ]);
      const cells = r.heatmap.flatMap((hours, day) => hours.flatMap((n, hour) => (n ? [[day, hour, n]] : [])));
      // Fri 16, Sat 12, Sun 10 (CEST: 08:00 UTC), Mon 10, 11, 12, 17.
      expect(cells).toEqual([
        [0, 10, 1],
        [1, 10, 1],
        [1, 11, 1],
        [1, 12, 1],
        [1, 17, 1],
        [5, 16, 1],
        [6, 12, 1],
      ]);
      expect(r.agents).toEqual([
        {
          agentId: x.id,
          name: 'Xenia',
          conversations: 3,
          resolved: 1,
          firstResponseMedianMs: 940 * MIN,
          resolutionMedianMs: 3900 * MIN,
          csatAverage: 4.5,
          csatCount: 2,
        },
        {
          agentId: y.id,
          name: 'Yuri',
          conversations: 2,
          resolved: 1,
          firstResponseMedianMs: 9 * MIN,
          resolutionMedianMs: 60 * MIN,
          csatAverage: 2,
          csatCount: 1,
        },
        {
          agentId: null,
          name: null,
          conversations: 2,
          resolved: 1,
          firstResponseMedianMs: null,
          resolutionMedianMs: null,
          csatAverage: null,
          csatCount: 0,
        } as const,
      ]);
      expect(r.tags).toEqual([
        { tag: 'billing', conversations: 2 },
        { tag: 'delivery', conversations: 1 },
        { tag: 'vip', conversations: 1 },
      ]);
    });

    it('the bot: involvement, resolved by it, handed over, per article helped and not helped', async () => {
      const { reports, berlin } = await seeded();
      const r = await reports.report({ ...RANGE, siteId: berlin.id });
      expect(r.bot).toEqual({
        involved: 3,
        resolved: 1,
        handedOver: 1,
        articles: [
          { articleId: 'art-delivery', title: 'Delivery', offered: 2, helped: 1, notHelped: 1 },
          { articleId: 'art-returns', title: 'Returns', offered: 2, helped: 0, notHelped: 1 },
        ],
      });
    });

    it('an agent writing while the bot’s buttons wait: the first response from the question, no hand-over, no verdict on the articles', async () => {
      opened = await open();
      const storage = opened.storage;
      vi.useFakeTimers({ toFake: ['Date'] });
      const site = await aSite(storage);
      const agent = await anAgent(storage);
      const c = await talker(storage, site.id)((await aVisitor(storage, site.id)).id, agent.id);
      await c.visitor('2026-03-02T10:00:00Z');
      await (await c.bot('2026-03-02T10:00:01Z', [{ id: 'art-delivery', title: 'Delivery' }])).botState('answered');
      await c.agent('2026-03-02T10:10:01Z');
      // What the bot does when an agent's message arrives while its buttons wait (BotService).
      expect(await storage.bot.takeOver(c.id())).toBe(true);
      const r = await new ReportService(storage.reports).report({ from: at('2026-03-02T00:00:00Z'), to: at('2026-03-03T00:00:00Z'), siteId: site.id });
      expect(r.firstResponse).toMatchObject({ count: 1, medianMs: 601_000, meanMs: 601_000, business: { count: 1, medianMs: 601_000 } });
      expect(r.bot).toEqual({
        involved: 1,
        resolved: 0,
        handedOver: 0,
        articles: [{ articleId: 'art-delivery', title: 'Delivery', offered: 1, helped: 0, notHelped: 0 }],
      });
    });

    it('every site: each counts in its own time zone and hours; one site alone leaves the others out', async () => {
      const { reports, other } = await seeded();
      const all = await reports.report({ ...RANGE, siteId: undefined });
      expect(all.conversations).toBe(8);
      expect(all.timeZone).toBeNull();
      // The 24/7 site's 5 minutes count whole in business time too.
      expect(all.firstResponse).toMatchObject({ count: 6, medianMs: 10 * MIN, business: { count: 6, medianMs: 7.5 * MIN } });
      expect(all.heatmap[6]![10]).toBe(1); // Sat 10:00 UTC
      expect(all.volume[0]!.date).toBe('2026-03-26'); // UTC's day of Berlin's midnight
      const alone = await reports.report({ ...RANGE, siteId: other.id });
      expect(alone).toMatchObject({ conversations: 1, timeZone: 'UTC', firstResponse: { count: 1, medianMs: 5 * MIN, business: { medianMs: 5 * MIN } } });
      expect(alone.bot).toEqual({ involved: 0, resolved: 0, handedOver: 0, articles: [] });
    });
  });
}
