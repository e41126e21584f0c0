/** The SQLite `ReportStore`: end of conversation ratings and the report's figures. */
import { and, eq, isNull } from 'drizzle-orm';
import type {
  AgentFiguresRow,
  ArticleFiguresRow,
  RatingTarget,
  RatingValues,
  ReportCohort,
  ReportData,
  ReportFigures,
  ReportStore,
  SlotRow,
  TagRow,
  TimingRow,
} from '../reports';
import type { Db } from './client';
import { conversations, sites } from './schema';

interface SummaryRow {
  conversations: number;
  resolved: number | null;
  csatSum: number | null;
  csatCount: number;
  c1: number | null;
  c2: number | null;
  c3: number | null;
  c4: number | null;
  c5: number | null;
  promoters: number | null;
  passives: number | null;
  detractors: number | null;
  botInvolved: number | null;
  botResolved: number | null;
  botHandedOver: number | null;
}

const COHORT = `c.created_at >= @from AND c.created_at < @to AND (@site IS NULL OR c.site_id = @site)`;

/**
 * The report over the conversations *created* in [from, to): one cohort, so every figure describes
 * the same conversations. SQL does the counting and grouping; medians, percentiles and business
 * hours are taken by the caller (SQLite has no median aggregate, nor time zones).
 */
export class SqliteReportStore implements ReportStore {
  constructor(private db: Db) {}

  private st: ReturnType<SqliteReportStore['prepare']> | undefined;

  private prepare() {
    const c = this.db.$client;
    return {
      summary: c.prepare(`
        SELECT count(*) AS conversations,
          sum(c.status = 'resolved') AS resolved,
          sum(c.csat) AS csatSum, count(c.csat) AS csatCount,
          sum(c.csat = 1) AS c1, sum(c.csat = 2) AS c2, sum(c.csat = 3) AS c3, sum(c.csat = 4) AS c4, sum(c.csat = 5) AS c5,
          sum(c.nps >= 9) AS promoters, sum(c.nps BETWEEN 7 AND 8) AS passives, sum(c.nps <= 6) AS detractors,
          sum(c.bot_state IS NOT NULL) AS botInvolved, sum(c.bot_state = 'resolved') AS botResolved,
          sum(c.bot_state = 'handed_over') AS botHandedOver
        FROM conversations c WHERE ${COHORT}`),
      // Per conversation: where its first response is measured from (the latest of the visitor's
      // first message, the hand-over, the reopening; multi-argument max() is NULL when the visitor
      // never wrote) and the first agent message from there. Bot and system messages never count.
      timings: c
        .prepare(
          `
        WITH k AS (
          SELECT c.id, c.site_id, c.assignee_id, c.created_at, CASE WHEN c.status = 'resolved' AND NOT (c.bot_state IS 'resolved' AND c.reopened_at IS NULL) THEN c.resolved_at END AS resolved_at,
                 fv.seq AS fseq, max(fv.created_at, coalesce(c.handed_over_at, 0), coalesce(c.reopened_at, 0)) AS start
            FROM conversations c
            LEFT JOIN messages fv ON fv.conversation_id = c.id
             AND fv.seq = (SELECT min(v.seq) FROM messages v WHERE v.conversation_id = c.id AND v.author = 'visitor')
           WHERE ${COHORT})
        SELECT * FROM (
          SELECT k.site_id, k.assignee_id, k.created_at, k.resolved_at, k.start,
                 (SELECT min(a.created_at) FROM messages a
                   WHERE a.conversation_id = k.id AND a.author = 'agent' AND a.seq > k.fseq AND a.created_at >= k.start) AS reply
            FROM k)
         WHERE reply IS NOT NULL OR resolved_at IS NOT NULL`,
        )
        .raw(),
      slots: c.prepare(`SELECT c.site_id, c.created_at / 900000 AS slot, c.status, count(*) FROM conversations c WHERE ${COHORT} GROUP BY 1, 2, 3`).raw(),
      agents: c
        .prepare(
          `SELECT c.assignee_id, a.name, count(*), sum(c.status = 'resolved'), coalesce(sum(c.csat), 0), count(c.csat)
             FROM conversations c LEFT JOIN agents a ON a.id = c.assignee_id WHERE ${COHORT} GROUP BY c.assignee_id`,
        )
        .raw(),
      tags: c.prepare(`SELECT j.value, count(*) FROM conversations c, json_each(c.tags) j WHERE ${COHORT} AND json_valid(c.tags) GROUP BY j.value`).raw(),
      // Each article once per conversation, however many bot messages offered it.
      articles: c
        .prepare(
          `
        WITH offered AS (
          SELECT c.id, c.bot_state, json_extract(j.value, '$.id') AS article_id, max(json_extract(j.value, '$.title')) AS title
            FROM conversations c
            JOIN messages m ON m.conversation_id = c.id AND m.author = 'bot' AND json_valid(m.meta)
            JOIN json_each(m.meta, '$.articles') j
           WHERE ${COHORT} AND c.bot_state IS NOT NULL
           GROUP BY 1, 2, 3)
        SELECT o.article_id, coalesce(ar.title, max(o.title), ''), count(*), sum(o.bot_state = 'resolved'), sum(o.bot_state = 'handed_over')
          FROM offered o LEFT JOIN articles ar ON ar.id = o.article_id
         WHERE o.article_id IS NOT NULL GROUP BY o.article_id, ar.title`,
        )
        .raw(),
      sites: c.prepare(`SELECT id, widget_settings AS widgetSettings FROM sites WHERE @site IS NULL OR id = @site`),
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

  async read(cohort: ReportCohort): Promise<ReportData> {
    const params = { from: cohort.from, to: cohort.to, site: cohort.siteId };
    const st = (this.st ??= this.prepare());
    // Every statement in one read transaction: they all see the same commits.
    return this.db.$client.transaction(() => {
      const s = st.summary.get(params) as SummaryRow;
      return {
        figures: {
          conversations: s.conversations,
          resolved: s.resolved ?? 0,
          csatSum: s.csatSum ?? 0,
          csatCount: s.csatCount,
          csatDistribution: [s.c1 ?? 0, s.c2 ?? 0, s.c3 ?? 0, s.c4 ?? 0, s.c5 ?? 0] as ReportFigures['csatDistribution'],
          promoters: s.promoters ?? 0,
          passives: s.passives ?? 0,
          detractors: s.detractors ?? 0,
          botInvolved: s.botInvolved ?? 0,
          botResolved: s.botResolved ?? 0,
          botHandedOver: s.botHandedOver ?? 0,
        },
        timings: st.timings.all(params) as TimingRow[],
        slots: st.slots.all(params) as SlotRow[],
        agents: st.agents.all(params) as AgentFiguresRow[],
        tags: st.tags.all(params) as TagRow[],
        articles: st.articles.all(params) as ArticleFiguresRow[],
        sites: st.sites.all({ site: cohort.siteId }) as ReportData['sites'],
      };
    })();
  }
}
