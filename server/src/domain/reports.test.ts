import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config';
import { openDb } from '../storage/sqlite/client';
import { median } from './reports';
import { createServices } from './services';

const MIN = 60_000;
const T0 = Date.UTC(2026, 10, 2, 12, 0, 0);

/**
 * A conversation written at known times: `script` is [author, minutes after T0] per message; then
 * created_at = T0 + createdMin, and optionally resolved, rated.
 */
async function setup() {
  const services = createServices(openDb(':memory:'), loadConfig({ ATENDO_PUBLIC_URL: 'http://localhost:3000' }));
  const { site } = services.sites.ensureDefault();
  const agent = await services.agents.create({ email: 'a@example.com', name: 'Admin', role: 'admin', password: 'a long password 123' });
  const sql = services.db.$client;
  let n = 0;
  function conversation(o: {
    script: ['visitor' | 'agent', number][];
    createdMin?: number;
    resolvedMin?: number;
    csat?: number;
    nps?: number;
    siteId?: string;
  }): string {
    const { visitor } = services.visitors.create(site.siteId);
    const first = o.script[0]!;
    let id = '';
    if (first[0] === 'visitor') {
      id = services.conversations.send({ kind: 'visitor', visitorId: visitor.id, siteId: site.siteId }, { clientId: `v${++n}`, body: 'hi' }).message
        .conversationId;
    } else {
      // Proactive: the agent wrote first (a conversation opened for the visitor).
      id = services.conversations.send({ kind: 'visitor', visitorId: visitor.id, siteId: site.siteId }, { clientId: `v${++n}`, body: 'x' }).message
        .conversationId;
      sql.prepare("UPDATE messages SET author = 'agent' WHERE conversation_id = ?").run(id);
    }
    o.script.slice(1).forEach(([author], i) => {
      if (author === 'visitor')
        services.conversations.send(
          { kind: 'visitor', visitorId: visitor.id, siteId: site.siteId },
          { conversationId: id, clientId: `v${++n}-${i}`, body: 'more' },
        );
      else
        services.conversations.send({ kind: 'agent', agentId: agentId(), agentName: 'Admin' }, { conversationId: id, clientId: `a${++n}-${i}`, body: 'reply' });
    });
    o.script.forEach(([, min], i) => sql.prepare('UPDATE messages SET created_at = ? WHERE conversation_id = ? AND seq = ?').run(T0 + min * MIN, id, i + 1));
    sql
      .prepare('UPDATE conversations SET created_at = ?, site_id = ? WHERE id = ?')
      .run(T0 + (o.createdMin ?? o.script[0]![1]) * MIN, o.siteId ?? site.siteId, id);
    if (o.resolvedMin !== undefined)
      sql.prepare("UPDATE conversations SET status = 'resolved', resolved_at = ? WHERE id = ?").run(T0 + o.resolvedMin * MIN, id);
    if (o.csat !== undefined || o.nps !== undefined)
      sql.prepare('UPDATE conversations SET csat = ?, nps = ?, rated_at = ? WHERE id = ?').run(o.csat ?? null, o.nps ?? null, T0, id);
    return id;
  }
  const agentId = () => agent.id;
  return { services, site, conversation, sql };
}

describe('median', () => {
  it('takes the middle value, or the mean of the two middle ones', () => {
    expect(median([])).toBeNull();
    expect(median([5])).toBe(5);
    expect(median([9, 1, 5])).toBe(5);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});

describe('reports', () => {
  it('computes volume, CSAT, NPS, median first response and mean resolution over the period', async () => {
    const { services, site, conversation } = await setup();
    // First responses 2, 4 and 10 minutes → median 4; one never answered; one proactive (no visitor first).
    conversation({
      script: [
        ['visitor', 0],
        ['agent', 2],
      ],
      resolvedMin: 30,
      csat: 5,
      nps: 10,
    });
    conversation({
      script: [
        ['visitor', 10],
        ['visitor', 11],
        ['agent', 14],
      ],
      resolvedMin: 70,
      csat: 4,
      nps: 9,
    });
    conversation({
      script: [
        ['visitor', 20],
        ['agent', 30],
        ['visitor', 31],
      ],
      resolvedMin: 50,
      csat: 2,
      nps: 3,
    });
    conversation({ script: [['visitor', 40]], nps: 7 });
    // Proactive: the agent wrote at 50, the visitor answered at 55, the agent again at 58 → 3 minutes.
    conversation({
      script: [
        ['agent', 50],
        ['visitor', 55],
        ['agent', 58],
      ],
    });
    // Outside the period: not counted at all.
    conversation({
      script: [
        ['visitor', -2000],
        ['agent', -1990],
      ],
      resolvedMin: -1900,
      csat: 1,
      nps: 0,
    });

    const r = services.reports.report({ from: T0 - 60 * MIN, to: T0 + 24 * 60 * MIN, siteId: site.siteId });
    expect(r.conversations).toBe(5);
    expect(r.resolved).toBe(3);
    expect(r.csat).toEqual({ average: 3.67, count: 3, distribution: [0, 1, 0, 1, 1] });
    // 2 promoters, 1 passive, 1 detractor of 4: 50 % − 25 % = 25.
    expect(r.nps).toEqual({ score: 25, count: 4, promoters: 2, passives: 1, detractors: 1 });
    // 2, 4, 10 and 3 minutes → median 3.5 minutes.
    expect(r.firstResponse).toEqual({ medianMs: 3.5 * MIN, count: 4 });
    // Resolved after 30, 60 and 30 minutes → mean 40 minutes.
    expect(r.resolution).toEqual({ meanMs: 40 * MIN, count: 3 });
  });

  it('answers nulls (not zeros or NaN) for an empty period, and filters by site', async () => {
    const { services, site, conversation } = await setup();
    conversation({
      script: [
        ['visitor', 0],
        ['agent', 1],
      ],
      resolvedMin: 5,
      csat: 5,
    });
    const empty = services.reports.report({ from: T0 + 1000 * MIN, to: T0 + 2000 * MIN });
    expect(empty).toMatchObject({
      conversations: 0,
      resolved: 0,
      csat: { average: null, count: 0, distribution: [0, 0, 0, 0, 0] },
      nps: { score: null, count: 0 },
      firstResponse: { medianMs: null, count: 0 },
      resolution: { meanMs: null, count: 0 },
    });
    const range = { from: T0 - MIN, to: T0 + 60 * MIN };
    expect(services.reports.report({ ...range, siteId: site.siteId }).conversations).toBe(1);
    expect(services.reports.report({ ...range, siteId: 'another-site' }).conversations).toBe(0);
    expect(services.reports.report(range).conversations).toBe(1);
  });

  it('defaults to the last 30 days', async () => {
    const { services } = await setup();
    const now = T0;
    const r = services.reports.report({}, now);
    expect(r.to).toBe(now);
    expect(r.from).toBe(now - 30 * 24 * 60 * MIN);
  });
});
