import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, login, startTestServer } from './helpers';

let srv: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(() => srv.close());

const post = (path: string, body: string, headers: Record<string, string> = {}) =>
  fetch(`${srv.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

describe('HTTP API', () => {
  it('answers /healthz', async () => {
    const res = await fetch(`${srv.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true });
  });

  it('logs in with the right password and sets an httpOnly SameSite cookie', async () => {
    const res = await post('/api/v1/auth/login', JSON.stringify(ADMIN));
    expect(res.status).toBe(200);
    expect((await res.json()).agent).toMatchObject({ email: ADMIN.email, role: 'admin' });
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/atendo_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
  });

  it('refuses a wrong password with a clear error', async () => {
    const res = await post('/api/v1/auth/login', JSON.stringify({ ...ADMIN, password: 'nope' }));
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: { code: 'invalid_credentials', message: 'Wrong e-mail or password' } });
  });

  it('refuses malformed JSON, a missing field, and a non-JSON body', async () => {
    const bad = await post('/api/v1/auth/login', '{"email":');
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.code).toBe('invalid_json');

    const missing = await post('/api/v1/auth/login', JSON.stringify({ email: ADMIN.email }));
    expect(missing.status).toBe(400);
    expect((await missing.json()).error.message).toMatch(/password/);

    const text = await fetch(`${srv.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify(ADMIN) });
    expect(text.status).toBe(400);
    expect((await text.json()).error.message).toMatch(/application\/json/);
  });

  it('refuses a cross-site POST even with a valid cookie', async () => {
    const cookie = await login(srv.url);
    const res = await post('/api/v1/conversations/x/status', JSON.stringify({ status: 'resolved' }), { cookie, origin: 'https://evil.example' });
    expect(res.status).toBe(403);
    expect((await res.json()).error.code).toBe('forbidden');
  });

  it('keeps the console API behind a session', async () => {
    for (const path of ['/api/v1/conversations', '/api/v1/sites', '/api/v1/auth/me', '/api/v1/conversations/abc/messages']) {
      const res = await fetch(`${srv.url}${path}`);
      expect(res.status, path).toBe(401);
      expect((await res.json()).error.code).toBe('unauthorized');
    }
  });

  it('lists sites with a snippet to paste', async () => {
    const cookie = await login(srv.url);
    const res = await fetch(`${srv.url}/api/v1/sites`, { headers: { cookie } });
    const { items } = await res.json();
    expect(items).toHaveLength(1);
    expect(items[0].snippet).toBe(`<script async src="${srv.url}/widget.js" data-site="${srv.siteId}"></script>`);
  });

  it('serves the public widget config with CORS, and 404 for an unknown site', async () => {
    await srv.services.sites.setSecurity(srv.siteId, { allowedOrigins: ['https://shop.example'], identityRequired: false });
    const ok = await fetch(`${srv.url}/api/v1/widget/config?site=${srv.siteId}`, { headers: { origin: 'https://shop.example' } });
    await srv.services.sites.setSecurity(srv.siteId, { allowedOrigins: [], identityRequired: false });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    expect((await ok.json()).config).toMatchObject({ siteId: srv.siteId, teamName: 'Support team' });

    // Visitors' bandwidth: gzipped when asked for (fetch decodes it), plain otherwise.
    const zipped = await fetch(`${srv.url}/api/v1/widget/config?site=${srv.siteId}`, { headers: { 'accept-encoding': 'gzip' } });
    expect(zipped.headers.get('content-encoding')).toBe('gzip');
    expect(zipped.headers.get('vary')).toMatch(/Accept-Encoding/);
    // Without an Origin (a same-origin page) the answer has no CORS headers: caches must key on Origin.
    expect(zipped.headers.get('vary')).toMatch(/Origin/);
    expect((await zipped.json()).config).toMatchObject({ siteId: srv.siteId });

    const unknown = await fetch(`${srv.url}/api/v1/widget/config?site=nope`);
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error.code).toBe('unknown_site');
  });

  it("tells the loader the bubble's look and the site's proactive messages, and 204 when there is nothing to say", async () => {
    const hint = () => fetch(`${srv.url}/api/v1/widget/loader?site=${srv.siteId}`);
    const none = await hint();
    expect(none.status).toBe(204);
    expect(await none.text()).toBe('');
    expect(none.headers.get('cache-control')).toBe('public, max-age=60');
    // Fetched on every page view: none of the page-level security headers.
    expect(none.headers.get('content-security-policy')).toBeNull();
    expect(none.headers.get('x-frame-options')).toBeNull();
    const before = await srv.services.sites.widgetSettings(srv.siteId);
    const look = await srv.services.sites.widgetConfig(srv.siteId);
    const trigger = (id: string, timeOnPageSec: number, enabled = true) => ({ id, name: id, message: 'Hi', enabled, timeOnPageSec });
    await srv.services.sites.setWidgetSettings(srv.siteId, {
      ...before,
      triggers: [trigger('a', 30), { ...trigger('b', 8), urlPattern: '*/pricing*' }, trigger('off', 1, false)],
    });
    try {
      const some = await hint();
      expect(some.status).toBe(200);
      expect(some.headers.get('x-content-type-options')).toBe('nosniff');
      expect(await some.json()).toEqual({
        proactive: [
          [30, '', 'a'],
          [8, '*/pricing*', 'b'],
        ],
      });
      await srv.services.sites.setAppearance(srv.siteId, {
        color: '#FDE047',
        position: 'left',
        teamName: look.teamName,
        greeting: look.greeting,
        launcherLabel: 'Fale "conosco" </style>',
      });
      const styled = await (await hint()).json();
      expect(styled.css).toContain(':host{--atendo-accent:#fde047;--atendo-on-accent:#111111}');
      expect(styled.css).toContain('left:max(20px');
      // The label is a CSS string with everything but letters, digits and spaces escaped.
      expect(styled.css).toContain('content:"Fale \\22 conosco\\22  \\3c \\2f style\\3e "');
      expect(styled.css).not.toMatch(/[<>]/);
      const unknown = await fetch(`${srv.url}/api/v1/widget/loader?site=nope`);
      expect(unknown.status).toBe(404);
      const foreign = await fetch(`${srv.url}/api/v1/widget/loader?site=${srv.siteId}`, { headers: { origin: 'https://evil.example' } });
      expect(foreign.status).toBe(403);
    } finally {
      await srv.services.sites.setWidgetSettings(srv.siteId, before);
      await srv.services.sites.setAppearance(srv.siteId, {
        color: look.color,
        position: look.position ?? 'right',
        teamName: look.teamName,
        greeting: look.greeting,
        launcherLabel: look.launcherLabel ?? '',
      });
    }
  });

  it('validates query strings', async () => {
    const cookie = await login(srv.url);
    const res = await fetch(`${srv.url}/api/v1/conversations?status=banana`, { headers: { cookie } });
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe('bad_request');
  });

  it('answers unknown API paths and unknown conversations with 404 JSON', async () => {
    const cookie = await login(srv.url);
    const a = await fetch(`${srv.url}/api/v1/nothing-here`, { headers: { cookie } });
    expect(a.status).toBe(404);
    const b = await fetch(`${srv.url}/api/v1/conversations/nope`, { headers: { cookie } });
    expect(b.status).toBe(404);
    expect((await b.json()).error.code).toBe('not_found');
  });

  it('logs out: the cookie stops working', async () => {
    const cookie = await login(srv.url);
    expect((await fetch(`${srv.url}/api/v1/auth/me`, { headers: { cookie } })).status).toBe(200);
    expect((await post('/api/v1/auth/logout', '', { cookie })).status).toBe(204);
    expect((await fetch(`${srv.url}/api/v1/auth/me`, { headers: { cookie } })).status).toBe(401);
  });

  it('serves the demo page with the snippet pasted in', async () => {
    const res = await fetch(`${srv.url}/demo`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(`data-site="${srv.siteId}"`);
    expect(html).toContain('src="/widget.js"');
  });
});
