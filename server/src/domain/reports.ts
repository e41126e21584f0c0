import { npsScore, type Report } from '@atendo/shared';
import type { Db } from '../storage/sqlite/client';

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

interface SummaryRow {
  conversations: number;
  resolved: number | null;
  csatAvg: number | null;
  csatCount: number;
  c1: number | null;
  c2: number | null;
  c3: number | null;
  c4: number | null;
  c5: number | null;
  promoters: number | null;
  passives: number | null;
  detractors: number | null;
  resolutionMean: number | null;
  resolutionCount: number;
}

/**
 * The agents' report (issue 6), over the conversations *created* in [from, to): one cohort, so every
 * figure describes the same conversations. SQL does the counting; only the median is taken in JS
 * (SQLite has no median aggregate).
 */
export class ReportService {
  constructor(private db: Db) {}

  private st: ReturnType<ReportService['prepare']> | undefined;

  private prepare() {
    const cohort = `c.created_at >= @from AND c.created_at < @to AND (@site IS NULL OR c.site_id = @site)`;
    return {
      summary: this.db.$client.prepare(`
        SELECT count(*) AS conversations,
          sum(c.status = 'resolved') AS resolved,
          avg(c.csat) AS csatAvg, count(c.csat) AS csatCount,
          sum(c.csat = 1) AS c1, sum(c.csat = 2) AS c2, sum(c.csat = 3) AS c3, sum(c.csat = 4) AS c4, sum(c.csat = 5) AS c5,
          sum(c.nps >= 9) AS promoters, sum(c.nps BETWEEN 7 AND 8) AS passives, sum(c.nps <= 6) AS detractors,
          avg(CASE WHEN c.status = 'resolved' THEN c.resolved_at - c.created_at END) AS resolutionMean,
          count(CASE WHEN c.status = 'resolved' THEN c.resolved_at END) AS resolutionCount
        FROM conversations c WHERE ${cohort}`),
      // First response: the visitor's first message → the first agent message after it (by seq).
      // Conversations nobody answered yet, or that only agents wrote in, have no first response.
      firstResponses: this.db.$client
        .prepare(
          `
        SELECT (SELECT min(a.created_at) FROM messages a
                WHERE a.conversation_id = c.id AND a.author = 'agent' AND a.seq > fv.seq) - fv.created_at AS ms
        FROM conversations c
        JOIN messages fv ON fv.conversation_id = c.id
          AND fv.seq = (SELECT min(v.seq) FROM messages v WHERE v.conversation_id = c.id AND v.author = 'visitor')
        WHERE ${cohort}`,
        )
        .pluck(),
    };
  }

  report(range: ReportRange, now = Date.now()): Report {
    const to = range.to ?? now;
    const from = range.from ?? to - 30 * DAY_MS;
    const params = { from, to, site: range.siteId ?? null };
    const st = (this.st ??= this.prepare());
    const s = st.summary.get(params) as SummaryRow;
    const firsts = (st.firstResponses.all(params) as (number | null)[]).filter((ms): ms is number => ms !== null);
    const promoters = s.promoters ?? 0;
    const passives = s.passives ?? 0;
    const detractors = s.detractors ?? 0;
    return {
      from,
      to,
      siteId: range.siteId ?? null,
      conversations: s.conversations,
      resolved: s.resolved ?? 0,
      csat: {
        average: s.csatAvg === null ? null : Math.round(s.csatAvg * 100) / 100,
        count: s.csatCount,
        distribution: [s.c1 ?? 0, s.c2 ?? 0, s.c3 ?? 0, s.c4 ?? 0, s.c5 ?? 0],
      },
      nps: { score: npsScore(promoters, passives, detractors), count: promoters + passives + detractors, promoters, passives, detractors },
      firstResponse: { medianMs: median(firsts), count: firsts.length },
      resolution: { meanMs: s.resolutionMean === null ? null : Math.round(s.resolutionMean), count: s.resolutionCount },
    };
  }
}
