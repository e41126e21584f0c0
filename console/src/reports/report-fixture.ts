/** A whole `Report` for tests (a month of figures, every breakdown filled), with parts replaced by `over`. */
import type { Report, ReportDurations } from '@atendo/shared';

const MIN = 60_000;

const durations = (medianMs: number | null, count: number): ReportDurations => ({
  count,
  medianMs,
  p90Ms: medianMs === null ? null : medianMs * 4,
  meanMs: medianMs === null ? null : medianMs * 2,
  business: { count, medianMs: medianMs === null ? null : medianMs / 2, p90Ms: medianMs === null ? null : medianMs * 2, meanMs: medianMs },
});

export function aReport(over: Partial<Report> = {}): Report {
  const heatmap = Array.from({ length: 7 }, (_, d) => Array.from({ length: 24 }, (_, h) => (d >= 1 && d <= 5 && h >= 9 && h < 18 ? (d * h) % 7 : 0)));
  return {
    from: Date.UTC(2026, 10, 1),
    to: Date.UTC(2026, 10, 8),
    siteId: null,
    conversations: 42,
    resolved: 30,
    csat: { average: 4.25, count: 8, distribution: [0, 1, 1, 1, 5] },
    nps: { score: 25, count: 8, promoters: 4, passives: 2, detractors: 2 },
    firstResponse: durations(150_000, 28),
    resolution: { ...durations(2 * 3600_000 + 5 * MIN, 30), meanMs: 2 * 3600_000 + 5 * MIN },
    timeZone: 'America/Sao_Paulo',
    volume: Array.from({ length: 7 }, (_, i) => ({ date: `2026-11-0${i + 1}`, open: i % 3, pending: i % 2, resolved: 3 + i })),
    heatmap,
    agents: [
      {
        agentId: 'agent_1',
        name: 'Ana Souza',
        conversations: 25,
        resolved: 20,
        firstResponseMedianMs: 120_000,
        resolutionMedianMs: 3600_000,
        csatAverage: 4.5,
        csatCount: 6,
      },
      {
        agentId: 'agent_2',
        name: 'Ivan Petrov',
        conversations: 12,
        resolved: 8,
        firstResponseMedianMs: 300_000,
        resolutionMedianMs: 7200_000,
        csatAverage: 3.5,
        csatCount: 2,
      },
      { agentId: null, name: null, conversations: 5, resolved: 2, firstResponseMedianMs: null, resolutionMedianMs: 60_000, csatAverage: null, csatCount: 0 },
    ],
    tags: [
      { tag: 'billing', conversations: 12 },
      { tag: 'delivery', conversations: 7 },
    ],
    bot: {
      involved: 10,
      resolved: 4,
      handedOver: 5,
      articles: [{ articleId: 'art_1', title: 'Where is my order?', offered: 6, helped: 3, notHelped: 2 }],
    },
    ...over,
  };
}
