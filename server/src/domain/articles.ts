import { ARTICLE_LIMITS, markdownText, type Article, type ArticleInput, type ArticleSummary, type Locale, type PublicArticle } from '@atendo/shared';
import type { ArticleRow as Row } from '../storage';
import type { ArticleStore } from '../storage/articles';
import type { SiteStore } from '../storage/sites';
import { AppError, notFound } from './errors';
import { newId } from './ids';

const toArticle = ({ botOffered, botHelped, botNotHelped, ...row }: Row): Article => ({
  ...row,
  locale: row.locale as Locale,
  bot: { offered: botOffered, helped: botHelped, notHelped: botNotHelped },
});
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

  constructor(
    private store: ArticleStore,
    private sites: SiteStore,
    /** After a create or an edit: index it for the answer bot (domain/bot). */
    private indexed: (row: Row) => Promise<void> = async () => undefined,
  ) {}

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
  async list(siteId: string, locale?: Locale): Promise<Article[]> {
    await this.requireSite(siteId);
    return (await this.store.list(siteId, locale)).map(toArticle);
  }

  async create(siteId: string, input: ArticleInput): Promise<Article> {
    await this.requireSite(siteId);
    const now = Date.now();
    const row: Row = {
      id: newId(),
      siteId,
      ...input,
      views: 0,
      helpful: 0,
      notHelpful: 0,
      botOffered: 0,
      botHelped: 0,
      botNotHelped: 0,
      createdAt: now,
      updatedAt: now,
    };
    // Counted and inserted in one transaction of the store: racing creates cannot pass the limit.
    if (!(await this.store.create(row, ARTICLE_LIMITS.perSite))) throw new AppError('conflict', `A site holds at most ${ARTICLE_LIMITS.perSite} articles`);
    await this.indexed(row);
    return toArticle(row);
  }

  async update(id: string, input: ArticleInput): Promise<Article> {
    const row = await this.store.update(id, input, Date.now());
    if (!row) throw notFound('Article');
    await this.indexed(row);
    return toArticle(row);
  }

  async remove(id: string): Promise<void> {
    if (!(await this.store.remove(id))) throw notFound('Article');
    this.texts.delete(id);
  }

  /** Languages with at least one published article (the widget offers help only when its own or English is there). */
  async publishedLocales(siteId: string): Promise<Locale[]> {
    return ((await this.store.publishedLocales(siteId)) as Locale[]).sort();
  }

  /**
   * Published articles in `locale` (English when that language has none) whose title or text holds
   * every word of `q`, title matches first, then the most read; all of them when `q` is empty.
   */
  async search(siteId: string, locale: Locale, q: string, limit: number = ARTICLE_LIMITS.results): Promise<{ locale: Locale; items: ArticleSummary[] }> {
    let lang = locale;
    let rows = await this.store.published(siteId, lang, ARTICLE_LIMITS.perSite);
    if (rows.length === 0 && lang !== 'en') rows = await this.store.published(siteId, (lang = 'en'), ARTICLE_LIMITS.perSite);
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
  async read(siteId: string, id: string, count = true): Promise<PublicArticle> {
    const row = await this.store.read(siteId, id, count);
    if (!row) throw notFound('Article');
    return toPublic(row);
  }

  /** One "Did this help?" answer: exactly one counter goes up by one. */
  async vote(siteId: string, id: string, helpful: boolean): Promise<void> {
    if (!(await this.store.vote(siteId, id, helpful))) throw notFound('Article');
  }

  private async requireSite(siteId: string): Promise<void> {
    if (!(await this.sites.get(siteId))) throw notFound('Site');
  }
}
