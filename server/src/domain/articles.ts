import { and, count, desc, eq, sql } from 'drizzle-orm';
import { ARTICLE_LIMITS, markdownText, type Article, type ArticleInput, type ArticleSummary, type Locale, type PublicArticle } from '@atendo/shared';
import type { Db } from '../storage/sqlite/client';
import { articles, sites } from '../storage/sqlite/schema';
import { AppError, notFound } from './errors';
import { newId } from './ids';

type Row = typeof articles.$inferSelect;

const toArticle = (row: Row): Article => ({ ...row, locale: row.locale as Locale });
const toPublic = (row: Row): PublicArticle => ({ id: row.id, locale: row.locale as Locale, title: row.title, body: row.body, updatedAt: row.updatedAt });

/**
 * Lower-case without accents, one output code unit per input code unit, so an index found in the
 * folded text is the same index in the original ("nao" finds "não", "ПРИВЕТ" finds "привет").
 */
export function fold(s: string): string {
  let out = '';
  for (const ch of s) {
    const base = ch.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
    out += base.length === ch.length ? base : ch.toLowerCase().length === ch.length ? ch.toLowerCase() : ch;
  }
  return out;
}

/** About `size` characters of `text` around `at` (the start when -1), cut at word boundaries. */
function excerpt(text: string, at: number, size = 160): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= size) return flat;
  let start = at < 0 ? 0 : Math.max(0, Math.min(at - 40, flat.length - size));
  if (start > 0) start = flat.indexOf(' ', start) + 1 || start;
  let end = Math.min(flat.length, start + size);
  if (end < flat.length) end = flat.lastIndexOf(' ', end) > start ? flat.lastIndexOf(' ', end) : end;
  return (start > 0 ? '…' : '') + flat.slice(start, end) + (end < flat.length ? '…' : '');
}

/**
 * Help articles: the console edits them (admins), the widget searches and reads the published
 * ones. Reading and voting only bump counters on the article: nothing is stored about the reader.
 */
export class ArticleService {
  /** Plain and folded text per article version, so a search does not re-parse Markdown on every keystroke. */
  private texts = new Map<string, { source: string; rawTitle: string; text: string; title: string; body: string }>();

  constructor(private db: Db) {}

  private searchText(row: Row): { text: string; title: string; body: string } {
    let t = this.texts.get(row.id);
    if (!t || t.source !== row.body || t.rawTitle !== row.title) {
      const text = markdownText(row.body);
      t = { source: row.body, rawTitle: row.title, text, title: fold(row.title), body: fold(text.replace(/\s+/g, ' ').trim()) };
      this.texts.set(row.id, t);
    }
    return t;
  }

  /** Every article of a site (drafts too), for the console; newest edit first. */
  list(siteId: string, locale?: Locale): Article[] {
    this.requireSite(siteId);
    const where = locale ? and(eq(articles.siteId, siteId), eq(articles.locale, locale)) : eq(articles.siteId, siteId);
    return this.db.select().from(articles).where(where).orderBy(desc(articles.updatedAt)).all().map(toArticle);
  }

  create(siteId: string, input: ArticleInput): Article {
    this.requireSite(siteId);
    return this.db.transaction((tx) => {
      const n = tx.select({ n: count() }).from(articles).where(eq(articles.siteId, siteId)).get()?.n ?? 0;
      if (n >= ARTICLE_LIMITS.perSite) throw new AppError('conflict', `A site holds at most ${ARTICLE_LIMITS.perSite} articles`);
      const now = Date.now();
      const row: Row = { id: newId(), siteId, ...input, views: 0, helpful: 0, notHelpful: 0, createdAt: now, updatedAt: now };
      tx.insert(articles).values(row).run();
      return toArticle(row);
    });
  }

  update(id: string, input: ArticleInput): Article {
    const row = this.db
      .update(articles)
      .set({ ...input, updatedAt: Date.now() })
      .where(eq(articles.id, id))
      .returning()
      .get();
    if (!row) throw notFound('Article');
    return toArticle(row);
  }

  remove(id: string): void {
    if (!this.db.delete(articles).where(eq(articles.id, id)).run().changes) throw notFound('Article');
    this.texts.delete(id);
  }

  /** Languages with at least one published article (the widget offers help only when its own or English is there). */
  publishedLocales(siteId: string): Locale[] {
    return this.db
      .selectDistinct({ locale: articles.locale })
      .from(articles)
      .where(and(eq(articles.siteId, siteId), eq(articles.published, true)))
      .all()
      .map((r) => r.locale as Locale)
      .sort();
  }

  /**
   * Published articles in `locale` (English when that language has none) whose title or text holds
   * every word of `q`, title matches first, then the most read; all of them when `q` is empty.
   */
  search(siteId: string, locale: Locale, q: string, limit: number = ARTICLE_LIMITS.results): { locale: Locale; items: ArticleSummary[] } {
    let lang = locale;
    let rows = this.published(siteId, lang);
    if (rows.length === 0 && lang !== 'en') rows = this.published(siteId, (lang = 'en'));
    const terms = fold(q).split(/\s+/).filter(Boolean).slice(0, 10);
    const scored: { row: Row; score: number; text: string; at: number }[] = [];
    for (const row of rows) {
      const { text, title, body } = this.searchText(row);
      let score = 0;
      let at = -1;
      for (const term of terms) {
        const inTitle = title.includes(term);
        const pos = body.indexOf(term);
        if (!inTitle && pos < 0) {
          score = -1;
          break;
        }
        score += (inTitle ? 3 : 0) + (pos >= 0 ? 1 : 0);
        if (at < 0 && pos >= 0 && !inTitle) at = pos;
      }
      if (score >= 0) scored.push({ row, score, text, at });
    }
    scored.sort((a, b) => b.score - a.score || b.row.views - a.row.views || a.row.title.localeCompare(b.row.title));
    return { locale: lang, items: scored.slice(0, limit).map(({ row, text, at }) => ({ id: row.id, title: row.title, excerpt: excerpt(text, at) })) };
  }

  /** A published article of the site, counting one view unless `count` is false (the reader's address is over its limit). */
  read(siteId: string, id: string, count = true): PublicArticle {
    const which = and(eq(articles.id, id), eq(articles.siteId, siteId), eq(articles.published, true));
    const row = count
      ? this.db
          .update(articles)
          .set({ views: sql`${articles.views} + 1` })
          .where(which)
          .returning()
          .get()
      : this.db.select().from(articles).where(which).get();
    if (!row) throw notFound('Article');
    return toPublic(row);
  }

  /** One "Did this help?" answer: exactly one counter goes up by one. */
  vote(siteId: string, id: string, helpful: boolean): void {
    const set = helpful ? { helpful: sql`${articles.helpful} + 1` } : { notHelpful: sql`${articles.notHelpful} + 1` };
    const done = this.db
      .update(articles)
      .set(set)
      .where(and(eq(articles.id, id), eq(articles.siteId, siteId), eq(articles.published, true)))
      .run().changes;
    if (!done) throw notFound('Article');
  }

  private published(siteId: string, locale: Locale): Row[] {
    return this.db
      .select()
      .from(articles)
      .where(and(eq(articles.siteId, siteId), eq(articles.locale, locale), eq(articles.published, true)))
      .limit(ARTICLE_LIMITS.perSite)
      .all();
  }

  private requireSite(siteId: string): void {
    if (!this.db.select({ id: sites.id }).from(sites).where(eq(sites.id, siteId)).get()) throw notFound('Site');
  }
}
