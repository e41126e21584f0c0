import { afterEach, describe, expect, it, vi } from 'vitest';
import { reportDataset, scriptedConversation } from '../storage/contract/reports';
import { aSite, anAgent } from '../storage/contract/fixtures';
import { openSqliteStorage, type SqliteStorage } from '../storage/sqlite/index';
import { BusinessClock, median, percentile, ReportService } from './reports';

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

describe('percentile', () => {
  it('takes the nearest rank', () => {
    expect(percentile([], 90)).toBeNull();
    expect(percentile([7], 90)).toBe(7);
    const ten = [10, 1, 9, 2, 8, 3, 7, 4, 6, 5];
    expect(percentile(ten, 90)).toBe(9);
    expect(percentile([...ten, 11], 90)).toBe(10);
    expect(percentile(ten, 100)).toBe(10);
  });
});

describe('BusinessClock', () => {
  const H = 3_600_000;
  const hours = (timezone: string) => ({ enabled: true, timezone, openings: [1, 2, 3, 4, 5].map((day) => ({ day, open: '09:00', close: '17:00' })) });

  it('counts only the open time, across a weekend', () => {
    // Fri 2026-11-06 16:00 UTC → Mon 2026-11-09 10:30 UTC: 1 h Friday + 1.5 h Monday.
    const clock = new BusinessClock(hours('UTC'), Date.UTC(2026, 10, 1), Date.UTC(2026, 10, 20));
    expect(clock.between(Date.UTC(2026, 10, 6, 16), Date.UTC(2026, 10, 9, 10, 30))).toBe(2.5 * H);
    expect(clock.between(Date.UTC(2026, 10, 7, 10), Date.UTC(2026, 10, 8, 23))).toBe(0);
    expect(clock.between(Date.UTC(2026, 10, 9, 8), Date.UTC(2026, 10, 13, 18))).toBe(5 * 8 * H);
  });

  it('follows the wall clock across a DST change (New York, 2026-11-01: EDT → EST)', () => {
    const clock = new BusinessClock(hours('America/New_York'), Date.UTC(2026, 9, 25), Date.UTC(2026, 10, 10));
    // Fri 30 Oct 16:00 EDT (20:00 UTC) → Mon 2 Nov 09:30 EST (14:30 UTC): 1 h + 0.5 h.
    expect(clock.between(Date.UTC(2026, 9, 30, 20), Date.UTC(2026, 10, 2, 14, 30))).toBe(1.5 * H);
    // Mon 2 Nov 13:30 UTC is 08:30 EST: still closed (it would be 09:30 on EDT's offset).
    expect(clock.between(Date.UTC(2026, 10, 2, 13, 30), Date.UTC(2026, 10, 2, 14))).toBe(0);
  });

  it('is the whole span without business hours (24/7)', () => {
    const clock = new BusinessClock({ enabled: false, timezone: 'UTC', openings: [] }, 0, 10 * H);
    expect(clock.between(H, 5 * H)).toBe(4 * H);
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
    // p90 by nearest rank: the 4th of 4. The site has no business hours: open 24/7, the same figures.
    const first = { count: 4, medianMs: 3.5 * MIN, p90Ms: 10 * MIN, meanMs: 4.75 * MIN };
    expect(r.firstResponse).toEqual({ ...first, business: first });
    // Resolved after 30, 60 and 30 minutes → mean 40 minutes.
    const resolution = { count: 3, medianMs: 30 * MIN, p90Ms: 60 * MIN, meanMs: 40 * MIN };
    expect(r.resolution).toEqual({ ...resolution, business: resolution });
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
      firstResponse: { medianMs: null, p90Ms: null, meanMs: null, count: 0, business: { medianMs: null, count: 0 } },
      resolution: { meanMs: null, count: 0 },
      agents: [],
      tags: [],
      bot: { involved: 0, resolved: 0, handedOver: 0, articles: [] },
    });
    // Every day of the period is there, with zeros.
    expect(empty.volume).toHaveLength(1);
    expect(empty.heatmap.flat().every((n) => n === 0)).toBe(true);
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
