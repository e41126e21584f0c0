/** The PostgreSQL `ReportStore`: end of conversation ratings and the report's figures. */
import { and, eq, isNull } from 'drizzle-orm';
import type { RatingTarget, RatingValues, ReportCohort, ReportFigures, ReportStore } from '../reports';
import type { PgDb } from './client';
import { conversations, sites } from './schema';

interface FiguresRow {
  conversations: number;
  resolved: number;
  csatAvg: number | null;
  csatCount: number;
  c1: number;
  c2: number;
  c3: number;
  c4: number;
  c5: number;
  promoters: number;
  passives: number;
  detractors: number;
  resolutionMean: number | null;
  resolutionCount: number;
  /** null when the cohort has no first response (array_agg over no rows). */
  firsts: number[] | null;
}

const COHORT = `c.created_at >= $1 AND c.created_at < $2 AND ($3::text IS NULL OR c.site_id = $3)`;

/**
 * The summary and the first responses in ONE statement, so both read the same snapshot (on SQLite:
 * one read transaction; under READ COMMITTED each statement has a snapshot of its own).
 * Counts are cast to int and means to float8: node-postgres returns int8 and numeric as strings.
 * A mean is `sum::float8 / count`, not `avg()`: avg of integers is an exact numeric rounded to some
 * digits, while SQLite divides the exact integer sum, made a double, by the count; this does the
 * same, so both stores give the same bits. First response: the visitor's first message → the first
 * agent message after it (by seq); conversations nobody answered yet, or that only agents wrote in,
 * have none (ms is null, dropped by the FILTER).
 */
const FIGURES = `
  WITH firsts AS (
    SELECT (SELECT min(a.created_at) FROM messages a
             WHERE a.conversation_id = c.id AND a.author = 'agent' AND a.seq > fv.seq) - fv.created_at AS ms
      FROM conversations c
      JOIN messages fv ON fv.conversation_id = c.id
       AND fv.seq = (SELECT min(v.seq) FROM messages v WHERE v.conversation_id = c.id AND v.author = 'visitor')
     WHERE ${COHORT})
  SELECT count(*)::int AS conversations,
    count(*) FILTER (WHERE c.status = 'resolved')::int AS resolved,
    sum(c.csat)::float8 / nullif(count(c.csat), 0) AS "csatAvg", count(c.csat)::int AS "csatCount",
    count(*) FILTER (WHERE c.csat = 1)::int AS c1, count(*) FILTER (WHERE c.csat = 2)::int AS c2,
    count(*) FILTER (WHERE c.csat = 3)::int AS c3, count(*) FILTER (WHERE c.csat = 4)::int AS c4,
    count(*) FILTER (WHERE c.csat = 5)::int AS c5,
    count(*) FILTER (WHERE c.nps >= 9)::int AS promoters,
    count(*) FILTER (WHERE c.nps BETWEEN 7 AND 8)::int AS passives,
    count(*) FILTER (WHERE c.nps <= 6)::int AS detractors,
    sum(c.resolved_at - c.created_at) FILTER (WHERE c.status = 'resolved')::float8
      / nullif(count(c.resolved_at) FILTER (WHERE c.status = 'resolved'), 0) AS "resolutionMean",
    count(c.resolved_at) FILTER (WHERE c.status = 'resolved')::int AS "resolutionCount",
    (SELECT array_agg(ms::float8) FILTER (WHERE ms IS NOT NULL) FROM firsts) AS firsts
  FROM conversations c WHERE ${COHORT}`;

/**
 * The report over the conversations *created* in [from, to): one cohort, so every figure describes
 * the same conversations. SQL does the counting; the median of the first responses is taken by the
 * caller (as on SQLite, which has no median aggregate).
 */
export class PgReportStore implements ReportStore {
  constructor(private db: PgDb) {}

  async ratingTarget(conversationId: string): Promise<RatingTarget | undefined> {
    const [row] = await this.db
      .select({ visitorId: conversations.visitorId, status: conversations.status, ratedAt: conversations.ratedAt, widgetSettings: sites.widgetSettings })
      .from(conversations)
      .innerJoin(sites, eq(sites.id, conversations.siteId))
      .where(eq(conversations.id, conversationId));
    return row;
  }

  async rate(conversationId: string, visitorId: string, rating: RatingValues): Promise<boolean> {
    // The WHERE repeats the caller's checks, so of two racing frames (two tabs, two instances) one
    // rating is stored: the second UPDATE waits for the first's row lock, then re-checks `rated_at`.
    const updated = await this.db
      .update(conversations)
      .set({ csat: rating.csat, nps: rating.nps, csatComment: rating.comment, ratedAt: rating.ratedAt })
      .where(
        and(eq(conversations.id, conversationId), eq(conversations.visitorId, visitorId), eq(conversations.status, 'resolved'), isNull(conversations.ratedAt)),
      )
      .returning({ id: conversations.id });
    return updated.length > 0;
  }

  async figures(cohort: ReportCohort): Promise<ReportFigures> {
    const { rows } = await this.db.$client.query<FiguresRow>(FIGURES, [cohort.from, cohort.to, cohort.siteId]);
    const s = rows[0]!;
    return {
      conversations: s.conversations,
      resolved: s.resolved,
      csatAverage: s.csatAvg,
      csatCount: s.csatCount,
      csatDistribution: [s.c1, s.c2, s.c3, s.c4, s.c5],
      promoters: s.promoters,
      passives: s.passives,
      detractors: s.detractors,
      resolutionMeanMs: s.resolutionMean,
      resolutionCount: s.resolutionCount,
      firstResponsesMs: s.firsts ?? [],
    };
  }
}
