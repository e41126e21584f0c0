/**
 * Help articles (level-1 self-service): REST shapes and schemas for the console
 * (agents read, admins write) and the widget's public endpoints (search, read, vote).
 */
import * as v from 'valibot';
import { LOCALES, type Locale } from './i18n';
import { siteId } from './primitives';
import type { ArticleBotStats } from './bot';

/** Bounds agreed by the editor and the server. */
export const ARTICLE_LIMITS = {
  titleLength: 200,
  bodyLength: 20_000,
  /** Articles one site may hold (all languages): keeps the widget search a bounded scan. */
  perSite: 200,
  /** Longest widget search query. */
  queryLength: 100,
  /** Most results one widget search returns. */
  results: 10,
} as const;

/** An article as the console sees it, with its counters. */
export interface Article {
  id: string;
  siteId: string;
  locale: Locale;
  title: string;
  /** Markdown; rendered safely by `renderMarkdown` (no raw HTML). */
  body: string;
  published: boolean;
  views: number;
  helpful: number;
  notHelpful: number;
  /** What the answer bot did with it. */
  bot?: ArticleBotStats;
  createdAt: number;
  updatedAt: number;
}

export const ArticleLocaleSchema = v.picklist(LOCALES, 'Language must be en, pt-BR or ru');

/** POST /sites/:siteId/articles and PUT /articles/:id (admins). */
export const ArticleInputSchema = v.strictObject({
  locale: ArticleLocaleSchema,
  title: v.pipe(
    v.string(),
    v.trim(),
    v.minLength(1, 'Title is required'),
    v.maxLength(ARTICLE_LIMITS.titleLength, `Titles are at most ${ARTICLE_LIMITS.titleLength} characters`),
  ),
  body: v.pipe(
    v.string(),
    v.transform((s) => s.replace(/\r\n?/g, '\n').trimEnd()),
    v.minLength(1, 'Text is required'),
    v.maxLength(ARTICLE_LIMITS.bodyLength, `Articles are at most ${ARTICLE_LIMITS.bodyLength} characters`),
  ),
  published: v.boolean(),
});
export type ArticleInput = v.InferOutput<typeof ArticleInputSchema>;

/** GET /sites/:siteId/articles?locale= (agents). */
export const ArticleListQuerySchema = v.strictObject({ locale: v.optional(ArticleLocaleSchema) });

export interface ArticleListResponse {
  items: Article[];
}
export interface ArticleResponse {
  article: Article;
}

/** GET /widget/articles?site=&locale=&q=: published articles of that language (English when it has none). */
export const WidgetArticleSearchSchema = v.strictObject({
  site: siteId,
  locale: v.optional(ArticleLocaleSchema, 'en'),
  q: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(ARTICLE_LIMITS.queryLength, `Searches are at most ${ARTICLE_LIMITS.queryLength} characters`)), ''),
});

/** POST /widget/articles/:id/vote?site=: one request is one vote. */
export const ArticleVoteSchema = v.strictObject({ helpful: v.boolean() });

/** One search result: no counters, no unpublished text. */
export interface ArticleSummary {
  id: string;
  title: string;
  /** A plain-text excerpt of the body (around the match when there is a query). */
  excerpt: string;
}
export interface WidgetArticleSearchResponse {
  /** The language the results are in (`en` when the requested one has no articles). */
  locale: Locale;
  items: ArticleSummary[];
}
/** The article a visitor reads. */
export interface PublicArticle {
  id: string;
  locale: Locale;
  title: string;
  body: string;
  updatedAt: number;
}
export interface WidgetArticleResponse {
  article: PublicArticle;
}
