/** The PostgreSQL `ReportStore`: end of conversation ratings and the report's figures. */
import { and, eq, isNull } from 'drizzle-orm';
import type {
  AgentFiguresRow,
  ArticleFiguresRow,
  RatingTarget,
  RatingValues,
  ReportCohort,
  ReportData,
  ReportStore,
  SlotRow,
  TagRow,
  TimingRow,
} from '../reports';
import type { PgDb } from './client';
import { conversations, sites } from './schema';

interface FiguresRow {
  conversations: number;
  resolved: number;
  csatSum: number;
  csatCount: number;
  c1: number;
  c2: number;
  c3: number;
  c4: number;
  c5: number;
  promoters: number;
  passives: number;
  detractors: number;
  botInvolved: number;
  botResolved: number;
  botHandedOver: number;
}

const COHORT = `c.created_at >= $1 AND c.created_at < $2 AND ($3::text IS NULL OR c.site_id = $3)`;

/**
 * The statements of a report, all run in one REPEATABLE READ transaction (one snapshot, as SQLite's
 * read transaction). Counts are cast to int and times to float8: node-postgres returns int8 and
 * numeric as strings. Each mirrors its SQLite twin (sqlite/reports.ts), which says why.
 */
const Q = {
  figures: `
  SELECT count(*)::int AS conversations,
    count(*) FILTER (WHERE c.status = 'resolved')::int AS resolved,
    coalesce(sum(c.csat), 0)::int AS "csatSum", count(c.csat)::int AS "csatCount",
    count(*) FILTER (WHERE c.csat = 1)::int AS c1, count(*) FILTER (WHERE c.csat = 2)::int AS c2,
    count(*) FILTER (WHERE c.csat = 3)::int AS c3, count(*) FILTER (WHERE c.csat = 4)::int AS c4,
    count(*) FILTER (WHERE c.csat = 5)::int AS c5,
    count(*) FILTER (WHERE c.nps >= 9)::int AS promoters,
    count(*) FILTER (WHERE c.nps BETWEEN 7 AND 8)::int AS passives,
    count(*) FILTER (WHERE c.nps <= 6)::int AS detractors,
    count(c.bot_state)::int AS "botInvolved",
    count(*) FILTER (WHERE c.bot_state = 'resolved')::int AS "botResolved",
    count(*) FILTER (WHERE c.bot_state = 'handed_over')::int AS "botHandedOver"
  FROM conversations c WHERE ${COHORT}`,
  // Set-based, not SQLite's correlated subqueries per conversation: over 100,000 conversations those
  // were 300,000 index probes (~5 s); hash joins over the messages take a fraction of that, and on a
  // short period the planner still probes the index. GREATEST skips NULLs, so the visitor's first
  // message must be there for a start at all.
  timings: `
  WITH k AS (
    SELECT c.id, c.site_id, c.assignee_id, c.created_at, CASE WHEN c.status = 'resolved' AND NOT (c.bot_state IS NOT DISTINCT FROM 'resolved' AND c.reopened_at IS NULL) THEN c.resolved_at END AS resolved_at,
           c.handed_over_at, c.reopened_at
      FROM conversations c WHERE ${COHORT}),
  fv AS (
    SELECT DISTINCT ON (m.conversation_id) m.conversation_id, m.seq, m.created_at
      FROM messages m JOIN k ON k.id = m.conversation_id
     WHERE m.author = 'visitor' ORDER BY m.conversation_id, m.seq),
  s AS (
    SELECT k.*, fv.seq AS fseq, CASE WHEN fv.seq IS NOT NULL THEN GREATEST(fv.created_at, k.handed_over_at, k.reopened_at) END AS start
      FROM k LEFT JOIN fv ON fv.conversation_id = k.id),
  r AS (
    SELECT m.conversation_id, min(m.created_at) AS reply
      FROM messages m JOIN s ON s.id = m.conversation_id
     WHERE m.author = 'agent' AND m.seq > s.fseq AND m.created_at >= s.start
     GROUP BY m.conversation_id)
  SELECT s.site_id, s.assignee_id, s.created_at::float8, s.resolved_at::float8, s.start::float8, r.reply::float8
    FROM s LEFT JOIN r ON r.conversation_id = s.id
   WHERE r.reply IS NOT NULL OR s.resolved_at IS NOT NULL`,
  slots: `SELECT c.site_id, (c.created_at / 900000)::int AS slot, c.status, count(*)::int FROM conversations c WHERE ${COHORT} GROUP BY 1, 2, 3`,
  agents: `SELECT c.assignee_id, a.name, count(*)::int, count(*) FILTER (WHERE c.status = 'resolved')::int, coalesce(sum(c.csat), 0)::int, count(c.csat)::int
             FROM conversations c LEFT JOIN agents a ON a.id = c.assignee_id WHERE ${COHORT} GROUP BY c.assignee_id, a.name`,
  tags: `SELECT j.tag, count(*)::int FROM conversations c CROSS JOIN LATERAL json_array_elements_text(c.tags::json) AS j(tag) WHERE ${COHORT} GROUP BY j.tag`,
  articles: `
  WITH offered AS (
    SELECT c.id, c.bot_state, j.value ->> 'id' AS article_id, max(j.value ->> 'title') AS title
      FROM conversations c
      JOIN messages m ON m.conversation_id = c.id AND m.author = 'bot' AND m.meta IS NOT NULL
      CROSS JOIN LATERAL json_array_elements(CASE WHEN json_typeof(m.meta::json -> 'articles') = 'array' THEN m.meta::json -> 'articles' ELSE '[]'::json END) AS j(value)
     WHERE ${COHORT} AND c.bot_state IS NOT NULL
     GROUP BY 1, 2, 3)
  SELECT o.article_id, coalesce(ar.title, max(o.title), ''), count(*)::int,
         count(*) FILTER (WHERE o.bot_state = 'resolved')::int, count(*) FILTER (WHERE o.bot_state = 'handed_over')::int
    FROM offered o LEFT JOIN articles ar ON ar.id = o.article_id
   WHERE o.article_id IS NOT NULL GROUP BY o.article_id, ar.title`,
  sites: `SELECT id, widget_settings AS "widgetSettings" FROM sites WHERE $1::text IS NULL OR id = $1`,
} as const;

/**
 * The report over the conversations *created* in [from, to): one cohort, so every figure describes
 * the same conversations. SQL does the counting and grouping; medians, percentiles and business
 * hours are taken by the caller (as on SQLite).
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

  async read(cohort: ReportCohort): Promise<ReportData> {
    const params = [cohort.from, cohort.to, cohort.siteId];
    const client = await this.db.$client.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      try {
        const rows = (text: string) => client.query<unknown[]>({ text, values: params, rowMode: 'array' }).then((r) => r.rows);
        const f = (await client.query<FiguresRow>(Q.figures, params)).rows[0]!;
        const data: ReportData = {
          figures: {
            conversations: f.conversations,
            resolved: f.resolved,
            csatSum: f.csatSum,
            csatCount: f.csatCount,
            csatDistribution: [f.c1, f.c2, f.c3, f.c4, f.c5],
            promoters: f.promoters,
            passives: f.passives,
            detractors: f.detractors,
            botInvolved: f.botInvolved,
            botResolved: f.botResolved,
            botHandedOver: f.botHandedOver,
          },
          timings: (await rows(Q.timings)) as TimingRow[],
          slots: (await rows(Q.slots)) as SlotRow[],
          agents: (await rows(Q.agents)) as AgentFiguresRow[],
          tags: (await rows(Q.tags)) as TagRow[],
          articles: (await rows(Q.articles)) as ArticleFiguresRow[],
          sites: (await client.query<{ id: string; widgetSettings: string }>(Q.sites, [cohort.siteId])).rows,
        };
        await client.query('COMMIT');
        return data;
      } catch (error) {
        await client.query('ROLLBACK').catch((e: Error) => (broken = e));
        throw error;
      }
    } finally {
      client.release(broken);
    }
  }
}
