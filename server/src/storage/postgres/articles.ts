/** The PostgreSQL `ArticleStore`: help articles and their counters. */
import { and, count, desc, eq, sql } from 'drizzle-orm';
import type { ArticleContent, ArticleStore } from '../articles';
import type { ArticleRow } from '../types';
import type { PgDb } from './client';
import { articles, sites } from './schema';

export class PgArticleStore implements ArticleStore {
  constructor(private db: PgDb) {}

  async list(siteId: string, locale?: string): Promise<ArticleRow[]> {
    const where = locale ? and(eq(articles.siteId, siteId), eq(articles.locale, locale)) : eq(articles.siteId, siteId);
    return this.db.select().from(articles).where(where).orderBy(desc(articles.updatedAt));
  }

  /**
   * Counted, then inserted: two instances counting at once would both see room for the last place,
   * so the site's row is locked first and racing creates for one site run one after the other.
   * FOR NO KEY UPDATE: it serializes the creates without holding up other writers' foreign-key
   * checks on the site (a visitor or an upload inserted meanwhile does not wait).
   */
  async create(row: ArticleRow, maxPerSite: number): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      await tx.select({ id: sites.id }).from(sites).where(eq(sites.id, row.siteId)).for('no key update');
      const [counted] = await tx.select({ n: count() }).from(articles).where(eq(articles.siteId, row.siteId));
      if ((counted?.n ?? 0) >= maxPerSite) return false;
      await tx.insert(articles).values(row);
      return true;
    });
  }

  async update(id: string, content: ArticleContent, updatedAt: number): Promise<ArticleRow | undefined> {
    const { locale, title, body, published } = content;
    const [row] = await this.db.update(articles).set({ locale, title, body, published, updatedAt }).where(eq(articles.id, id)).returning();
    return row;
  }

  async remove(id: string): Promise<boolean> {
    return ((await this.db.delete(articles).where(eq(articles.id, id))).rowCount ?? 0) > 0;
  }

  async publishedLocales(siteId: string): Promise<string[]> {
    const rows = await this.db
      .selectDistinct({ locale: articles.locale })
      .from(articles)
      .where(and(eq(articles.siteId, siteId), eq(articles.published, true)));
    return rows.map((r) => r.locale);
  }

  async published(siteId: string, locale: string, limit: number): Promise<ArticleRow[]> {
    return this.db
      .select()
      .from(articles)
      .where(and(eq(articles.siteId, siteId), eq(articles.locale, locale), eq(articles.published, true)))
      .limit(limit);
  }

  /** A counted view is one UPDATE … RETURNING: racing reads each add one (the row lock orders them). */
  async read(siteId: string, id: string, countView: boolean): Promise<ArticleRow | undefined> {
    const which = and(eq(articles.id, id), eq(articles.siteId, siteId), eq(articles.published, true));
    const [row] = countView
      ? await this.db
          .update(articles)
          .set({ views: sql`${articles.views} + 1` })
          .where(which)
          .returning()
      : await this.db.select().from(articles).where(which);
    return row;
  }

  async vote(siteId: string, id: string, helpful: boolean): Promise<boolean> {
    const set = helpful ? { helpful: sql`${articles.helpful} + 1` } : { notHelpful: sql`${articles.notHelpful} + 1` };
    const res = await this.db
      .update(articles)
      .set(set)
      .where(and(eq(articles.id, id), eq(articles.siteId, siteId), eq(articles.published, true)));
    return (res.rowCount ?? 0) > 0;
  }
}
