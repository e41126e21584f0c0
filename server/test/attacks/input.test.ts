import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode, PROTOCOL_VERSION } from '@atendo/shared';
import { login, settle, startTestServer, TestClient } from '../helpers';
import { chattingVisitor, visitorHello } from './kit';

let srv: Awaited<ReturnType<typeof startTestServer>>;
let cookie: string;
beforeAll(async () => {
  srv = await startTestServer();
  cookie = await login(srv.url);
});
afterAll(() => srv.close());

describe('malformed frames', () => {
  it('answers malformed JSON, wrong types and unknown fields with errors and keeps the socket', async () => {
    const v = await chattingVisitor(srv.wsUrl, srv.siteId);
    const bad: [string, string][] = [
      ['{"type":"message.send",', 'invalid_json'],
      ['[1,2,3]', 'bad_request'],
      ['"just a string"', 'bad_request'],
      ['null', 'bad_request'],
      [JSON.stringify({ type: 'message.send', clientId: 'w1', body: 42 }), 'bad_request'],
      [JSON.stringify({ type: 'message.send', clientId: 'w2', body: ['a'] }), 'bad_request'],
      [JSON.stringify({ type: 'message.send', clientId: { $gt: '' }, body: 'x' }), 'bad_request'],
      [JSON.stringify({ type: 'conversation.read', conversationId: v.conversationId, seq: '1' }), 'bad_request'],
      [JSON.stringify({ type: 'conversation.read', conversationId: v.conversationId, seq: -1 }), 'bad_request'],
      [JSON.stringify({ type: { toString: 1 } }), 'unknown_type'],
      [JSON.stringify({ type: 'agent.takeover' }), 'unknown_type'],
    ];
    for (const [raw] of bad) v.client.send(raw);
    await settle(150);
    const errors = v.client.of('error').map((f) => f.code);
    expect(errors).toEqual(bad.map(([, code]) => code));
    v.client.send({ type: 'ping' });
    await v.client.next('pong');
    expect(v.client.closed).toBeNull();
    v.client.close();
  });

  it('stores a lone UTF-16 surrogate as U+FFFD, acks what it stored, and answers a retry with that same ack', async () => {
    const raw = 'retry \uDFFF x';
    const first = await TestClient.connect(srv.wsUrl);
    first.send(visitorHello(srv.siteId));
    await first.next('welcome');
    first.send({ type: 'message.send', clientId: 'lone-surrogate-0123456789abcdef', body: raw });
    const session = await first.next('session');
    const ack = await first.next('ack');
    expect(ack.message.body).toBe('retry \uFFFD x');
    first.send({ type: 'message.send', conversationId: ack.message.conversationId, clientId: 'lone-2', body: `b\uD800` });
    const ack2 = await first.next('ack', (f) => f.clientId === 'lone-2');
    first.send({ type: 'message.send', conversationId: ack.message.conversationId, clientId: 'lone-2', body: `b\uD800` });
    await settle(100);
    expect(first.of('error')).toEqual([]);
    expect(
      first
        .of('ack')
        .filter((f) => f.clientId === 'lone-2')
        .map((f) => f.message),
    ).toEqual([ack2.message, ack2.message]);
    const stored = await fetch(`${srv.url}/api/v1/conversations/${ack.message.conversationId}/messages?after=0`, { headers: { cookie } });
    const { items } = (await stored.json()) as { items: { body: string }[] };
    expect(items.map((m) => m.body)).toEqual(['retry \uFFFD x', 'b\uFFFD']);
    // A token-less retry of the first message (its session frame lost) finds the same visitor.
    first.close();
    await first.waitClose();
    const again = await TestClient.connect(srv.wsUrl);
    again.send(visitorHello(srv.siteId));
    await again.next('welcome');
    again.send({ type: 'message.send', clientId: 'lone-surrogate-0123456789abcdef', body: raw });
    expect((await again.next('session')).visitorId).toBe(session.visitorId);
    expect((await again.next('ack')).message).toEqual(ack.message);
    again.close();
  });

  it('treats __proto__ and constructor keys as unknown fields, never as prototype writes', async () => {
    const v = await chattingVisitor(srv.wsUrl, srv.siteId);
    v.client.send('{"type":"message.send","conversationId":"' + v.conversationId + '","clientId":"p1","body":"x","__proto__":{"polluted":true}}');
    v.client.send('{"type":"ping","constructor":{"prototype":{"polluted":true}}}');
    v.client.send('{"__proto__":{"type":"ping"}}');
    await settle(100);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(v.client.of('error').length).toBe(3);
    expect(v.client.of('ack').filter((f) => f.clientId === 'p1')).toEqual([]);

    const hello = await TestClient.connect(srv.wsUrl);
    hello.send('{"type":"hello","v":' + PROTOCOL_VERSION + ',"role":"visitor","siteId":"' + srv.siteId + '","__proto__":{"verified":true}}');
    expect((await hello.waitClose()).code).toBe(CloseCode.BadHello);
    v.client.close();
  });

  it('never stores a javascript: or data: page URL an agent could click', async () => {
    const v = await chattingVisitor(
      srv.wsUrl,
      srv.siteId,
      {},
      { page: { url: 'javascript:alert(document.cookie)', title: '<img src=x onerror=alert(1)>', referrer: 'data:text/html,<script>alert(1)</script>' } },
    );
    const row = (await srv.services.storage.visitors.get(v.visitorId))!;
    expect(row.lastPageUrl ?? '').toBe('');
    expect(row.referrer ?? '').toBe('');
    v.client.close();
  });

  it('refuses binary frames with an error', async () => {
    const c = await TestClient.connect(srv.wsUrl);
    c.send(visitorHello(srv.siteId));
    await c.next('welcome');
    c.ws.send(Buffer.from([0, 1, 2, 3]), { binary: true });
    expect((await c.next('error')).message).toMatch(/binary/i);
    c.close();
  });
});

describe('malformed HTTP bodies', () => {
  const post = (path: string, body: string) =>
    fetch(`${srv.url}/api/v1${path}`, { method: 'POST', headers: { cookie, origin: srv.url, 'content-type': 'application/json' }, body });

  it('answers malformed JSON, wrong types and __proto__ keys with 400 and a clear code', async () => {
    const v = await chattingVisitor(srv.wsUrl, srv.siteId);
    const path = `/conversations/${v.conversationId}/status`;
    expect((await (await post(path, '{"status":')).json()).error.code).toBe('invalid_json');
    expect((await post(path, '{"status":1}')).status).toBe(400);
    expect((await post(path, '{"status":"resolved","__proto__":{"admin":true}}')).status).toBe(400);
    expect((await post(path, '{"status":"resolved","constructor":{"prototype":{"x":1}}}')).status).toBe(400);
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
    expect((await srv.services.conversations.get(v.conversationId)).status).toBe('open');
    const login = await fetch(`${srv.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"email":["a"],"password":{}}',
    });
    expect(login.status).toBe(400);
    v.client.close();
  });

  it('refuses a body past the size limit with 413', async () => {
    const res = await post('/conversations/x/status', JSON.stringify({ status: 'x'.repeat(100_000) }));
    expect(res.status).toBe(413);
  });
});
