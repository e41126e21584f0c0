/** The SQLite `BotStore`: stems indexed by FTS5 (`articles_fts`, migration 0015), counters, states, content gaps. */
import type { BotMode } from '@atendo/shared';
import type { BotCounter, BotStore, GapGroup, StemMatch } from '../bot';
import type { ArticleRow, ArticleStemsRow, ContentGapRow } from '../types';
import type { Db } from './client';

const COUNTER: Record<BotCounter, string> = { offered: 'bot_offered', helped: 'bot_helped', notHelped: 'bot_not_helped' };

/** An FTS5 query: any of the stems, each a quoted string (stems hold only letters and digits; quotes doubled anyway). */
const anyOf = (stems: readonly string[]) => stems.map((s) => `"${s.replaceAll('"', '""')}"`).join(' OR ');

export class SqliteBotStore implements BotStore {
  constructor(private db: Db) {}

  private get c() {
    return this.db.$client;
  }

  async setMode(siteId: string, mode: BotMode): Promise<boolean> {
    return this.c.prepare('UPDATE sites SET bot_mode = ? WHERE id = ?').run(mode, siteId).changes > 0;
  }

  async setStems(row: ArticleStemsRow): Promise<void> {
    // Only for the article as it still is: a deletion, or a later edit stemmed first, may have raced this one.
    this.c
      .prepare(
        `INSERT INTO article_stems (article_id, title, body, updated_at) SELECT @articleId, @title, @body, @updatedAt
          WHERE EXISTS (SELECT 1 FROM articles WHERE id = @articleId AND updated_at = @updatedAt)
         ON CONFLICT (article_id) DO UPDATE SET title = excluded.title, body = excluded.body, updated_at = excluded.updated_at`,
      )
      .run(row);
  }

  async unstemmed(limit: number): Promise<ArticleRow[]> {
    return this.c
      .prepare<[number], Omit<ArticleRow, 'published'> & { published: number }>(
        `SELECT a.id, a.site_id AS siteId, a.locale, a.title, a.body, a.published, a.views, a.helpful, a.not_helpful AS notHelpful,
                a.bot_offered AS botOffered, a.bot_helped AS botHelped, a.bot_not_helped AS botNotHelped, a.created_at AS createdAt, a.updated_at AS updatedAt
           FROM articles a LEFT JOIN article_stems s ON s.article_id = a.id
          WHERE s.article_id IS NULL OR s.updated_at <> a.updated_at
          LIMIT ?`,
      )
      .all(limit)
      .map((r) => ({ ...r, published: Boolean(r.published) }));
  }

  async match(siteId: string, locale: string, stems: readonly string[], limit: number): Promise<StemMatch[]> {
    if (stems.length === 0) return [];
    // bm25: lower is better; the title's column weighs 10, the text's 1.
    return this.c
      .prepare<[string, string, string, number], StemMatch>(
        `SELECT a.id, a.title, a.body, s.title AS titleStems, s.body AS bodyStems
           FROM articles_fts f JOIN article_stems s ON s.rowid = f.rowid JOIN articles a ON a.id = s.article_id
          WHERE articles_fts MATCH ? AND a.site_id = ? AND a.locale = ? AND a.published = 1
          ORDER BY bm25(articles_fts, 10.0, 1.0), a.id
          LIMIT ?`,
      )
      .all(anyOf(stems), siteId, locale, limit);
  }

  async count(articleIds: readonly string[], counter: BotCounter): Promise<void> {
    if (articleIds.length === 0) return;
    const col = COUNTER[counter];
    this.c.prepare(`UPDATE articles SET ${col} = ${col} + 1 WHERE id IN (SELECT value FROM json_each(?))`).run(JSON.stringify(articleIds));
  }

  async resolve(conversationId: string): Promise<boolean> {
    // Not once a person wrote, even before the take-over ran (the send path's bot check does the same).
    return (
      this.c
        .prepare(
          "UPDATE conversations SET bot_state = 'resolved' WHERE id = @id AND bot_state = 'answered' AND NOT EXISTS (SELECT 1 FROM messages WHERE conversation_id = @id AND author = 'agent')",
        )
        .run({ id: conversationId }).changes > 0
    );
  }

  async takeOver(conversationId: string): Promise<boolean> {
    return this.c.prepare("UPDATE conversations SET bot_state = 'taken_over' WHERE id = ? AND bot_state = 'answered'").run(conversationId).changes > 0;
  }

  async handOver(conversationId: string, at: number, assignable: readonly string[]): Promise<{ changed: boolean; assigneeId: string | null }> {
    const c = this.c;
    return c
      .transaction(() => {
        const changed =
          c.prepare("UPDATE conversations SET bot_state = 'handed_over', handed_over_at = ? WHERE id = ? AND bot_state = 'answered'").run(at, conversationId)
            .changes > 0;
        return { changed, assigneeId: changed ? this.pickAssignee(conversationId, at, assignable) : null };
      })
      .immediate();
  }

  async assign(conversationId: string, at: number, assignable: readonly string[]): Promise<string | null> {
    if (assignable.length === 0) return null;
    const c = this.c;
    return c
      .transaction(() => {
        const row = c.prepare<[string], { status: string }>('SELECT status FROM conversations WHERE id = ?').get(conversationId);
        return row?.status === 'open' ? this.pickAssignee(conversationId, at, assignable) : null;
      })
      .immediate();
  }

  /**
   * Inside a transaction: when nobody has the conversation, as its opening does
   * (storage/sqlite/conversations.ts): the first of `assignable` online, active, under capacity,
   * assigned longest ago.
   */
  private pickAssignee(conversationId: string, at: number, assignable: readonly string[]): string | null {
    const c = this.c;
    if (assignable.length === 0) return null;
    const row = c.prepare<[string], { assigneeId: string | null }>('SELECT assignee_id AS assigneeId FROM conversations WHERE id = ?').get(conversationId);
    if (!row || row.assigneeId !== null) return null;
    const candidates = c
      .prepare<[string], { id: string; capacity: number; load: number }>(
        `SELECT a.id AS id, a.capacity AS capacity,
                (SELECT count(*) FROM conversations c WHERE c.assignee_id = a.id AND c.status IN ('open', 'pending')) AS load
           FROM agents a
          WHERE a.id IN (SELECT value FROM json_each(?)) AND a.status = 'online' AND a.deactivated_at IS NULL
          ORDER BY a.last_assigned_at, a.id`,
      )
      .all(JSON.stringify(assignable));
    const agent = candidates.find((a) => a.load < a.capacity);
    if (!agent) return null;
    c.prepare('UPDATE agents SET last_assigned_at = max(?, (SELECT max(last_assigned_at) FROM agents) + 1) WHERE id = ?').run(at, agent.id);
    c.prepare('UPDATE conversations SET assignee_id = ? WHERE id = ?').run(agent.id, conversationId);
    return agent.id;
  }

  async addGap(row: ContentGapRow, maxPerSite: number): Promise<void> {
    const c = this.c;
    c.transaction(() => {
      c.prepare(
        `INSERT INTO content_gaps (id, site_id, locale, question, norm, conversation_id, created_at)
         VALUES (@id, @siteId, @locale, @question, @norm, @conversationId, @createdAt)`,
      ).run(row);
      // The newest `maxPerSite` are kept: a flood of questions cannot grow the table without bound.
      c.prepare(
        `DELETE FROM content_gaps WHERE site_id = ? AND id IN (
           SELECT id FROM content_gaps WHERE site_id = ? ORDER BY created_at DESC, id DESC LIMIT -1 OFFSET ?)`,
      ).run(row.siteId, row.siteId, maxPerSite);
    }).immediate();
  }

  async gaps(siteId: string, q: { from: number; to: number; locale?: string | undefined; limit: number }): Promise<GapGroup[]> {
    // The latest row of each group gives its wording and conversation (SQLite: a bare column beside max() comes from that row).
    return this.c
      .prepare<[string, number, number, string | null, string | null, number], GapGroup>(
        `SELECT norm, question, locale, count(*) AS count, max(created_at) AS lastAskedAt, conversation_id AS conversationId
           FROM content_gaps
          WHERE site_id = ? AND created_at >= ? AND created_at < ? AND (? IS NULL OR locale = ?)
          GROUP BY norm, locale
          ORDER BY count DESC, lastAskedAt DESC, norm
          LIMIT ?`,
      )
      .all(siteId, q.from, q.to, q.locale ?? null, q.locale ?? null, q.limit);
  }

  async dismissGaps(siteId: string, norm: string): Promise<number> {
    return this.c.prepare('DELETE FROM content_gaps WHERE site_id = ? AND norm = ?').run(siteId, norm).changes;
  }
}
