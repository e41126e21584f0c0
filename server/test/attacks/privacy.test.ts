import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode, type VisitorExport } from '@atendo/shared';
import { login, startTestServer, TestClient } from '../helpers';
import { agentSocket, chattingVisitor, visitorHello } from './kit';

let srv: Awaited<ReturnType<typeof startTestServer>>;
let cookie: string;
beforeAll(async () => {
  srv = await startTestServer();
  cookie = await login(srv.url);
});
afterAll(() => srv.close());

const api = (method: string, path: string, body?: unknown) =>
  fetch(`${srv.url}/api/v1${path}`, {
    method,
    headers: { cookie, origin: srv.url, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });

describe('allowed origins, edited by an admin', () => {
  it('normalizes origins, refuses wildcards and paths, and takes effect at once', async () => {
    const bad = await api('PUT', `/sites/${srv.siteId}/security`, { allowedOrigins: ['https://*.example.com'], identityRequired: false });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toMatch(/allowedOrigins/);
    for (const o of ['shop.example', 'https://shop.example/path', 'javascript:alert(1)', 'https://user@shop.example']) {
      expect((await api('PUT', `/sites/${srv.siteId}/security`, { allowedOrigins: [o], identityRequired: false })).status, o).toBe(400);
    }
    const ok = await api('PUT', `/sites/${srv.siteId}/security`, {
      allowedOrigins: ['https://Shop.Example/', 'https://shop.example:443'],
      identityRequired: false,
    });
    expect(ok.status).toBe(200);
    expect((await ok.json()).security.allowedOrigins).toEqual(['https://shop.example']);

    const c = await TestClient.connect(srv.wsUrl, { origin: 'https://shop.example' });
    c.send(visitorHello(srv.siteId));
    await c.next('welcome');
    c.close();
  });

  it('rotates the secret on request', async () => {
    const before = (await (await api('GET', `/sites/${srv.siteId}/security`)).json()).security.secret;
    const after = (await (await api('POST', `/sites/${srv.siteId}/secret`)).json()).security.secret;
    expect(after).not.toBe(before);
    expect(after.length).toBeGreaterThanOrEqual(40);
  });
});

describe('visitor export and erasure (LGPD/GDPR)', () => {
  it('exports the visitor with every conversation and message as JSON', async () => {
    const v = await chattingVisitor(srv.wsUrl, srv.siteId);
    const res = await api('GET', `/visitors/${v.visitorId}/export`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/attachment/);
    const data = (await res.json()) as VisitorExport;
    expect(data.visitor.id).toBe(v.visitorId);
    expect(data.conversations).toHaveLength(1);
    expect(data.conversations[0]?.messages.map((m) => m.body)).toEqual(['Hello there']);
    expect(JSON.stringify(data)).not.toMatch(/token|tokenHash|token_hash/);
    v.client.close();
  });

  it('deletes the visitor, their conversations and messages, and closes their sockets', async () => {
    const agent = await agentSocket(srv.wsUrl, cookie);
    const v = await chattingVisitor(srv.wsUrl, srv.siteId);
    const res = await api('DELETE', `/visitors/${v.visitorId}`);
    expect(res.status).toBe(204);
    expect((await v.client.waitClose()).code).toBe(CloseCode.Unauthorized);
    expect(await srv.services.storage.conversations.messagesAfter(v.conversationId, 0, 1_000_000)).toEqual([]);
    expect(await srv.services.storage.conversations.get(v.conversationId)).toBeUndefined();
    expect((await api('GET', `/conversations/${v.conversationId}`)).status).toBe(404);
    expect((await api('GET', `/visitors/${v.visitorId}/export`)).status).toBe(404);
    // Nor can search find what was erased.
    const search = await api('GET', `/search?q=${encodeURIComponent('Hello there')}`);
    expect(search.status).toBe(200);
    expect(JSON.stringify(await search.json())).not.toContain(v.conversationId);
    expect((await api('DELETE', `/visitors/${v.visitorId}`)).status).toBe(404);
    // The old token is worthless now.
    const again = await TestClient.connect(srv.wsUrl);
    again.send(visitorHello(srv.siteId, { token: v.token }));
    expect((await again.waitClose()).code).toBe(CloseCode.Unauthorized);
    agent.close();
  });

  it('creates no visitor row before the visitor writes', async () => {
    const count = () => srv.services.storage.visitors.count();
    const before = await count();
    const c = await TestClient.connect(srv.wsUrl);
    c.send(visitorHello(srv.siteId, { page: { url: 'https://shop.example/p', title: 'P' } }));
    await c.next('welcome');
    c.send({ type: 'ping' });
    await c.next('pong');
    expect(await count()).toBe(before);
    c.close();
  });
});
