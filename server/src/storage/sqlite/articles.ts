/** The SQLite `ArticleStore`: help articles and their counters. */
import { and, count, desc, eq, sql } from 'drizzle-orm';
import type { ArticleContent, ArticleStore } from '../articles';
import type { ArticleRow } from '../types';
import type { Db } from './client';
import { articles } from './schema';

/** Read, then write: take the write lock first (a commit on the writer thread's connection in between would fail the upgrade). */
const IMMEDIATE = { behavior: 'immediate' } as const;

export class SqliteArticleStore implements ArticleStore {
  constructor(private db: Db) {}

  async list(siteId: string, locale?: string): Promise<ArticleRow[]> {
    const where = locale ? and(eq(articles.siteId, siteId), eq(articles.locale, locale)) : eq(articles.siteId, siteId);
    return this.db.select().from(articles).where(where).orderBy(desc(articles.updatedAt)).all();
  }

  async create(row: ArticleRow, maxPerSite: number): Promise<boolean> {
    return this.db.transaction((tx) => {
      const n = tx.select({ n: count() }).from(articles).where(eq(articles.siteId, row.siteId)).get()?.n ?? 0;
      if (n >= maxPerSite) return false;
      tx.insert(articles).values(row).run();
      return true;
    }, IMMEDIATE);
  }

  async update(id: string, content: ArticleContent, updatedAt: number): Promise<ArticleRow | undefined> {
    const { locale, title, body, published } = content;
    return this.db.update(articles).set({ locale, title, body, published, updatedAt }).where(eq(articles.id, id)).returning().get();
  }

  async remove(id: string): Promise<boolean> {
    return this.db.delete(articles).where(eq(articles.id, id)).run().changes > 0;
  }

  async publishedLocales(siteId: string): Promise<string[]> {
    return this.db
      .selectDistinct({ locale: articles.locale })
      .from(articles)
      .where(and(eq(articles.siteId, siteId), eq(articles.published, true)))
      .all()
      .map((r) => r.locale);
  }

  async published(siteId: string, locale: string, limit: number): Promise<ArticleRow[]> {
    return this.db
      .select()
      .from(articles)
      .where(and(eq(articles.siteId, siteId), eq(articles.locale, locale), eq(articles.published, true)))
      .limit(limit)
      .all();
  }

  async read(siteId: string, id: string, countView: boolean): Promise<ArticleRow | undefined> {
    const which = and(eq(articles.id, id), eq(articles.siteId, siteId), eq(articles.published, true));
    return countView
      ? this.db
          .update(articles)
          .set({ views: sql`${articles.views} + 1` })
          .where(which)
          .returning()
          .get()
      : this.db.select().from(articles).where(which).get();
  }

  async vote(siteId: string, id: string, helpful: boolean): Promise<boolean> {
    const set = helpful ? { helpful: sql`${articles.helpful} + 1` } : { notHelpful: sql`${articles.notHelpful} + 1` };
    return (
      this.db
        .update(articles)
        .set(set)
        .where(and(eq(articles.id, id), eq(articles.siteId, siteId), eq(articles.published, true)))
        .run().changes > 0
    );
  }
}
