/** The PostgreSQL `BotStore`: stems ranked with ts_rank over `article_stems.tsv` (migration 0005), counters, states, content gaps. */
import { sql } from 'drizzle-orm';
import type { BotMode } from '@atendo/shared';
import type { BotCounter, BotStore, GapGroup, StemMatch } from '../bot';
import type { ArticleRow, ArticleStemsRow, ContentGapRow } from '../types';
import { ASSIGN_LOCK_KEY, type PgDb } from './client';

const COUNTER: Record<BotCounter, string> = { offered: 'bot_offered', helped: 'bot_helped', notHelped: 'bot_not_helped' };

/** A tsquery: any of the stems, each a quoted lexeme (stems hold only letters and digits; quotes doubled anyway). */
const anyOf = (stems: readonly string[]) => stems.map((s) => `'${s.replaceAll("'", "''").replaceAll('\\', '')}'`).join(' | ');

const num = (v: unknown): number => Number(v);

export class PgBotStore implements BotStore {
  constructor(private db: PgDb) {}

  private query<R extends object>(text: string, values: unknown[]): Promise<R[]> {
    return this.db.$client.query<R>(text, values).then((r) => r.rows);
  }

  async setMode(siteId: string, mode: BotMode): Promise<boolean> {
    return ((await this.db.$client.query('UPDATE sites SET bot_mode = $1 WHERE id = $2', [mode, siteId])).rowCount ?? 0) > 0;
  }

  async setStems(row: ArticleStemsRow): Promise<void> {
    // Only for the article as it still is: a deletion, or a later edit stemmed first, may have raced this one.
    await this.db.$client.query(
      `INSERT INTO article_stems (article_id, title, body, updated_at) SELECT $1, $2, $3, $4
        WHERE EXISTS (SELECT 1 FROM articles WHERE id = $1 AND updated_at = $4)
       ON CONFLICT (article_id) DO UPDATE SET title = excluded.title, body = excluded.body, updated_at = excluded.updated_at`,
      [row.articleId, row.title, row.body, row.updatedAt],
    );
  }

  async unstemmed(limit: number): Promise<ArticleRow[]> {
    const rows = await this.query<Record<string, unknown>>(
      `SELECT a.id, a.site_id, a.locale, a.title, a.body, a.published, a.views, a.helpful, a.not_helpful, a.bot_offered, a.bot_helped, a.bot_not_helped, a.created_at, a.updated_at
         FROM articles a LEFT JOIN article_stems s ON s.article_id = a.id
        WHERE s.article_id IS NULL OR s.updated_at <> a.updated_at
        LIMIT $1`,
      [limit],
    );
    return rows.map((r) => ({
      id: r.id as string,
      siteId: r.site_id as string,
      locale: r.locale as string,
      title: r.title as string,
      body: r.body as string,
      published: r.published as boolean,
      views: num(r.views),
      helpful: num(r.helpful),
      notHelpful: num(r.not_helpful),
      botOffered: num(r.bot_offered),
      botHelped: num(r.bot_helped),
      botNotHelped: num(r.bot_not_helped),
      createdAt: num(r.created_at),
      updatedAt: num(r.updated_at),
    }));
  }

  async match(siteId: string, locale: string, stems: readonly string[], limit: number): Promise<StemMatch[]> {
    if (stems.length === 0) return [];
    return this.query<StemMatch>(
      `SELECT a.id, a.title, a.body, s.title AS "titleStems", s.body AS "bodyStems"
         FROM article_stems s JOIN articles a ON a.id = s.article_id, to_tsquery('simple', $3) q
        WHERE s.tsv @@ q AND a.site_id = $1 AND a.locale = $2 AND a.published
        ORDER BY ts_rank(s.tsv, q) DESC, a.id
        LIMIT $4`,
      [siteId, locale, anyOf(stems), limit],
    );
  }

  async count(articleIds: readonly string[], counter: BotCounter): Promise<void> {
    if (articleIds.length === 0) return;
    const col = COUNTER[counter];
    await this.db.$client.query(`UPDATE articles SET ${col} = ${col} + 1 WHERE id = ANY($1::text[])`, [articleIds]);
  }

  async resolve(conversationId: string): Promise<boolean> {
    // Not once a person wrote, even before the take-over ran (the send path's bot check does the same).
    const r = await this.db.$client.query(
      "UPDATE conversations SET bot_state = 'resolved' WHERE id = $1 AND bot_state = 'answered' AND NOT EXISTS (SELECT 1 FROM messages WHERE conversation_id = $1 AND author = 'agent')",
      [conversationId],
    );
    return (r.rowCount ?? 0) > 0;
  }

  async takeOver(conversationId: string): Promise<boolean> {
    const r = await this.db.$client.query("UPDATE conversations SET bot_state = 'taken_over' WHERE id = $1 AND bot_state = 'answered'", [conversationId]);
    return (r.rowCount ?? 0) > 0;
  }

  async handOver(conversationId: string, at: number, assignable: readonly string[]): Promise<{ changed: boolean; assigneeId: string | null }> {
    return this.db.transaction(async (tx) => {
      const rows = (
        await tx.execute<{ assignee_id: string | null }>(
          sql`UPDATE conversations SET bot_state = 'handed_over', handed_over_at = ${at} WHERE id = ${conversationId} AND bot_state = 'answered' RETURNING assignee_id`,
        )
      ).rows;
      const changed = rows.length > 0;
      if (!changed || rows[0]!.assignee_id !== null) return { changed, assigneeId: null };
      return { changed, assigneeId: await pickAssignee(tx, conversationId, at, assignable) };
    });
  }

  async assign(conversationId: string, at: number, assignable: readonly string[]): Promise<string | null> {
    if (assignable.length === 0) return null;
    return this.db.transaction(async (tx) => {
      const [row] = (
        await tx.execute<{ assignee_id: string | null; status: string }>(
          sql`SELECT assignee_id, status FROM conversations WHERE id = ${conversationId} FOR UPDATE`,
        )
      ).rows;
      if (!row || row.assignee_id !== null || row.status !== 'open') return null;
      return pickAssignee(tx, conversationId, at, assignable);
    });
  }

  async addGap(row: ContentGapRow, maxPerSite: number): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.execute(
        sql`INSERT INTO content_gaps (id, site_id, locale, question, norm, conversation_id, created_at)
            VALUES (${row.id}, ${row.siteId}, ${row.locale}, ${row.question}, ${row.norm}, ${row.conversationId}, ${row.createdAt})`,
      );
      // The newest `maxPerSite` are kept: a flood of questions cannot grow the table without bound.
      await tx.execute(
        sql`DELETE FROM content_gaps WHERE site_id = ${row.siteId} AND id IN (
              SELECT id FROM content_gaps WHERE site_id = ${row.siteId} ORDER BY created_at DESC, id DESC OFFSET ${maxPerSite})`,
      );
    });
  }

  async gaps(siteId: string, q: { from: number; to: number; locale?: string | undefined; limit: number }): Promise<GapGroup[]> {
    // The latest row of each group gives its wording and conversation.
    const rows = await this.query<{ norm: string; question: string; locale: string; count: unknown; last_asked_at: unknown; conversation_id: string | null }>(
      `SELECT g.norm, g.locale, g.count, g.last_asked_at, l.question, l.conversation_id
         FROM (SELECT norm, locale, count(*) AS count, max(created_at) AS last_asked_at
                 FROM content_gaps
                WHERE site_id = $1 AND created_at >= $2 AND created_at < $3 AND ($4::text IS NULL OR locale = $4)
                GROUP BY norm, locale
                ORDER BY count(*) DESC, max(created_at) DESC, norm
                LIMIT $5) g
         CROSS JOIN LATERAL (SELECT question, conversation_id FROM content_gaps c
                              WHERE c.site_id = $1 AND c.norm = g.norm AND c.locale = g.locale AND c.created_at >= $2 AND c.created_at < $3
                              ORDER BY c.created_at DESC, c.id DESC LIMIT 1) l
        ORDER BY g.count DESC, g.last_asked_at DESC, g.norm`,
      [siteId, q.from, q.to, q.locale ?? null, q.limit],
    );
    return rows.map((r) => ({
      norm: r.norm,
      question: r.question,
      locale: r.locale,
      count: num(r.count),
      lastAskedAt: num(r.last_asked_at),
      conversationId: r.conversation_id,
    }));
  }

  async dismissGaps(siteId: string, norm: string): Promise<number> {
    return (await this.db.$client.query('DELETE FROM content_gaps WHERE site_id = $1 AND norm = $2', [siteId, norm])).rowCount ?? 0;
  }
}

type Tx = Parameters<Parameters<PgDb['transaction']>[0]>[0];

/**
 * As a conversation's opening does (storage/postgres/conversations.ts): one pick at a time across
 * instances, then the first of `assignable` online, active and under capacity, assigned longest ago.
 */
async function pickAssignee(tx: Tx, conversationId: string, at: number, assignable: readonly string[]): Promise<string | null> {
  if (assignable.length === 0) return null;
  await tx.execute(sql.raw(`SELECT pg_advisory_xact_lock(${ASSIGN_LOCK_KEY})`));
  const candidates = (
    await tx.execute<{ id: string; capacity: unknown; load: unknown }>(
      sql`SELECT a.id, a.capacity, (SELECT count(*) FROM conversations c WHERE c.assignee_id = a.id AND c.status IN ('open', 'pending')) AS load
            FROM agents a
           WHERE a.id IN (${sql.join(
             assignable.map((id) => sql`${id}`),
             sql`, `,
           )}) AND a.status = 'online' AND a.deactivated_at IS NULL
           ORDER BY a.last_assigned_at, a.id`,
    )
  ).rows;
  const agent = candidates.find((a) => num(a.load) < num(a.capacity));
  if (!agent) return null;
  await tx.execute(sql`UPDATE agents SET last_assigned_at = GREATEST(${at}::bigint, (SELECT max(last_assigned_at) FROM agents) + 1) WHERE id = ${agent.id}`);
  await tx.execute(sql`UPDATE conversations SET assignee_id = ${agent.id} WHERE id = ${conversationId}`);
  return agent.id;
}
