import { npsScore, type Report } from '@atendo/shared';
import type { ReportStore } from '../storage/reports';

const DAY_MS = 86_400_000;

export interface ReportRange {
  from?: number | undefined;
  to?: number | undefined;
  siteId?: string | undefined;
}

/** Median of a list of numbers (mean of the two middle ones for an even count); null when empty. */
export function median(values: number[]): number | null {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/**
 * The agents' report, over the conversations *created* in [from, to): one cohort, so every
 * figure describes the same conversations. The store does the counting; only the median is taken
 * here (SQLite has no median aggregate).
 */
export class ReportService {
  constructor(private store: ReportStore) {}

  async report(range: ReportRange, now = Date.now()): Promise<Report> {
    const to = range.to ?? now;
    const from = range.from ?? to - 30 * DAY_MS;
    const siteId = range.siteId ?? null;
    const f = await this.store.figures({ from, to, siteId });
    const { promoters, passives, detractors } = f;
    return {
      from,
      to,
      siteId,
      conversations: f.conversations,
      resolved: f.resolved,
      csat: {
        average: f.csatAverage === null ? null : Math.round(f.csatAverage * 100) / 100,
        count: f.csatCount,
        distribution: f.csatDistribution,
      },
      nps: { score: npsScore(promoters, passives, detractors), count: promoters + passives + detractors, promoters, passives, detractors },
      firstResponse: { medianMs: median(f.firstResponsesMs), count: f.firstResponsesMs.length },
      resolution: { meanMs: f.resolutionMeanMs === null ? null : Math.round(f.resolutionMeanMs), count: f.resolutionCount },
    };
  }
}
