/** Help articles of one site (Settings → Help articles): loaded per site, edited by admins. */
import { signal } from '@preact/signals';
import type { Article, ArticleInput } from '@atendo/shared';
import { api } from '../api';
import { errorText } from '../errors';
import type { LoadState } from './conversations';

export const articles = signal<readonly Article[]>([]);
export const articlesState = signal<LoadState>('idle');
export const articlesError = signal<string | null>(null);
/** The site the list belongs to. */
export const articlesSite = signal<string | null>(null);

const newestFirst = (list: readonly Article[]) => [...list].sort((a, b) => b.updatedAt - a.updatedAt);

export async function loadArticles(siteId: string): Promise<void> {
  // Another site's rows never show under this one, not even while loading.
  if (articlesSite.value !== siteId) articles.value = [];
  articlesSite.value = siteId;
  articlesState.value = 'loading';
  articlesError.value = null;
  try {
    const res = await api.listArticles(siteId);
    if (articlesSite.value !== siteId) return;
    articles.value = res.items;
    articlesState.value = 'ready';
  } catch (err) {
    if (articlesSite.value !== siteId) return;
    articlesError.value = errorText(err);
    articlesState.value = 'error';
  }
}

/** Create (id null) or update; the saved article replaces its row. Throws the API error for the form. */
export async function saveArticle(siteId: string, id: string | null, input: ArticleInput): Promise<Article> {
  const { article } = id ? await api.updateArticle(id, input) : await api.createArticle(siteId, input);
  if (articlesSite.value === siteId) articles.value = newestFirst([...articles.value.filter((a) => a.id !== article.id), article]);
  return article;
}

export async function deleteArticle(id: string): Promise<void> {
  await api.deleteArticle(id);
  articles.value = articles.value.filter((a) => a.id !== id);
}

/** "75 %" of yes among the votes, or null without votes. */
export function helpfulPercent(a: Pick<Article, 'helpful' | 'notHelpful'>): number | null {
  const votes = a.helpful + a.notHelpful;
  return votes ? Math.round((a.helpful / votes) * 100) : null;
}

/** Signed out: forget them. */
export function resetArticles(): void {
  articles.value = [];
  articlesState.value = 'idle';
  articlesError.value = null;
  articlesSite.value = null;
}
