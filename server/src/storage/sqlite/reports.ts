/** The SQLite `ReportStore`: end of conversation ratings and the report's figures. */
import { and, eq, isNull } from 'drizzle-orm';
import type { RatingTarget, RatingValues, ReportCohort, ReportFigures, ReportStore } from '../reports';
import type { Db } from './client';
import { conversations, sites } from './schema';

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
 * The report over the conversations *created* in [from, to): one cohort, so every figure describes
 * the same conversations. SQL does the counting; the median of the first responses is taken by the
 * caller (SQLite has no median aggregate).
 */
export class SqliteReportStore implements ReportStore {
  constructor(private db: Db) {}

  private st: ReturnType<SqliteReportStore['prepare']> | undefined;

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

  async ratingTarget(conversationId: string): Promise<RatingTarget | undefined> {
    return this.db
      .select({ visitorId: conversations.visitorId, status: conversations.status, ratedAt: conversations.ratedAt, widgetSettings: sites.widgetSettings })
      .from(conversations)
      .innerJoin(sites, eq(sites.id, conversations.siteId))
      .where(eq(conversations.id, conversationId))
      .get();
  }

  async rate(conversationId: string, visitorId: string, rating: RatingValues): Promise<boolean> {
    // The WHERE repeats the caller's checks, so two racing frames (two tabs) store one rating.
    return (
      this.db
        .update(conversations)
        .set({ csat: rating.csat, nps: rating.nps, csatComment: rating.comment, ratedAt: rating.ratedAt })
        .where(
          and(
            eq(conversations.id, conversationId),
            eq(conversations.visitorId, visitorId),
            eq(conversations.status, 'resolved'),
            isNull(conversations.ratedAt),
          ),
        )
        .run().changes > 0
    );
  }

  async figures(cohort: ReportCohort): Promise<ReportFigures> {
    const params = { from: cohort.from, to: cohort.to, site: cohort.siteId };
    const st = (this.st ??= this.prepare());
    // Both statements in one read transaction: the summary and the first responses see the same commits.
    const [s, firsts] = this.db.$client.transaction(
      () => [st.summary.get(params) as SummaryRow, st.firstResponses.all(params) as (number | null)[]] as const,
    )();
    return {
      conversations: s.conversations,
      resolved: s.resolved ?? 0,
      csatAverage: s.csatAvg,
      csatCount: s.csatCount,
      csatDistribution: [s.c1 ?? 0, s.c2 ?? 0, s.c3 ?? 0, s.c4 ?? 0, s.c5 ?? 0],
      promoters: s.promoters ?? 0,
      passives: s.passives ?? 0,
      detractors: s.detractors ?? 0,
      resolutionMeanMs: s.resolutionMean,
      resolutionCount: s.resolutionCount,
      firstResponsesMs: firsts.filter((ms): ms is number => ms !== null),
    };
  }
}
