import { afterEach, describe, expect, it, vi } from 'vitest';
import { reportDataset, scriptedConversation } from '../storage/contract/reports';
import { aSite, anAgent } from '../storage/contract/fixtures';
import { openSqliteStorage, type SqliteStorage } from '../storage/sqlite/index';
import { median, ReportService } from './reports';

const MIN = 60_000;
const T0 = Date.UTC(2026, 10, 2, 12, 0, 0);

let storage: SqliteStorage | undefined;
afterEach(async () => {
  vi.useRealTimers();
  await storage?.close();
  storage = undefined;
});

/** A report service over an empty in-memory storage with one site and one agent; the clock is faked (Date only) for scripted conversations. */
async function setup() {
  storage = openSqliteStorage(':memory:');
  const site = await aSite(storage);
  const agent = await anAgent(storage);
  vi.useFakeTimers({ toFake: ['Date'] });
  return { storage, site, agent, reports: new ReportService(storage.reports) };
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
    const { storage, site, agent, reports } = await setup();
    // First responses 2, 4 and 10 minutes, and 3 for a proactive conversation (the agent wrote
    // first; the visitor answered; the agent again); one never answered; one outside the period.
    await reportDataset(storage, site.id, agent.id, T0);

    const r = await reports.report({ from: T0 - 60 * MIN, to: T0 + 24 * 60 * MIN, siteId: site.id });
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
    const { storage, site, agent, reports } = await setup();
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
    const empty = await reports.report({ from: T0 + 1000 * MIN, to: T0 + 2000 * MIN });
    expect(empty).toMatchObject({
      conversations: 0,
      resolved: 0,
      csat: { average: null, count: 0, distribution: [0, 0, 0, 0, 0] },
      nps: { score: null, count: 0 },
      firstResponse: { medianMs: null, count: 0 },
      resolution: { meanMs: null, count: 0 },
    });
    const range = { from: T0 - MIN, to: T0 + 60 * MIN };
    expect((await reports.report({ ...range, siteId: site.id })).conversations).toBe(1);
    expect((await reports.report({ ...range, siteId: 'another-site' })).conversations).toBe(0);
    expect((await reports.report(range)).conversations).toBe(1);
  });

  it('defaults to the last 30 days', async () => {
    const { reports } = await setup();
    const now = T0;
    const r = await reports.report({}, now);
    expect(r.to).toBe(now);
    expect(r.from).toBe(now - 30 * 24 * 60 * MIN);
  });
});
