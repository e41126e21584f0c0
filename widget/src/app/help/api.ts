/** The widget's article endpoints (`/api/v1/widget/articles`); no cookies, nothing stored about the reader. */
import type { Locale, PublicArticle, WidgetArticleResponse, WidgetArticleSearchResponse } from '@atendo/shared';

export interface HelpApi {
  search(q: string): Promise<WidgetArticleSearchResponse>;
  read(id: string): Promise<PublicArticle>;
  vote(id: string, helpful: boolean): Promise<void>;
}

/** Calls for one site and language against the Atendo server at `origin`. */
export function helpApi(origin: string, siteId: string, locale: Locale, fetchImpl: typeof fetch = (...a) => fetch(...a)): HelpApi {
  const base = `${origin}/api/v1/widget/articles`;
  const site = `site=${encodeURIComponent(siteId)}`;
  const get = async <T>(url: string): Promise<T> => {
    const res = await fetchImpl(url, { credentials: 'omit' });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    return (await res.json()) as T;
  };
  return {
    search: (q) => get<WidgetArticleSearchResponse>(`${base}?${site}&locale=${encodeURIComponent(locale)}&q=${encodeURIComponent(q.slice(0, 100))}`),
    read: async (id) => (await get<WidgetArticleResponse>(`${base}/${encodeURIComponent(id)}?${site}`)).article,
    async vote(id, helpful) {
      const res = await fetchImpl(`${base}/${encodeURIComponent(id)}/vote?${site}`, {
        method: 'POST',
        credentials: 'omit',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ helpful }),
      });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
    },
  };
}
