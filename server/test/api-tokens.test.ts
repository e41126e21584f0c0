/**
 * API tokens: admins create, list and revoke them; `Authorization: Bearer` works on the routes its
 * scopes cover and nowhere else; each token has its own rate limit with RateLimit-* headers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION, type ApiTokenListResponse, type CreatedApiTokenResponse, type InviteAgentResponse } from '@atendo/shared';
import { login, startTestServer, TestClient } from './helpers';

let srv: Awaited<ReturnType<typeof startTestServer>>;
let admin: string;
let agent: string;
let conversationId: string;
let visitorId: string;

/** A request to /api/v1 with a cookie (as the console sends it) or a bearer token, and a raw body. */
async function req(path: string, opts: { method?: string; cookie?: string; token?: string; body?: string; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.cookie) Object.assign(headers, { cookie: opts.cookie, origin: srv.url });
  if (opts.token !== undefined) headers.authorization = `Bearer ${opts.token}`;
  if (opts.body !== undefined) headers['content-type'] ??= 'application/json';
  const res = await fetch(`${srv.url}/api/v1${path}`, { method: opts.method ?? 'GET', headers, ...(opts.body !== undefined ? { body: opts.body } : {}) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? (JSON.parse(text) as Record<string, any>) : undefined };
}

async function createToken(name: string, scopes: string[]): Promise<CreatedApiTokenResponse> {
  const res = await req('/api-tokens', { method: 'POST', cookie: admin, body: JSON.stringify({ name, scopes }) });
  expect(res.status).toBe(201);
  return res.body as CreatedApiTokenResponse;
}

async function tokens(): Promise<ApiTokenListResponse['items']> {
  return ((await req('/api-tokens', { cookie: admin })).body as ApiTokenListResponse).items;
}

beforeAll(async () => {
  srv = await startTestServer({}, { ATENDO_RATE_API_REQUESTS_PER_TOKEN_PER_MINUTE: '5' });
  admin = await login(srv.url);
  const invited = await req('/agents', { method: 'POST', cookie: admin, body: JSON.stringify({ email: 'caio@example.com', name: 'Caio', role: 'agent' }) });
  agent = await login(srv.url, { email: 'caio@example.com', password: (invited.body as InviteAgentResponse).password! });
  // One conversation, from a real visitor socket.
  const visitor = await TestClient.connect(srv.wsUrl);
  visitor.send({ type: 'hello', v: PROTOCOL_VERSION, role: 'visitor', siteId: srv.siteId, page: { url: 'https://shop.example/', title: 'Shop' } });
  await visitor.next('welcome');
  visitor.send({ type: 'message.send', clientId: 'c-token-1', body: 'Is my order shipped?' });
  const ack = await visitor.next('ack');
  conversationId = ack.message.conversationId;
  visitorId = (await visitor.next('session')).visitorId;
  visitor.close();
});
afterAll(() => srv.close());

describe('API tokens', () => {
  it('are created by an admin and shown once, listed without the token, and revoked', async () => {
    const created = await createToken('CRM sync', ['visitors:read', 'conversations:read']);
    expect(created.token).toMatch(/^atd_[A-Za-z0-9_-]{43}$/);
    // Stored in the order of the scope list, whatever order they were asked in.
    expect(created).toMatchObject({ name: 'CRM sync', scopes: ['conversations:read', 'visitors:read'], prefix: created.token.slice(0, 10), lastUsedAt: null });
    expect(created.createdBy).toMatchObject({ name: expect.any(String) });

    const listed = (await tokens()).find((t) => t.id === created.id);
    expect(listed).toEqual({ ...created, token: undefined });
    expect(JSON.stringify(await tokens())).not.toContain(created.token);

    // Used: its last use is recorded.
    expect((await req('/conversations', { token: created.token })).status).toBe(200);
    await expect.poll(async () => (await tokens()).find((t) => t.id === created.id)?.lastUsedAt).toBeGreaterThan(0);

    expect((await req(`/api-tokens/${created.id}`, { method: 'DELETE', cookie: admin })).status).toBe(204);
    expect((await tokens()).some((t) => t.id === created.id)).toBe(false);
    const revoked = await req('/conversations', { token: created.token });
    expect(revoked.status).toBe(401);
    expect(revoked.body?.error).toEqual({ code: 'unauthorized', message: 'Unknown or revoked API token' });
    expect((await req(`/api-tokens/${created.id}`, { method: 'DELETE', cookie: admin })).status).toBe(404);
  });

  it('work on the routes their scopes cover and answer 403 naming the missing scope elsewhere', async () => {
    const { token } = await createToken('Reader', ['conversations:read']);
    const list = await req('/conversations?status=all', { token });
    expect(list.status).toBe(200);
    expect(list.body?.items.map((c: { id: string }) => c.id)).toContain(conversationId);
    expect((await req(`/conversations/${conversationId}/messages`, { token })).body?.items[0]).toMatchObject({ body: 'Is my order shipped?' });

    const write = await req(`/conversations/${conversationId}/status`, { method: 'POST', token, body: JSON.stringify({ status: 'resolved' }) });
    expect(write.status).toBe(403);
    expect(write.body?.error).toEqual({ code: 'forbidden', message: 'This API token lacks the scope "conversations:write"' });
    expect((await req('/reports', { token })).body?.error.message).toBe('This API token lacks the scope "reports:read"');
    expect((await req('/live/visitors', { token })).body?.error.message).toBe('This API token lacks the scope "visitors:read"');
    // "mine" is an agent's view: a token has none.
    expect((await req('/conversations?scope=mine', { token })).status).toBe(400);
  });

  it('never reach routes that are the console own: sessions, unread counts, token management', async () => {
    const { token } = await createToken('Everything', [
      'conversations:read',
      'conversations:write',
      'visitors:read',
      'visitors:write',
      'reports:read',
      'articles:write',
      'settings:write',
      'webhooks:manage',
    ]);
    for (const [method, path, body] of [
      ['GET', '/auth/me'],
      ['GET', '/conversations/counts'], // `/:id` has a scope; `/counts`, matched first, has none
      ['POST', `/conversations/${conversationId}/read`, '{"seq":1}'],
      ['GET', '/api-tokens'],
      ['POST', '/api-tokens', '{"name":"wider","scopes":["webhooks:manage"]}'],
      ['PUT', '/agents/me/status', '{"status":"online"}'],
      ['POST', '/agents', '{"email":"x@example.com","name":"X","role":"admin"}'],
    ] as const) {
      const res = await req(path, { method, token, ...(body ? { body } : {}) });
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(res.body?.error.message, `${method} ${path}`).toBe('API tokens cannot use this endpoint; it is for the console');
    }
    expect((await tokens()).some((t) => t.name === 'wider')).toBe(false);
  });

  it('a write scope changes things, from any origin, as the console would', async () => {
    const { token } = await createToken('Ticketing', ['conversations:write']);
    // The cross-site rule protects cookies; a bearer request proves itself by its token.
    const res = await req(`/conversations/${conversationId}/status`, {
      method: 'POST',
      token,
      body: JSON.stringify({ status: 'pending' }),
      headers: { origin: 'https://tickets.example' },
    });
    expect(res.status).toBe(200);
    expect(res.body?.conversation.status).toBe('pending');
    const tagged = await req(`/conversations/${conversationId}/tags`, { method: 'PUT', token, body: JSON.stringify({ tags: ['billing'] }) });
    expect(tagged.body?.conversation.tags).toEqual(['billing']);
  });

  it('with a bearer header the cookie is never used: a bad token fails even with a good cookie, a good one passes with a stale cookie', async () => {
    const { token } = await createToken('Cookie test', ['conversations:read']);
    const stale = await req('/conversations', { token, headers: { cookie: 'atendo_session=expired-or-forged' } });
    expect(stale.status).toBe(200);
    const forged = await req('/conversations', { token: 'atd_not-a-real-token', headers: { cookie: admin } });
    expect(forged.status).toBe(401);
    // Another scheme is not a token: the cookie decides (a Basic-auth proxy in front of the console).
    expect((await req('/conversations', { headers: { cookie: admin, authorization: 'Basic YWRtaW46YWRtaW4=' } })).status).toBe(200);
    expect((await req('/conversations', { headers: { authorization: 'Basic YWRtaW46YWRtaW4=' } })).status).toBe(401);
    const empty = await req('/conversations', { token: '', headers: { cookie: admin } });
    expect([empty.status, empty.body?.error.message]).toEqual([401, 'The Authorization header must be "Bearer <API token>", with the token']);
    // And a Basic header does not lift the cross-site rule from a cookie's request.
    const crossSite = await req(`/conversations/${conversationId}/status`, {
      method: 'POST',
      body: JSON.stringify({ status: 'open' }),
      headers: { cookie: admin, origin: 'https://evil.example', authorization: 'Basic YWRtaW46YWRtaW4=' },
    });
    expect(crossSite.status).toBe(403);
  });

  it('each token has its own rate limit, with RateLimit-* headers and 429 + Retry-After', async () => {
    const a = await createToken('Busy', ['reports:read']);
    const b = await createToken('Quiet', ['reports:read']);
    const remaining: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await req('/reports', { token: a.token });
      expect(res.status).toBe(200);
      expect(res.headers.get('ratelimit-limit')).toBe('5');
      expect(res.headers.get('ratelimit-policy')).toBe('5;w=60');
      remaining.push(res.headers.get('ratelimit-remaining') ?? '');
      expect(Number(res.headers.get('ratelimit-reset'))).toBeGreaterThan(0);
    }
    expect(remaining).toEqual(['4', '3', '2', '1', '0']);
    const limited = await req('/reports', { token: a.token });
    expect(limited.status).toBe(429);
    expect(limited.body?.error.code).toBe('rate_limited');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(limited.headers.get('ratelimit-remaining')).toBe('0');
    // Another token is not slowed down by the first one's traffic.
    expect((await req('/reports', { token: b.token })).status).toBe(200);
  });

  it('push a visitor’s attributes from another system (visitors:write), shown in the agents’ sidebar', async () => {
    const { token } = await createToken('CRM', ['visitors:write']);
    const body = JSON.stringify({ attributes: { plan: 'enterprise', crmId: 'C-1042' } });
    const res = await req(`/visitors/${visitorId}/attributes`, { method: 'PUT', token, body });
    expect(res.status).toBe(200);
    expect(res.body?.visitor.attributes).toEqual({ plan: 'enterprise', crmId: 'C-1042' });
    const profile = await req(`/live/visitors/${visitorId}`, { cookie: admin });
    expect(profile.body?.visitor.attributes).toEqual({ plan: 'enterprise', crmId: 'C-1042' });

    const reader = await createToken('Reader of visitors', ['visitors:read']);
    expect((await req(`/visitors/${visitorId}/attributes`, { method: 'PUT', token: reader.token, body })).status).toBe(403);
    expect((await req('/visitors/abcdefghijklmnop/attributes', { method: 'PUT', token, body })).status).toBe(404);
    const tooMany = JSON.stringify({ attributes: Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`k${i}`, 'v'])) });
    const refused = await req(`/visitors/${visitorId}/attributes`, { method: 'PUT', token, body: tooMany });
    expect([refused.status, refused.body?.error.message]).toEqual([400, 'attributes: At most 20 attributes']);
    expect((await req(`/live/visitors/${visitorId}`, { cookie: admin })).body?.visitor.attributes).toEqual({ plan: 'enterprise', crmId: 'C-1042' });
  });

  it('are managed by admins only', async () => {
    expect((await req('/api-tokens', { cookie: agent })).status).toBe(403);
    expect((await req('/api-tokens', { method: 'POST', cookie: agent, body: '{"name":"mine","scopes":["reports:read"]}' })).status).toBe(403);
    expect((await req('/api-tokens')).status).toBe(401);
  });

  it('refuses bad input with a clear error and stores nothing', async () => {
    const before = (await tokens()).length;
    for (const [body, message] of [
      ['{"name":', /not valid JSON/],
      ['{"name":"x","scopes":["conversations:delete"]}', /Unknown scope/],
      ['{"name":"x","scopes":[]}', /at least one scope/],
      ['{"name":"x","scopes":["reports:read","reports:read"]}', /listed twice/],
      ['{"name":"","scopes":["reports:read"]}', /Name is required/],
      [JSON.stringify({ name: 'x'.repeat(81), scopes: ['reports:read'] }), /name/],
      ['{"name":"x","scopes":["reports:read"],"admin":true}', /admin/],
      ['["reports:read"]', /name/],
    ] as const) {
      const res = await req('/api-tokens', { method: 'POST', cookie: admin, body });
      expect(res.status, body).toBe(400);
      expect(res.body?.error.message, body).toMatch(message);
    }
    const huge = await req('/api-tokens', {
      method: 'POST',
      cookie: admin,
      body: JSON.stringify({ name: 'x', scopes: ['reports:read'], pad: 'x'.repeat(70_000) }),
    });
    expect(huge.status).toBe(413);
    expect(huge.body?.error.code).toBe('payload_too_large');
    const wrongType = await req('/api-tokens', {
      method: 'POST',
      cookie: admin,
      body: 'name=x',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(wrongType.status).toBe(400);
    expect((await req('/api-tokens/not%20an%20id', { method: 'DELETE', cookie: admin })).status).toBe(400);
    expect((await tokens()).length).toBe(before);
  });
});
