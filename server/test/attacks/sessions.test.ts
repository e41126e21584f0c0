import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode, PROTOCOL_VERSION } from '@atendo/shared';
import { loadConfig } from '../../src/config';
import { hashToken } from '../../src/domain/ids';
import { createApp } from '../../src/http/app';
import { login, startTestServer, TestClient } from '../helpers';
import { agentSocket, chattingVisitor } from './kit';

let srv: Awaited<ReturnType<typeof startTestServer>>;
let adminCookie: string;
let agentCookie: string;
const AGENT = { email: 'agent@example.com', password: 'agent password 123' };

// Routes anyone may call: logging in, logging out (idempotent), and the widget's public endpoints;
// attachment files are fetched by whoever holds their URL, whose random key is the credential
// (server/test/attachments.test.ts: a wrong key is 404).
// Signing in's second step carries its ticket, "forgot password" answers the same to anyone, and an
// invitation or password link's token is its credential (a wrong one is 410).
const PUBLIC = [
  /^\/api\/v1\/auth\/login\/two-factor$/,
  /^\/api\/v1\/auth\/forgot$/,
  /^\/api\/v1\/auth\/links\/:token$/,
  /^\/api\/v1\/auth\/login$/,
  /^\/api\/v1\/auth\/logout$/,
  /^\/api\/v1\/widget\//,
  /^\/api\/v1\/attachments\/:id\/:key$/,
  // The API's description (generated from the routes; it names no data).
  /^\/api\/v1\/openapi\.json$/,
];
// Routes only admins may call.
const ADMIN_ONLY = [
  /^(GET|PUT) \/api\/v1\/sites\/:id\/security$/,
  /^POST \/api\/v1\/sites\/:id\/secret$/,
  /^PUT \/api\/v1\/sites\/:id\/appearance$/,
  /^\w+ \/api\/v1\/visitors\//,
  /^(POST|PATCH) \/api\/v1\/agents(\/:id)?$/,
  /^PUT \/api\/v1\/agents\/:id\/active$/,
  /^POST \/api\/v1\/agents\/:id\/invitation$/,
  /^(GET|PUT) \/api\/v1\/auth\/team-security$/,
  /^(POST|PUT|DELETE) \/api\/v1\/canned-replies(\/:id)?$/,
  /^PUT \/api\/v1\/sites\/:id\/widget-settings$/,
  /^POST \/api\/v1\/sites\/:siteId\/articles$/,
  /^(PUT|DELETE) \/api\/v1\/articles\/:id$/,
  /^(POST|PATCH|DELETE) \/api\/v1\/sites(\/:id)?$/,
  /^GET \/api\/v1\/sites\/:id\/deletion$/,
  /^\w+ \/api\/v1\/api-tokens/,
  /^\w+ \/api\/v1\/webhooks/,
];

/** Every API route the app declares, including ones added after this test was written. */
function apiRoutes(): { method: string; path: string }[] {
  const app = createApp({ services: srv.services, config: loadConfig({ ATENDO_PUBLIC_URL: srv.url }) });
  const seen = new Map<string, { method: string; path: string }>();
  for (const r of app.routes) {
    if (r.method === 'ALL' || !r.path.startsWith('/api/v1/') || r.path.includes('*')) continue;
    seen.set(`${r.method} ${r.path}`, { method: r.method, path: r.path });
  }
  return [...seen.values()];
}

/** The stored hash of a session cookie's token (`atendo_session=<token>`). */
const sessionHash = (cookie: string) => hashToken(cookie.slice(cookie.indexOf('=') + 1));

const call = (method: string, path: string, cookie?: string) =>
  fetch(`${srv.url}${path.replace(/:[A-Za-z]+/g, 'some-id')}`, {
    method,
    headers: { 'content-type': 'application/json', origin: srv.url, ...(cookie ? { cookie } : {}) },
    ...(method === 'GET' || method === 'HEAD' ? {} : { body: '{}' }),
  });

beforeAll(async () => {
  srv = await startTestServer();
  await srv.services.agents.create({ ...AGENT, name: 'Agent Smith', role: 'agent' });
  adminCookie = await login(srv.url);
  agentCookie = await login(srv.url, AGENT);
});
afterAll(() => srv.close());

describe('without a session', () => {
  it('every console API route answers 401', async () => {
    const routes = apiRoutes().filter((r) => !PUBLIC.some((p) => p.test(r.path)));
    expect(routes.length).toBeGreaterThan(6);
    for (const r of routes) {
      const res = await call(r.method, r.path);
      expect(res.status, `${r.method} ${r.path}`).toBe(401);
      expect((await res.json()).error.code).toBe('unauthorized');
    }
  });

  it('a forged or expired session cookie is no session', async () => {
    expect((await call('GET', '/api/v1/auth/me', 'atendo_session=forged-token-value')).status).toBe(401);
    const cookie = await login(srv.url);
    // Expire every session (as time passing would): each put back with an expiry in the past.
    for (const c of [cookie, adminCookie, agentCookie]) {
      const hash = sessionHash(c);
      const agentId = await srv.services.storage.agents.deleteSession(hash);
      if (agentId) await srv.services.storage.agents.createSession({ tokenHash: hash, agentId, createdAt: Date.now() - 60_000, expiresAt: Date.now() - 1 });
    }
    expect((await call('GET', '/api/v1/auth/me', adminCookie)).status).toBe(401);
    expect((await call('GET', '/api/v1/auth/me', cookie)).status).toBe(401);
    adminCookie = await login(srv.url);
    agentCookie = await login(srv.url, { ...AGENT });
  });

  it('the agent socket refuses hello and closes with 4401', async () => {
    const c = await TestClient.connect(srv.wsUrl);
    c.send({ type: 'hello', v: PROTOCOL_VERSION, role: 'agent' });
    expect((await c.next('error')).code).toBe('unauthorized');
    expect((await c.waitClose()).code).toBe(CloseCode.Unauthorized);
  });

  it('an agent socket whose session ended answers its next frame by closing', async () => {
    const cookie = await login(srv.url);
    const a = await agentSocket(srv.wsUrl, cookie);
    const v = await chattingVisitor(srv.wsUrl, srv.siteId);
    // Every session row deleted, by hand.
    for (const { id } of await srv.services.storage.agents.list()) await srv.services.storage.agents.deleteSessions(id);
    a.send({ type: 'message.send', conversationId: v.conversationId, clientId: 'late', body: 'still here?' });
    expect((await a.waitClose()).code).toBe(CloseCode.Unauthorized);
    expect((await srv.services.conversations.messages(v.conversationId)).some((m) => m.clientId === 'late')).toBe(false);
    adminCookie = await login(srv.url);
    agentCookie = await login(srv.url, AGENT);
  });
});

describe('roles', () => {
  it('an agent reaching an admin route gets 403, an admin gets through', async () => {
    const routes = apiRoutes().filter((r) => ADMIN_ONLY.some((p) => p.test(`${r.method} ${r.path}`)));
    expect(routes.length).toBeGreaterThanOrEqual(15);
    for (const r of routes) {
      const res = await call(r.method, r.path, agentCookie);
      expect(res.status, `${r.method} ${r.path}`).toBe(403);
    }
    const sec = await fetch(`${srv.url}/api/v1/sites/${srv.siteId}/security`, { headers: { cookie: adminCookie } });
    expect(sec.status).toBe(200);
  });
});

describe('logout', () => {
  it('closes the live sockets of that session (and only those)', async () => {
    const cookie = await login(srv.url);
    const mine = await agentSocket(srv.wsUrl, cookie);
    const other = await agentSocket(srv.wsUrl, agentCookie);
    const res = await fetch(`${srv.url}/api/v1/auth/logout`, { method: 'POST', headers: { cookie, origin: srv.url } });
    expect(res.status).toBe(204);
    expect((await mine.waitClose()).code).toBe(CloseCode.Unauthorized);
    other.send({ type: 'ping' });
    await other.next('pong');
    expect(other.closed).toBeNull();
    other.close();
  });
});

describe('CSRF', () => {
  it('refuses a cross-site text/plain POST even with a valid cookie', async () => {
    const v = await chattingVisitor(srv.wsUrl, srv.siteId);
    const post = (headers: Record<string, string>) =>
      fetch(`${srv.url}/api/v1/conversations/${v.conversationId}/status`, {
        method: 'POST',
        headers: { cookie: adminCookie, ...headers },
        body: '{"status":"resolved"}',
      });
    // What a form or no-cors fetch on evil.example sends.
    const cross = await post({ 'content-type': 'text/plain', origin: 'https://evil.example' });
    expect(cross.status).toBe(403);
    // Even from our own origin, a text/plain body is refused.
    const plain = await post({ 'content-type': 'text/plain', origin: srv.url });
    expect(plain.status).toBe(400);
    // A browser that hides Origin still says the request is cross-site.
    const fetchSite = await post({ 'content-type': 'text/plain;charset=UTF-8', 'sec-fetch-site': 'cross-site' });
    expect(fetchSite.status).toBe(403);
    expect((await srv.services.conversations.get(v.conversationId)).status).toBe('open');
    // The same request as the console sends it works.
    expect((await post({ 'content-type': 'application/json', origin: srv.url })).status).toBe(200);
  });

  it('refuses a cross-site logout', async () => {
    const cookie = await login(srv.url);
    const res = await fetch(`${srv.url}/api/v1/auth/logout`, {
      method: 'POST',
      headers: { cookie, origin: 'https://evil.example', 'content-type': 'text/plain' },
    });
    expect(res.status).toBe(403);
    expect((await call('GET', '/api/v1/auth/me', cookie)).status).toBe(200);
  });
});

describe('login rate limiting', () => {
  it('refuses logins from an address after too many failures, with Retry-After, other addresses unaffected', async () => {
    const s = await startTestServer({}, { ATENDO_RATE_FAILED_LOGINS_PER_IP: '3', ATENDO_TRUST_PROXY: '1' });
    try {
      const attempt = (password: string, ip: string) =>
        fetch(`${s.url}/api/v1/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-forwarded-for': ip },
          body: JSON.stringify({ email: 'admin@example.com', password }),
        });
      for (let i = 0; i < 3; i++) expect((await attempt('wrong', '203.0.113.9')).status).toBe(401);
      const blocked = await attempt('correct horse battery', '203.0.113.9');
      expect(blocked.status).toBe(429);
      expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await blocked.json()).error.code).toBe('rate_limited');
      expect((await attempt('correct horse battery', '198.51.100.7')).status).toBe(200);
    } finally {
      await s.close();
    }
  });
});
