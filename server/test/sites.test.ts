/**
 * Sites created, renamed and deleted over /api/v1/sites (admins): a deletion needs the site's name
 * typed back, never takes the last site, and takes the site's conversations, visitors, articles and
 * files (on disk too) while another site keeps all of its own.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AttachmentUploadResponse, Site, SiteDeletionPreview, SiteListResponse, SiteSecurity } from '@atendo/shared';
import { login, startTestServer, TestClient } from './helpers';
import { agentSocket, chattingVisitor, visitorHello } from './attacks/kit';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

let srv: Awaited<ReturnType<typeof startTestServer>>;
let admin: string;
let agent: string;
let dataDir: string;
beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'atendo-sites-'));
  srv = await startTestServer({}, { ATENDO_DATA_DIR: dataDir });
  admin = await login(srv.url);
  await srv.services.agents.create({ email: 'ana@example.com', name: 'Ana', role: 'agent', password: 'ana-password-123' });
  agent = await login(srv.url, { email: 'ana@example.com', password: 'ana-password-123' });
});
afterAll(async () => {
  await srv.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function call<T = unknown>(cookie: string, method: string, path: string, body?: unknown, type = 'application/json') {
  const res = await fetch(`${srv.url}/api/v1${path}`, {
    method,
    headers: { cookie, origin: srv.url, ...(body !== undefined ? { 'content-type': type } : {}) },
    ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T & { error?: { code: string; message: string } } };
}

const siteNames = async () => (await call<SiteListResponse>(admin, 'GET', '/sites')).body.items.map((s) => s.name);
const create = async (name: string) => {
  const res = await call<{ site: Site }>(admin, 'POST', '/sites', { name });
  expect(res.status).toBe(201);
  return res.body.site;
};
const preview = async (id: string) => (await call<{ deletion: SiteDeletionPreview }>(admin, 'GET', `/sites/${id}/deletion`)).body.deletion;

/** A visitor of `siteId` who sent a PNG in their conversation: the file's id. */
async function visitorWithFile(siteId: string) {
  const v = await chattingVisitor(srv.wsUrl, siteId);
  const q = new URLSearchParams({ site: siteId, name: 'photo.png' });
  const up = await fetch(`${srv.url}/api/v1/widget/attachments?${q}`, {
    method: 'POST',
    headers: { origin: srv.url, 'content-type': 'image/png', authorization: `Bearer ${v.token}` },
    body: PNG,
  });
  expect(up.status).toBe(201);
  const file = ((await up.json()) as AttachmentUploadResponse).attachment;
  v.client.send({ type: 'message.send', conversationId: v.conversationId, clientId: 'file-1', body: '', attachmentId: file.id });
  await v.client.next('ack', (f) => f.clientId === 'file-1');
  return { ...v, fileId: file.id };
}

describe('creating and renaming sites', () => {
  it('creates a site with the first start’s defaults, its own identity secret and a snippet, and lists it', async () => {
    const site = await create('  Acme shop  ');
    expect(site).toMatchObject({ name: 'Acme shop', teamName: 'Support team', greeting: '', position: 'right', launcherLabel: '' });
    expect(site.snippet).toBe(`<script async src="${srv.url}/widget.js" data-site="${site.siteId}"></script>`);
    const secret = async (id: string) => (await call<{ security: SiteSecurity }>(admin, 'GET', `/sites/${id}/security`)).body.security;
    const mine = await secret(site.siteId);
    expect(mine).toMatchObject({ allowedOrigins: [], identityRequired: false });
    expect(mine.secret.length).toBeGreaterThanOrEqual(40);
    expect(mine.secret).not.toBe((await secret(srv.siteId)).secret);
    expect(await siteNames()).toContain('Acme shop');
    // The widget finds it at once (the upgrade check reads the cache the creation reloaded).
    const w = await TestClient.connect(srv.wsUrl);
    w.send(visitorHello(site.siteId));
    expect((await w.next('welcome')).type).toBe('welcome');
    w.close();
  });

  it('tells every agent console to read the sites again when one is created or renamed', async () => {
    const console = await agentSocket(srv.wsUrl, admin);
    const site = await create('Newsletter');
    await console.next('sites.changed');
    console.frames.length = 0;
    await call(admin, 'PATCH', `/sites/${site.siteId}`, { name: 'Weekly newsletter' });
    await console.next('sites.changed');
    console.close();
  });

  it('renames a site; an unknown site is 404 and a malformed id 400', async () => {
    const site = await create('Blog');
    const res = await call<{ site: Site }>(admin, 'PATCH', `/sites/${site.siteId}`, { name: 'Company blog' });
    expect(res.status).toBe(200);
    expect(res.body.site).toMatchObject({ siteId: site.siteId, name: 'Company blog', snippet: site.snippet });
    expect(await siteNames()).toContain('Company blog');
    expect((await call(admin, 'PATCH', '/sites/nosuchsite', { name: 'X' })).status).toBe(404);
    expect((await call(admin, 'PATCH', '/sites/bad%20id!', { name: 'X' })).status).toBe(400);
  });

  it('refuses malformed and oversized bodies with 400 (a body past the request limit: 413), storing nothing', async () => {
    const before = await siteNames();
    const site = (await call<SiteListResponse>(admin, 'GET', '/sites')).body.items[0]!;
    const bad: [string, unknown, string?][] = [
      ['{}', {}],
      ['empty name', { name: '' }],
      ['blank name', { name: '   ' }],
      ['a number', { name: 42 }],
      ['too long', { name: 'x'.repeat(81) }],
      ['an extra field', { name: 'Ok', teamName: 'x' }],
      ['not JSON', '{name:', 'application/json'],
      ['not application/json', 'name=Shop', 'application/x-www-form-urlencoded'],
    ];
    for (const [what, body, type] of bad) {
      const created = await call(admin, 'POST', '/sites', body, type);
      expect(created.status, what).toBe(400);
      expect(created.body.error?.message, what).toBeTruthy();
      expect((await call(admin, 'PATCH', `/sites/${site.siteId}`, body, type)).status, what).toBe(400);
    }
    expect((await call(admin, 'POST', '/sites', { name: 'x'.repeat(100_000) })).status).toBe(413);
    expect(await siteNames()).toEqual(before);
  });

  it('is for admins only: agents get 403, nobody signed in 401', async () => {
    const before = await siteNames();
    const site = (await call<SiteListResponse>(admin, 'GET', '/sites')).body.items[0]!;
    expect((await call(agent, 'POST', '/sites', { name: 'Mine' })).status).toBe(403);
    expect((await call(agent, 'PATCH', `/sites/${site.siteId}`, { name: 'Mine' })).status).toBe(403);
    expect((await call(agent, 'GET', `/sites/${site.siteId}/deletion`)).status).toBe(403);
    expect((await call(agent, 'DELETE', `/sites/${site.siteId}`, { confirm: site.name })).status).toBe(403);
    expect((await call('', 'POST', '/sites', { name: 'Mine' })).status).toBe(401);
    // Agents still read the list (the inbox's site filter).
    expect((await call(agent, 'GET', '/sites')).status).toBe(200);
    expect(await siteNames()).toEqual(before);
  });
});

describe('deleting a site', () => {
  it('asks for the name, then takes the site’s conversations, visitors, articles and files and closes its sockets; another site keeps its own', async () => {
    const shop = await create('Doomed shop');
    const doomed = await visitorWithFile(shop.siteId);
    const kept = await visitorWithFile(srv.siteId);
    const article = await call(admin, 'POST', `/sites/${shop.siteId}/articles`, { locale: 'en', title: 'Returns', body: 'Within 30 days.', published: true });
    expect(article.status).toBe(201);
    const console = await agentSocket(srv.wsUrl, admin);
    expect(existsSync(join(dataDir, 'uploads', doomed.fileId))).toBe(true);

    expect(await preview(shop.siteId)).toEqual({
      siteId: shop.siteId,
      name: 'Doomed shop',
      deletable: true,
      counts: { conversations: 1, messages: 2, visitors: 1, articles: 1, attachments: 1, webhooks: 0 },
    });

    // A name that does not match: 400, nothing deleted.
    for (const confirm of ['doomed shop', 'Doomed', 'Other']) {
      const res = await call(admin, 'DELETE', `/sites/${shop.siteId}`, { confirm });
      expect(res.status, confirm).toBe(400);
      expect(res.body.error?.message).toMatch(/does not match/);
    }
    expect((await call(admin, 'DELETE', `/sites/${shop.siteId}`, {})).status).toBe(400);
    expect((await call(admin, 'DELETE', `/sites/${shop.siteId}`)).status).toBe(400);
    expect((await preview(shop.siteId)).counts.conversations).toBe(1);
    expect(existsSync(join(dataDir, 'uploads', doomed.fileId))).toBe(true);

    expect((await call(admin, 'DELETE', `/sites/${shop.siteId}`, { confirm: 'Doomed shop' })).status).toBe(204);
    // Its widget is told the site is gone (4404: the widget stops); the console drops its rows.
    expect((await doomed.client.waitClose()).code).toBe(4404);
    expect((await console.next('site.deleted')).siteId).toBe(shop.siteId);
    expect(await siteNames()).not.toContain('Doomed shop');
    expect((await call(admin, 'GET', `/conversations/${doomed.conversationId}`)).status).toBe(404);
    expect((await call(admin, 'GET', `/visitors/${doomed.visitorId}/export`)).status).toBe(404);
    expect((await call(admin, 'GET', `/sites/${shop.siteId}/articles`)).status).toBe(404);
    expect(existsSync(join(dataDir, 'uploads', doomed.fileId))).toBe(false);
    expect((await call(admin, 'GET', `/sites/${shop.siteId}/deletion`)).status).toBe(404);
    expect((await call(admin, 'DELETE', `/sites/${shop.siteId}`, { confirm: 'Doomed shop' })).status).toBe(404);
    // The widget gets the answer an unknown site gets, over HTTP and at hello.
    const config = await fetch(`${srv.url}/api/v1/widget/config?site=${shop.siteId}`, { headers: { origin: srv.url } });
    expect(config.status).toBe(404);
    expect(((await config.json()) as { error: { code: string } }).error.code).toBe('unknown_site');
    const again = await TestClient.connect(srv.wsUrl);
    again.send(visitorHello(shop.siteId));
    expect((await again.waitClose()).code).toBe(4404);

    // The other site keeps its visitor, conversation and file, and its socket stays open.
    expect((await call(admin, 'GET', `/conversations/${kept.conversationId}`)).status).toBe(200);
    expect(existsSync(join(dataDir, 'uploads', kept.fileId))).toBe(true);
    kept.client.send({ type: 'message.send', conversationId: kept.conversationId, clientId: 'after', body: 'still here' });
    expect((await kept.client.next('ack', (f) => f.clientId === 'after')).message.body).toBe('still here');
    console.close();
    kept.client.close();
  });

  it('never deletes the last site', async () => {
    for (const site of (await call<SiteListResponse>(admin, 'GET', '/sites')).body.items.slice(1)) {
      expect((await call(admin, 'DELETE', `/sites/${site.siteId}`, { confirm: site.name })).status).toBe(204);
    }
    const [last] = (await call<SiteListResponse>(admin, 'GET', '/sites')).body.items;
    expect(last!.siteId).toBe(srv.siteId);
    expect((await preview(last!.siteId)).deletable).toBe(false);
    const res = await call(admin, 'DELETE', `/sites/${last!.siteId}`, { confirm: last!.name });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'conflict', message: expect.stringMatching(/only site/) });
    expect(await siteNames()).toEqual([last!.name]);
  });
});
