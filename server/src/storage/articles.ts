/**
 * Help articles: per site and language, edited in the console, searched and read by the
 * widget. Reading and voting only bump counters on the article, each as one atomic update.
 */
import type { ArticleRow } from './types';

/** What an edit replaces. */
export type ArticleContent = Pick<ArticleRow, 'locale' | 'title' | 'body' | 'published'>;

export interface ArticleStore {
  /** Every article of a site (drafts too), newest edit first; only those in `locale` when given. */
  list(siteId: string, locale?: string): Promise<ArticleRow[]>;
  /**
   * Store a new article unless its site already holds `maxPerSite` articles (all languages),
   * counted and inserted in one transaction so racing creates cannot pass the limit. False when full.
   */
  create(row: ArticleRow, maxPerSite: number): Promise<boolean>;
  /** Replace the content and set `updatedAt`; the row after, or undefined when there is no such article. */
  update(id: string, content: ArticleContent, updatedAt: number): Promise<ArticleRow | undefined>;
  /** False when there is no such article. */
  remove(id: string): Promise<boolean>;
  /** The languages of the site's published articles, each once, in no particular order. */
  publishedLocales(siteId: string): Promise<string[]>;
  /** At most `limit` published articles of the site in `locale`, in no particular order. */
  published(siteId: string, locale: string, limit: number): Promise<ArticleRow[]>;
  /**
   * A published article of the site (undefined otherwise, drafts included); with `countView` its
   * view counter goes up by one in the same statement, and the row is returned as after it.
   */
  read(siteId: string, id: string, countView: boolean): Promise<ArticleRow | undefined>;
  /** One "Did this help?" answer on a published article of the site: `helpful` or `notHelpful` +1. False when there is no such article. */
  vote(siteId: string, id: string, helpful: boolean): Promise<boolean>;
}
