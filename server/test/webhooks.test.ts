/**
 * Webhooks through a real server: endpoints over the API (admins only, every input checked, nothing
 * stored on a 400), and every event type from a real chat (visitor socket, agent socket, REST)
 * arriving at a real receiver on 127.0.0.1 that verifies each request with `standardwebhooks`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION, type WebhookWithSecret } from '@atendo/shared';
import { login, startTestServer, TestClient } from './helpers';
import { Receiver } from './webhook-receiver';

let srv: Awaited<ReturnType<typeof startTestServer>>;
let admin: string;
let receiver: Receiver;

beforeAll(async () => {
  srv = await startTestServer({ webhooks: { pollMs: 200, retryScheduleMs: [100, 100] } }, { ATENDO_WEBHOOK_ALLOW_PRIVATE: '1' });
  admin = await login(srv.url);
  receiver = await Receiver.start();
});
afterAll(async () => {
  await srv.close();
  await receiver.close();
});

async function call<T = unknown>(
  method: string,
  path: string,
  body?: unknown,
  opts: { cookie?: string; raw?: string } = {},
): Promise<{ status: number; body: T }> {
  const hasBody = body !== undefined || opts.raw !== undefined;
  const res = await fetch(`${srv.url}/api/v1${path}`, {
    method,
    headers: { cookie: opts.cookie ?? admin, origin: srv.url, ...(hasBody ? { 'content-type': 'application/json' } : {}) },
    ...(hasBody ? { body: opts.raw ?? JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
}

const ALL = [
  'conversation.created',
  'conversation.status_changed',
  'conversation.assigned',
  'message.created',
  'conversation.rated',
  'visitor.identified',
  'visitor.erased',
];

describe('webhook endpoints over the API', () => {
  it('creates an endpoint with a whsec_ secret, lists it without the secret, gives the secret to admins only', async () => {
    const created = await call<WebhookWithSecret>('POST', '/webhooks', { url: receiver.url, events: ['message.created'] });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ url: receiver.url, events: ['message.created'], siteId: null, state: 'active' });
    expect(created.body.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const list = await call<{ items: Record<string, unknown>[] }>('GET', '/webhooks');
    const listed = list.body.items.find((e) => e.id === created.body.id)!;
    expect(listed).not.toHaveProperty('secret');
    expect((await call<WebhookWithSecret>('GET', `/webhooks/${created.body.id}/secret`)).body.secret).toBe(created.body.secret);
    expect((await call('DELETE', `/webhooks/${created.body.id}`)).status).toBe(204);
    expect((await call('GET', `/webhooks/${created.body.id}`)).status).toBe(404);
  });

  it('refuses bad input on every route with a 400 and stores nothing', async () => {
    const before = (await call<{ items: unknown[] }>('GET', '/webhooks')).body.items.length;
    const ok = await call<WebhookWithSecret>('POST', '/webhooks', { url: receiver.url, events: ['message.created'] });
    const id = ok.body.id;
    const bad: [string, string, unknown, string?][] = [
      ['POST', '/webhooks', undefined, '{"url":'],
      ['POST', '/webhooks', { url: receiver.url }],
      ['POST', '/webhooks', { url: receiver.url, events: [] }],
      ['POST', '/webhooks', { url: receiver.url, events: ['nope'] }],
      ['POST', '/webhooks', { url: receiver.url, events: ['message.created', 'message.created'] }],
      ['POST', '/webhooks', { url: receiver.url, events: ['message.created'], extra: 1 }],
      ['POST', '/webhooks', { url: 'ftp://example.com/', events: ['message.created'] }],
      ['POST', '/webhooks', { url: 'http://user:pw@example.com/', events: ['message.created'] }],
      ['POST', '/webhooks', { url: `http://example.com/${'a'.repeat(3000)}`, events: ['message.created'] }],
      ['POST', '/webhooks', { url: receiver.url, events: ['message.created'], siteId: 'no-such-site' }],
      ['POST', '/webhooks', { url: receiver.url, events: ['message.created'], pad: 'x'.repeat(10_000) }],
      ['PATCH', `/webhooks/${id}`, {}],
      ['PATCH', `/webhooks/${id}`, { url: 'not a url' }],
      ['PATCH', `/webhooks/${id}`, { enabled: 'yes' }],
      ['PATCH', `/webhooks/${id}`, undefined, '[1,'],
      ['PATCH', '/webhooks/bad%20id', { enabled: true }],
      ['POST', `/webhooks/${id}/rotate-secret`, { please: true }],
      ['POST', `/webhooks/${id}/test`, undefined, 'not json'],
      ['POST', `/webhooks/${id}/deliveries/nope/resend`, {}],
      ['GET', `/webhooks/${id}/deliveries?limit=0`, undefined],
      ['GET', `/webhooks/${id}/deliveries?limit=5000`, undefined],
      ['GET', `/webhooks/${id}/deliveries?before=x`, undefined],
      ['GET', `/webhooks/${id}/deliveries?other=1`, undefined],
    ];
    for (const [method, path, body, raw] of bad) {
      const res = await call<{ error: { code: string } }>(method, path, body, { raw });
      expect(res.status, `${method} ${path} ${raw ?? JSON.stringify(body)?.slice(0, 80)}`).toBe(400);
    }
    const after = await call<{ items: WebhookWithSecret[] }>('GET', '/webhooks');
    expect(after.body.items).toHaveLength(before + 1);
    // Neither the PATCHes nor the rotation changed the endpoint, and no test delivery was queued.
    expect(after.body.items.find((e) => e.id === id)).toMatchObject({
      url: receiver.url,
      state: 'active',
      previousSecretUntil: null,
      updatedAt: ok.body.updatedAt,
    });
    expect((await call<{ items: unknown[] }>('GET', `/webhooks/${id}/deliveries`)).body.items).toEqual([]);
    await call('DELETE', `/webhooks/${id}`);
  });

  it('is for admins only: agents get 403, strangers 401', async () => {
    const invited = await call<{ agent: { id: string }; password?: string }>('POST', '/agents', { email: 'plain@example.com', name: 'Plain', role: 'agent' });
    expect(invited.status).toBe(201);
    const agentCookie = await login(srv.url, { email: 'plain@example.com', password: invited.body.password! });
    for (const [method, path] of [
      ['GET', '/webhooks'],
      ['POST', '/webhooks'],
      ['PATCH', '/webhooks/x'],
      ['DELETE', '/webhooks/x'],
      ['GET', '/webhooks/x/secret'],
      ['POST', '/webhooks/x/rotate-secret'],
      ['GET', '/webhooks/x/deliveries'],
      ['POST', '/webhooks/x/test'],
    ] as const) {
      const body = method === 'GET' || method === 'DELETE' ? undefined : { url: receiver.url, events: ['message.created'] };
      expect((await call(method, path, body, { cookie: agentCookie })).status, `${method} ${path}`).toBe(403);
      expect((await call(method, path, body, { cookie: 'x=y' })).status, `${method} ${path}`).toBe(401);
    }
    expect((await call<{ items: unknown[] }>('GET', '/webhooks')).body.items).toEqual([]);
  });
});

describe('events from a real chat', () => {
  it('sends every event type, verified, never a note', async () => {
    const hook = (await call<WebhookWithSecret>('POST', '/webhooks', { url: receiver.url, events: ALL, siteId: srv.siteId })).body;
    receiver.secrets = [hook.secret];
    const agent = await TestClient.connect(srv.wsUrl, { cookie: admin, origin: srv.url });
    agent.send({ type: 'hello', v: PROTOCOL_VERSION, role: 'agent' });
    const { agent: me } = (await agent.next('welcome')) as unknown as { agent: { id: string } };

    const visitor = await TestClient.connect(srv.wsUrl);
    visitor.send({ type: 'hello', v: PROTOCOL_VERSION, role: 'visitor', siteId: srv.siteId });
    await visitor.next('welcome');
    visitor.send({ type: 'message.send', clientId: 'v1-aaaaaaaaaaaaaaaa', body: 'Where is my order?' });
    const conversationId = (await visitor.next('ack')).message.conversationId;
    const visitorId = (await visitor.next('session')).visitorId;
    visitor.send({ type: 'contact', name: 'Ana', email: 'ana@example.com' });
    agent.send({ type: 'message.send', conversationId, clientId: 'a1', body: 'On its way' });
    await agent.next('ack');
    expect((await call('POST', `/conversations/${conversationId}/notes`, { body: 'SECRET NOTE' })).status).toBe(201);
    expect((await call('POST', `/conversations/${conversationId}/assign`, { agentId: me.id })).status).toBe(200);
    expect((await call('POST', `/conversations/${conversationId}/status`, { status: 'resolved' })).status).toBe(200);
    visitor.send({ type: 'conversation.rate', conversationId, clientId: 'r1', csat: 5 });
    await visitor.next('conversation.rated');
    expect((await call('DELETE', `/visitors/${visitorId}`)).status).toBe(204);

    await receiver.next((r) => r.payload.type === 'visitor.erased');
    const created = await receiver.next((r) => r.payload.type === 'conversation.created');
    expect(created.payload.data).toMatchObject({ conversation: { id: conversationId, siteId: srv.siteId } });
    // Deliveries run side by side: they arrive in any order (the payload's seq says the message's place).
    const messages = receiver
      .of('message.created')
      .map((r) => r.payload.data.message as { author: string; body: string; seq: number })
      .sort((a, b) => a.seq - b.seq);
    expect(messages.map((m) => [m.author, m.body])).toEqual([
      ['visitor', 'Where is my order?'],
      ['agent', 'On its way'],
    ]);
    expect((await receiver.next((r) => r.payload.type === 'visitor.identified')).payload.data).toMatchObject({
      visitor: { id: visitorId, name: 'Ana', email: 'ana@example.com', verified: false },
    });
    expect((await receiver.next((r) => r.payload.type === 'conversation.assigned')).payload.data).toMatchObject({
      previousAssigneeId: null,
      assignee: { id: me.id },
      conversation: { id: conversationId, assigneeId: me.id },
    });
    expect((await receiver.next((r) => r.payload.type === 'conversation.status_changed')).payload.data).toMatchObject({
      previousStatus: 'open',
      conversation: { status: 'resolved' },
    });
    expect((await receiver.next((r) => r.payload.type === 'conversation.rated')).payload.data).toMatchObject({ rating: { csat: 5 } });
    expect(receiver.of('visitor.erased')[0]!.payload.data).toEqual({ visitor: { id: visitorId, siteId: srv.siteId } });
    // Every request verified with the endpoint's secret, with the spec's headers and body.
    for (const r of receiver.received) {
      expect(r.verifiedBy).toEqual([hook.secret]);
      expect(r.id).toMatch(/^msg_/);
      expect(r.headers['content-type']).toBe('application/json');
      expect(r.headers['user-agent']).toMatch(/Atendo/);
      expect(Object.keys(r.payload).sort()).toEqual(['data', 'timestamp', 'type']);
      expect(r.body).not.toContain('SECRET NOTE');
    }
    expect(new Set(receiver.received.map((r) => r.id)).size).toBe(receiver.received.length);
    // The delivery log shows each one delivered, with its attempt (recorded a few milliseconds after the answer: attempts are written in batches).
    const log = () => call<{ items: { state: string; attemptLog: { status: number }[] }[] }>('GET', `/webhooks/${hook.id}/deliveries?limit=100`);
    await expect
      .poll(async () => (await log()).body.items.filter((d) => d.state === 'delivered' && d.attemptLog[0]?.status === 200).length)
      .toBe(receiver.received.length);
    expect((await log()).body.items.length).toBe(receiver.received.length);
    agent.close();
    visitor.close();
    await call('DELETE', `/webhooks/${hook.id}`);
  });

  it('sends a test event through the outbox and resends a delivery with the same webhook-id', async () => {
    const hook = (await call<WebhookWithSecret>('POST', '/webhooks', { url: receiver.url, events: ['message.created'] })).body;
    receiver.secrets = [hook.secret];
    const test = await call<{ deliveryId: string }>('POST', `/webhooks/${hook.id}/test`);
    expect(test.status).toBe(202);
    const first = await receiver.next((r) => r.id === test.body.deliveryId);
    expect(first.payload).toMatchObject({ type: 'webhook.test', data: { endpointId: hook.id } });
    expect(first.verifiedBy).toEqual([hook.secret]);
    await new Promise((r) => setTimeout(r, 100));
    expect((await call('POST', `/webhooks/${hook.id}/deliveries/${test.body.deliveryId}/resend`)).status).toBe(202);
    await receiver.next((r) => r.id === test.body.deliveryId && r !== first);
    expect(receiver.received.filter((r) => r.id === test.body.deliveryId)).toHaveLength(2);
    await call('DELETE', `/webhooks/${hook.id}`);
  });
});
