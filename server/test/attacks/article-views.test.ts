/**
 * Found in an attack run: anyone could inflate a help article's view count (50 anonymous GETs without
 * an Origin took it from 2 to 52). Views now count at most 60 an hour per client address, as votes
 * do; a read over the limit still gets the article.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Article, WidgetArticleResponse } from '@atendo/shared';
import { login, startTestServer } from '../helpers';

let srv: Awaited<ReturnType<typeof startTestServer>>;
let admin: string;
beforeAll(async () => {
  // Behind a proxy, so each request can say which client it is for (the last X-Forwarded-For entry).
  srv = await startTestServer({}, { ATENDO_TRUST_PROXY: '1' });
  admin = await login(srv.url);
});
afterAll(() => srv.close());

const views = async (id: string) => {
  const res = await fetch(`${srv.url}/api/v1/sites/${srv.siteId}/articles`, { headers: { cookie: admin } });
  return ((await res.json()) as { items: Article[] }).items.find((a) => a.id === id)!.views;
};
const read = (id: string, ip: string) => fetch(`${srv.url}/api/v1/widget/articles/${id}?site=${srv.siteId}`, { headers: { 'x-forwarded-for': ip } });

describe('help article views (finding 12)', () => {
  it('counts at most 60 views an hour per address, and still shows the article past that', async () => {
    const created = await fetch(`${srv.url}/api/v1/sites/${srv.siteId}/articles`, {
      method: 'POST',
      headers: { cookie: admin, origin: srv.url, 'content-type': 'application/json' },
      body: JSON.stringify({ locale: 'en', title: 'Returns', body: 'Within **30 days**.', published: true }),
    });
    const { article } = (await created.json()) as { article: Article };

    for (let i = 0; i < 75; i++) {
      const res = await read(article.id, '203.0.113.5');
      expect(res.status).toBe(200);
      expect(((await res.json()) as WidgetArticleResponse).article.title).toBe('Returns');
    }
    expect(await views(article.id)).toBe(60);
    // Another reader still counts.
    expect((await read(article.id, '198.51.100.7')).status).toBe(200);
    expect(await views(article.id)).toBe(61);
    // Reading did not use up the address's votes.
    const vote = await fetch(`${srv.url}/api/v1/widget/articles/${article.id}/vote?site=${srv.siteId}`, {
      method: 'POST',
      headers: { 'x-forwarded-for': '203.0.113.5', 'content-type': 'application/json', origin: srv.url },
      body: JSON.stringify({ helpful: true }),
    });
    expect(vote.status).toBe(204);
  });
});
