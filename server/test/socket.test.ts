import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode, LIMITS, PROTOCOL_VERSION } from '@atendo/shared';
import { login, settle, startTestServer, TestClient } from './helpers';

let srv: Awaited<ReturnType<typeof startTestServer>>;
let cookie: string;
beforeAll(async () => {
  srv = await startTestServer();
  cookie = await login(srv.url);
});
afterAll(() => srv.close());

const visitorHello = (extra: Record<string, unknown> = {}) => ({ type: 'hello', v: PROTOCOL_VERSION, role: 'visitor', siteId: srv.siteId, ...extra });

async function agent(): Promise<TestClient> {
  const c = await TestClient.connect(srv.wsUrl, { cookie, origin: srv.url });
  c.send({ type: 'hello', v: PROTOCOL_VERSION, role: 'agent' });
  await c.next('welcome');
  return c;
}

async function newVisitor(): Promise<{ client: TestClient; token: string; conversationId: string }> {
  const client = await TestClient.connect(srv.wsUrl);
  client.send(visitorHello());
  await client.next('welcome');
  client.send({ type: 'message.send', clientId: 'first', body: 'Hello there' });
  const session = await client.next('session');
  const ack = await client.next('ack');
  return { client, token: session.token, conversationId: ack.message.conversationId };
}

describe('visitor ↔ agent over /ws', () => {
  it('creates nothing until the visitor writes; the first message opens a conversation', async () => {
    const a = await agent();
    const v = await TestClient.connect(srv.wsUrl);
    v.send(visitorHello());
    const welcome = await v.next('welcome');
    expect(welcome).toMatchObject({ role: 'visitor', visitorId: null, conversations: [] });

    v.send({ type: 'message.send', clientId: 'c1', body: '  Do you ship to Lisbon?  ' });
    const session = await v.next('session');
    expect(session.token.length).toBeGreaterThan(30);
    const ack = await v.next('ack');
    expect(ack.message).toMatchObject({ seq: 1, clientId: 'c1', author: 'visitor', body: 'Do you ship to Lisbon?' });

    const conv = await a.next('conversation', (f) => f.conversation.id === ack.message.conversationId);
    expect(conv.conversation).toMatchObject({ status: 'open', lastMessagePreview: 'Do you ship to Lisbon?' });
    const seen = await a.next('message', (f) => f.message.id === ack.message.id);
    expect(seen.message.body).toBe('Do you ship to Lisbon?');
    a.close();
    v.close();
  });

  it('delivers an agent reply to the visitor at once, with the agent name', async () => {
    const a = await agent();
    const { client: v, conversationId } = await newVisitor();
    a.send({ type: 'message.send', conversationId, clientId: 'r1', body: 'Yes, in 2 days.' });
    const ack = await a.next('ack', (f) => f.clientId === 'r1');
    expect(ack.message).toMatchObject({ seq: 2, author: 'agent', authorName: 'Admin' });
    const got = await v.next('message', (f) => f.message.clientId === 'r1');
    expect(got.message.body).toBe('Yes, in 2 days.');
    // The sender gets an ack, not a second copy.
    await settle();
    expect(a.of('message').filter((f) => f.message.clientId === 'r1')).toHaveLength(0);
    a.close();
    v.close();
  });

  it('resumes with the token: welcome lists the conversation and replays what was missed', async () => {
    const a = await agent();
    const { client: v1, token, conversationId } = await newVisitor();
    v1.close();
    a.send({ type: 'message.send', conversationId, clientId: 'while-away', body: 'Are you still there?' });
    await a.next('ack', (f) => f.clientId === 'while-away');

    const v2 = await TestClient.connect(srv.wsUrl);
    v2.send(visitorHello({ token, resume: { [conversationId]: 1 } }));
    const welcome = await v2.next('welcome');
    expect(welcome).toMatchObject({ conversations: [{ id: conversationId, status: 'open', lastSeq: 2 }] });
    const replayed = await v2.next('message');
    expect(replayed.message).toMatchObject({ seq: 2, body: 'Are you still there?' });
    await settle();
    expect(v2.of('message')).toHaveLength(1);
    a.close();
    v2.close();
  });

  it('a lazy hello (panel closed) replays nothing, yet delivers what is new and answers history.get', async () => {
    const a = await agent();
    const { client: v1, token, conversationId } = await newVisitor();
    v1.close();
    a.send({ type: 'message.send', conversationId, clientId: 'lazy-away', body: 'Sent while you were away' });
    await a.next('ack', (f) => f.clientId === 'lazy-away');

    const v2 = await TestClient.connect(srv.wsUrl);
    v2.send(visitorHello({ token, lazy: true }));
    const welcome = await v2.next('welcome');
    expect(welcome).toMatchObject({ conversations: [{ id: conversationId, lastSeq: 2 }] });
    a.send({ type: 'message.send', conversationId, clientId: 'lazy-new', body: 'And a new one' });
    const live = await v2.next('message');
    expect(live.message).toMatchObject({ seq: 3, body: 'And a new one' });
    await settle();
    expect(v2.of('message')).toHaveLength(1);
    // The panel opens: the widget asks for the rest.
    v2.send({ type: 'history.get', conversationId, after: 0 });
    const history = await v2.next('history');
    expect(history.messages.map((m) => m.seq)).toEqual([1, 2, 3]);
    a.close();
    v2.close();
  });

  it('returns the original ack for a retried client id and stores one row', async () => {
    const { client: v, conversationId } = await newVisitor();
    v.send({ type: 'message.send', conversationId, clientId: 'dup', body: 'once' });
    v.send({ type: 'message.send', conversationId, clientId: 'dup', body: 'once' });
    await settle(100);
    const acks = v.of('ack').filter((f) => f.clientId === 'dup');
    expect(acks).toHaveLength(2);
    expect(acks[0]?.message.id).toBe(acks[1]?.message.id);
    expect((await srv.services.conversations.messages(conversationId)).filter((m) => m.clientId === 'dup')).toHaveLength(1);
    v.close();
  });

  it('tells the visitor when the conversation is resolved', async () => {
    const { client: v, conversationId } = await newVisitor();
    const res = await fetch(`${srv.url}/api/v1/conversations/${conversationId}/status`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ status: 'resolved' }),
    });
    expect(res.status).toBe(200);
    const status = await v.next('conversation.status');
    expect(status.conversation).toMatchObject({ id: conversationId, status: 'resolved' });
    v.close();
  });

  it('never shows one visitor the messages of another', async () => {
    const one = await newVisitor();
    const two = await newVisitor();
    two.client.send({ type: 'message.send', conversationId: one.conversationId, clientId: 'x', body: 'sneaky' });
    const err = await two.client.next('error');
    expect(err).toMatchObject({ code: 'not_found', clientId: 'x' });
    one.client.send({ type: 'message.send', conversationId: one.conversationId, clientId: 'private', body: 'my address is…' });
    await one.client.next('ack', (f) => f.clientId === 'private');
    await settle();
    expect(two.client.of('message').some((f) => f.message.conversationId === one.conversationId)).toBe(false);
    one.client.close();
    two.client.close();
  });
});

describe('bad input on /ws', () => {
  it('answers malformed JSON, an unknown type and a missing field with error frames and stays up', async () => {
    const { client: v } = await newVisitor();
    v.send('{not json');
    expect(await v.next('error', (f) => f.code === 'invalid_json')).toBeTruthy();
    v.send({ type: 'launch.missiles' });
    expect((await v.next('error', (f) => f.code === 'unknown_type')).message).toMatch(/launch\.missiles/);
    v.send({ type: 'message.send', body: 'no client id' });
    expect((await v.next('error', (f) => f.code === 'bad_request')).message).toMatch(/clientId/);
    v.send({ type: 'message.send', clientId: 'too-long', body: 'x'.repeat(LIMITS.messageLength + 1) });
    expect((await v.next('error', (f) => f.clientId === 'too-long')).code).toBe('bad_request');
    // Still alive and useful.
    v.send({ type: 'ping' });
    expect(await v.next('pong')).toEqual({ type: 'pong' });
    v.close();
  });

  it('closes with 4400 when the first frame is not a hello, or speaks another version', async () => {
    const a = await TestClient.connect(srv.wsUrl);
    a.send({ type: 'message.send', clientId: 'a', body: 'hi' });
    expect((await a.waitClose()).code).toBe(CloseCode.BadHello);

    const b = await TestClient.connect(srv.wsUrl);
    b.send(visitorHello({ v: 999 }));
    expect((await b.next('error')).code).toBe('protocol_mismatch');
    expect((await b.waitClose()).code).toBe(CloseCode.BadHello);
  });

  it('refuses an unknown site and a forged token', async () => {
    const a = await TestClient.connect(srv.wsUrl);
    a.send(visitorHello({ siteId: 'nosuchsite' }));
    expect((await a.next('error')).code).toBe('unknown_site');
    expect((await a.waitClose()).code).toBe(CloseCode.UnknownSite);

    const b = await TestClient.connect(srv.wsUrl);
    b.send(visitorHello({ token: 'forged-token-forged-token-forged-token' }));
    expect((await b.waitClose()).code).toBe(CloseCode.Unauthorized);
  });

  it('refuses an agent hello without a session', async () => {
    const a = await TestClient.connect(srv.wsUrl);
    a.send({ type: 'hello', v: PROTOCOL_VERSION, role: 'agent' });
    expect((await a.next('error')).code).toBe('unauthorized');
    expect((await a.waitClose()).code).toBe(CloseCode.Unauthorized);
  });

  it('closes an oversized frame with 1009 and keeps serving others', async () => {
    const big = await TestClient.connect(srv.wsUrl);
    big.send('x'.repeat(LIMITS.maxFrameBytes + 1));
    expect((await big.waitClose()).code).toBe(CloseCode.TooLarge);
    const ok = await TestClient.connect(srv.wsUrl);
    ok.send(visitorHello());
    expect(await ok.next('welcome')).toBeTruthy();
    ok.close();
  });

  it('stores nothing half-written when a send is rejected', async () => {
    const { client: v, conversationId } = await newVisitor();
    v.send({ type: 'message.send', conversationId, clientId: 'first', body: 'a different body' });
    expect((await v.next('error', (f) => f.clientId === 'first')).code).toBe('conflict');
    const conv = await srv.services.conversations.get(conversationId);
    expect(conv.lastSeq).toBe(1);
    expect(await srv.services.conversations.messages(conversationId)).toHaveLength(1);
    v.close();
  });
});
