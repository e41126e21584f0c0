/**
 * Help articles: console CRUD with roles, the widget's public search / read / vote with
 * the site's origin check, per-language search with the English fallback, counters, bad input, and
 * no visitor row created by reading or voting.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Article, InviteAgentResponse, WidgetArticleSearchResponse, WidgetConfigResponse } from '@atendo/shared';
import { login, startTestServer } from './helpers';

let srv: Awaited<ReturnType<typeof startTestServer>>;
let admin: string;
let agent: string;
const SHOP = 'https://shop.example';

beforeAll(async () => {
  srv = await startTestServer();
  admin = await login(srv.url);
  const invited = await call<InviteAgentResponse>(admin, 'POST', '/agents', { email: 'ivo@example.com', name: 'Ivo', role: 'agent' });
  agent = await login(srv.url, { email: 'ivo@example.com', password: invited.body.password! });
  await srv.services.sites.setSecurity(srv.siteId, { allowedOrigins: [SHOP], identityRequired: false });
});
afterAll(() => srv.close());

async function call<T = unknown>(cookie: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(`${srv.url}/api/v1${path}`, {
    method,
    headers: { cookie, origin: srv.url, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: res.status === 204 ? (undefined as T) : ((await res.json()) as T) };
}

/** A request from the shop's page, as the widget makes it. */
async function widget<T = unknown>(
  path: string,
  init: { method?: string; body?: unknown; origin?: string | null } = {},
): Promise<{ status: number; body: T; headers: Headers }> {
  const headers: Record<string, string> = {};
  if (init.origin !== null) headers.origin = init.origin ?? SHOP;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${srv.url}/api/v1/widget${path}`, {
    method: init.method ?? 'GET',
    headers,
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
  return { status: res.status, body: res.status === 204 ? (undefined as T) : ((await res.json()) as T), headers: res.headers };
}

const article = (over: Partial<{ locale: string; title: string; body: string; published: boolean }> = {}) => ({
  locale: 'en',
  title: 'How do I return an item?',
  body: 'Send it back within **30 days**.',
  published: true,
  ...over,
});

async function create(over: Parameters<typeof article>[0] = {}): Promise<Article> {
  const res = await call<{ article: Article }>(admin, 'POST', `/sites/${srv.siteId}/articles`, article(over));
  expect(res.status).toBe(201);
  return res.body.article;
}

describe('help articles: console', () => {
  it('lets admins create, edit and delete; agents only read; nobody without a session', async () => {
    const a = await create({ title: 'Shipping times', body: 'We ship in 2 days.' });
    expect(a).toMatchObject({ siteId: srv.siteId, locale: 'en', title: 'Shipping times', published: true, views: 0, helpful: 0, notHelpful: 0 });

    const list = await call<{ items: Article[] }>(agent, 'GET', `/sites/${srv.siteId}/articles`);
    expect(list.status).toBe(200);
    expect(list.body.items.map((x) => x.title)).toContain('Shipping times');

    expect((await call(agent, 'POST', `/sites/${srv.siteId}/articles`, article())).status).toBe(403);
    expect((await call(agent, 'PUT', `/articles/${a.id}`, article({ title: 'Hacked' }))).status).toBe(403);
    expect((await call(agent, 'DELETE', `/articles/${a.id}`)).status).toBe(403);
    expect((await call('', 'GET', `/sites/${srv.siteId}/articles`)).status).toBe(401);
    expect((await call('', 'POST', `/sites/${srv.siteId}/articles`, article())).status).toBe(401);

    const edited = await call<{ article: Article }>(
      admin,
      'PUT',
      `/articles/${a.id}`,
      article({ title: 'Shipping times (updated)', locale: 'pt-BR', published: false }),
    );
    expect(edited.status).toBe(200);
    expect(edited.body.article).toMatchObject({ title: 'Shipping times (updated)', locale: 'pt-BR', published: false });
    const ptOnly = await call<{ items: Article[] }>(admin, 'GET', `/sites/${srv.siteId}/articles?locale=pt-BR`);
    expect(ptOnly.body.items.map((x) => x.id)).toEqual([a.id]);

    expect((await call(admin, 'DELETE', `/articles/${a.id}`)).status).toBe(204);
    expect((await call(admin, 'DELETE', `/articles/${a.id}`)).status).toBe(404);
    expect((await call(admin, 'PUT', `/articles/${a.id}`, article())).status).toBe(404);
  });

  it('refuses bad input with a clear error', async () => {
    const bad = async (body: unknown) => call<{ error: { code: string; message: string } }>(admin, 'POST', `/sites/${srv.siteId}/articles`, body);
    expect((await bad(article({ title: '   ' }))).body.error).toMatchObject({ code: 'bad_request', message: expect.stringContaining('Title is required') });
    expect((await bad(article({ locale: 'de' }))).body.error.message).toContain('Language must be en, pt-BR or ru');
    expect((await bad(article({ body: 'x'.repeat(20_001) }))).body.error.message).toContain('at most 20000');
    expect((await bad({ ...article(), views: 1000 })).status).toBe(400);
    expect((await bad({ title: 'No body' })).status).toBe(400);
    expect((await call(admin, 'POST', '/sites/no-such-site/articles', article())).status).toBe(404);
    expect((await call(admin, 'GET', `/sites/${srv.siteId}/articles?locale=xx`)).status).toBe(400);
    // Not JSON: refused before anything is stored.
    const res = await fetch(`${srv.url}/api/v1/sites/${srv.siteId}/articles`, {
      method: 'POST',
      headers: { cookie: admin, origin: srv.url, 'content-type': 'application/json' },
      body: '{oops',
    });
    expect(res.status).toBe(400);
  });
});

describe('help articles: widget', () => {
  let ptA: Article;
  let enA: Article;
  beforeAll(async () => {
    enA = await create({ title: 'Reset your password', body: 'Open **Settings**, then choose *Reset password*. Passwords need 8 characters.' });
    await create({ title: 'Delivery areas', body: 'We deliver to Brazil and Portugal. Ask us about your password too? No.' });
    await create({ title: 'Secret draft about passwords', published: false });
    ptA = await create({ locale: 'pt-BR', title: 'Não consigo entrar', body: 'Redefina a senha em Configurações.' });
  });

  it('searches published articles of the locale, title matches first, drafts never', async () => {
    const res = await widget<WidgetArticleSearchResponse>(`/articles?site=${srv.siteId}&locale=en&q=password`);
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe(SHOP);
    expect(res.body.locale).toBe('en');
    expect(res.body.items.map((x) => x.title)).toEqual(['Reset your password', 'Delivery areas']);
    expect(JSON.stringify(res.body)).not.toContain('Secret draft');
    // Excerpts are plain text, no Markdown markers.
    expect(res.body.items[0]!.excerpt).toContain('Open Settings, then choose Reset password.');
    // Every word must match.
    const two = await widget<WidgetArticleSearchResponse>(`/articles?site=${srv.siteId}&locale=en&q=reset%20PASSWORD`);
    expect(two.body.items.map((x) => x.title)).toEqual(['Reset your password']);
    const none = await widget<WidgetArticleSearchResponse>(`/articles?site=${srv.siteId}&locale=en&q=refund`);
    expect(none.body.items).toEqual([]);
  });

  it('searches per language, ignoring case and accents, and falls back to English when a language has none', async () => {
    const pt = await widget<WidgetArticleSearchResponse>(`/articles?site=${srv.siteId}&locale=pt-BR&q=nao%20CONSIGO`);
    expect(pt.body).toEqual({ locale: 'pt-BR', items: [{ id: ptA.id, title: 'Não consigo entrar', excerpt: 'Redefina a senha em Configurações.' }] });
    // Portuguese has articles, so no English ones are mixed in.
    const ptAll = await widget<WidgetArticleSearchResponse>(`/articles?site=${srv.siteId}&locale=pt-BR`);
    expect(ptAll.body.items.map((x) => x.id)).toEqual([ptA.id]);
    const ru = await widget<WidgetArticleSearchResponse>(`/articles?site=${srv.siteId}&locale=ru&q=password`);
    expect(ru.body.locale).toBe('en');
    expect(ru.body.items[0]!.id).toBe(enA.id);
  });

  it('lists the languages with published articles in the widget config', async () => {
    const res = await widget<WidgetConfigResponse>(`/config?site=${srv.siteId}`);
    expect(res.body.config.articles).toEqual(['en', 'pt-BR']);
  });

  it('applies the site origin check to every article endpoint', async () => {
    for (const path of [`/articles?site=${srv.siteId}`, `/articles/${enA.id}?site=${srv.siteId}`]) {
      expect((await widget(path, { origin: 'https://evil.example' })).status).toBe(403);
    }
    expect(
      (await widget(`/articles/${enA.id}/vote?site=${srv.siteId}`, { method: 'POST', body: { helpful: true }, origin: 'https://evil.example' })).status,
    ).toBe(403);
    // A vote needs an Origin at all (a form post or a script elsewhere has none we trust).
    expect((await widget(`/articles/${enA.id}/vote?site=${srv.siteId}`, { method: 'POST', body: { helpful: true }, origin: null })).status).toBe(403);
    // A cross-origin vote is preflighted (JSON body): the shop's page may, no other page may.
    const preflight = (origin: string) =>
      fetch(`${srv.url}/api/v1/widget/articles/${enA.id}/vote?site=${srv.siteId}`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
      });
    const ok = await preflight(SHOP);
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-origin')).toBe(SHOP);
    expect(ok.headers.get('access-control-allow-headers')).toMatch(/content-type/i);
    expect((await preflight('https://evil.example')).status).toBe(403);
    // The refused requests counted nothing.
    const list = await call<{ items: Article[] }>(admin, 'GET', `/sites/${srv.siteId}/articles`);
    expect(list.body.items.find((x) => x.id === enA.id)).toMatchObject({ views: 0, helpful: 0 });
  });

  it('counts a view per read and one vote per request, and stores nothing about the reader', async () => {
    const visitorsBefore = await srv.services.storage.visitors.count();
    const read = await widget<{ article: { title: string; body: string } }>(`/articles/${enA.id}?site=${srv.siteId}`);
    expect(read.status).toBe(200);
    expect(read.body.article).toMatchObject({ title: 'Reset your password', body: expect.stringContaining('**Settings**') });
    expect(read.body.article).not.toHaveProperty('views');
    await widget(`/articles/${enA.id}?site=${srv.siteId}`);
    expect((await widget(`/articles/${enA.id}/vote?site=${srv.siteId}`, { method: 'POST', body: { helpful: true } })).status).toBe(204);
    expect((await widget(`/articles/${enA.id}/vote?site=${srv.siteId}`, { method: 'POST', body: { helpful: false } })).status).toBe(204);
    expect((await widget(`/articles/${enA.id}/vote?site=${srv.siteId}`, { method: 'POST', body: { helpful: true } })).status).toBe(204);
    // A request carries one vote: a count or anything else is refused.
    expect((await widget(`/articles/${enA.id}/vote?site=${srv.siteId}`, { method: 'POST', body: { helpful: true, count: 100 } })).status).toBe(400);
    expect((await widget(`/articles/${enA.id}/vote?site=${srv.siteId}`, { method: 'POST', body: { helpful: 'yes' } })).status).toBe(400);
    const list = await call<{ items: Article[] }>(admin, 'GET', `/sites/${srv.siteId}/articles`);
    expect(list.body.items.find((x) => x.id === enA.id)).toMatchObject({ views: 2, helpful: 2, notHelpful: 1 });
    expect(await srv.services.storage.visitors.count()).toBe(visitorsBefore);
    // Searching does not count views.
    await widget(`/articles?site=${srv.siteId}&q=password`);
    expect((await call<{ items: Article[] }>(admin, 'GET', `/sites/${srv.siteId}/articles`)).body.items.find((x) => x.id === enA.id)!.views).toBe(2);
  });

  it('never serves drafts, other sites’ articles or bad queries', async () => {
    const list = await call<{ items: Article[] }>(admin, 'GET', `/sites/${srv.siteId}/articles`);
    const draft = list.body.items.find((x) => !x.published)!;
    expect((await widget(`/articles/${draft.id}?site=${srv.siteId}`)).status).toBe(404);
    expect((await widget(`/articles/${draft.id}/vote?site=${srv.siteId}`, { method: 'POST', body: { helpful: true } })).status).toBe(404);
    const other = await srv.services.sites.create({ name: 'Other shop' });
    await srv.services.sites.setSecurity(other.siteId, { allowedOrigins: [SHOP], identityRequired: false });
    expect((await widget(`/articles/${enA.id}?site=${other.siteId}`)).status).toBe(404);
    expect((await widget<WidgetArticleSearchResponse>(`/articles?site=${other.siteId}&q=password`)).body.items).toEqual([]);
    expect((await widget(`/articles?site=${srv.siteId}&q=${'x'.repeat(101)}`)).status).toBe(400);
    expect((await widget(`/articles?site=${srv.siteId}&locale=de`)).status).toBe(400);
    expect((await widget(`/articles?site=nope`)).status).toBe(404);
    const badJson = await fetch(`${srv.url}/api/v1/widget/articles/${enA.id}/vote?site=${srv.siteId}`, {
      method: 'POST',
      headers: { origin: SHOP, 'content-type': 'application/json' },
      body: 'nope',
    });
    expect(badJson.status).toBe(400);
  });
});
