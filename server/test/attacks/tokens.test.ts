import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CloseCode } from '@atendo/shared';
import { login, settle, startTestServer, TestClient } from '../helpers';
import { agentSocket, chattingVisitor, visitorHello, visitorWelcome } from './kit';

let srv: Awaited<ReturnType<typeof startTestServer>>;
let siteB: string;
beforeAll(async () => {
  srv = await startTestServer();
  siteB = (await srv.services.sites.create({ name: 'Site B' })).siteId;
});
afterAll(() => srv.close());

/** Messages stored in all the conversations of these visitors. */
async function messageCount(...visitorIds: string[]): Promise<number> {
  const storage = srv.services.storage;
  let n = 0;
  for (const visitorId of visitorIds) {
    for (const id of await storage.visitors.conversationIds(visitorId)) n += (await storage.conversations.messagesAfter(id, 0, 1_000_000)).length;
  }
  return n;
}

describe('visitor tokens', () => {
  it('without a token a visitor sees no conversation at all', async () => {
    await chattingVisitor(srv.wsUrl, srv.siteId);
    const c = await TestClient.connect(srv.wsUrl);
    c.send(visitorHello(srv.siteId));
    const welcome = await visitorWelcome(c);
    expect(welcome.visitorId).toBeNull();
    expect(welcome.conversations).toEqual([]);
    await settle();
    expect(c.of('message')).toEqual([]);
    c.close();
  });

  it('refuses a forged token with 4401', async () => {
    const c = await TestClient.connect(srv.wsUrl);
    c.send(visitorHello(srv.siteId, { token: 'A'.repeat(43) }));
    expect((await c.next('error')).code).toBe('unauthorized');
    expect((await c.waitClose()).code).toBe(CloseCode.Unauthorized);
  });

  it('refuses the token of a deleted (erased) visitor', async () => {
    const v = await chattingVisitor(srv.wsUrl, srv.siteId);
    await srv.services.visitors.delete(v.visitorId);
    const c = await TestClient.connect(srv.wsUrl);
    c.send(visitorHello(srv.siteId, { token: v.token }));
    expect((await c.waitClose()).code).toBe(CloseCode.Unauthorized);
  });

  it("makes site A's token worthless on site B", async () => {
    const v = await chattingVisitor(srv.wsUrl, srv.siteId);
    const c = await TestClient.connect(srv.wsUrl);
    c.send(visitorHello(siteB, { token: v.token }));
    expect((await c.next('error')).code).toBe('unauthorized');
    expect((await c.waitClose()).code).toBe(CloseCode.Unauthorized);
    expect(c.of('message')).toEqual([]);
  });

  it('stores only a hash of the token', async () => {
    const v = await chattingVisitor(srv.wsUrl, srv.siteId);
    const row = (await srv.services.storage.visitors.get(v.visitorId))!;
    expect(row.tokenHash).not.toContain(v.token);
    expect(row.tokenHash).toMatch(/^[0-9a-f]{64}$|^[A-Za-z0-9_-]{43}$/);
  });
});

describe("one visitor and another's conversation", () => {
  it('cannot write into it, read it, or learn whether it exists', async () => {
    const a = await chattingVisitor(srv.wsUrl, srv.siteId);
    const b = await chattingVisitor(srv.wsUrl, srv.siteId);
    const before = await messageCount(a.visitorId, b.visitorId);

    a.client.send({ type: 'message.send', conversationId: b.conversationId, clientId: 'steal', body: 'I am in' });
    const err = await a.client.next('error', (f) => f.clientId === 'steal');
    a.client.send({ type: 'message.send', conversationId: 'does-not-exist', clientId: 'probe', body: 'x' });
    const missing = await a.client.next('error', (f) => f.clientId === 'probe');
    expect(err.code).toBe('not_found');
    expect(missing.code).toBe('not_found');
    expect(err.message).toBe(missing.message);

    a.client.send({ type: 'conversation.read', conversationId: b.conversationId, seq: 1 });
    expect((await a.client.next('error', (f) => f.code === 'not_found' && !f.clientId)).code).toBe('not_found');

    // Resuming B's conversation by id replays nothing.
    const c = await TestClient.connect(srv.wsUrl);
    c.send(visitorHello(srv.siteId, { token: a.token, resume: { [b.conversationId]: 0 } }));
    await c.next('welcome');
    await settle();
    expect(c.of('message').every((f) => f.message.conversationId === a.conversationId)).toBe(true);
    expect(await messageCount(a.visitorId, b.visitorId)).toBe(before);
    expect(await srv.services.storage.conversations.get('does-not-exist')).toBeUndefined();
    c.close();
  });

  it("cannot take over a visitor by sending its first message's client id without a token", async () => {
    const claim = 'first-claim-0123456789abcdef';
    const a = await TestClient.connect(srv.wsUrl);
    a.send(visitorHello(srv.siteId));
    await a.next('welcome');
    a.send({ type: 'message.send', clientId: claim, body: 'My order number is 1234' });
    const owner = await a.next('session');
    await a.next('ack');
    // Same id, other text: a new visitor, who sees nothing of the first one.
    const thief = await TestClient.connect(srv.wsUrl);
    thief.send(visitorHello(srv.siteId));
    await thief.next('welcome');
    thief.send({ type: 'message.send', clientId: claim, body: 'hi' });
    const stolen = await thief.next('session');
    const ack = await thief.next('ack');
    expect(stolen.visitorId).not.toBe(owner.visitorId);
    expect(ack.message.body).toBe('hi');
    await settle();
    expect(thief.of('message').some((f) => f.message.body.includes('1234'))).toBe(false);
    a.close();
    thief.close();
  });

  it("cannot take over a visitor with its first message's client id and text while the visitor is online, nor after two minutes", async () => {
    const claim = 'first-claim-live-0123456789abcdef';
    const owner = await TestClient.connect(srv.wsUrl);
    owner.send(visitorHello(srv.siteId));
    await owner.next('welcome');
    owner.send({ type: 'message.send', clientId: claim, body: 'My order number is 5678' });
    const mine = await owner.next('session');
    await owner.next('ack');
    // An agent read the client id; the same id and text from another browser while the owner is online.
    const thief = await TestClient.connect(srv.wsUrl);
    thief.send(visitorHello(srv.siteId));
    await thief.next('welcome');
    thief.send({ type: 'message.send', clientId: claim, body: 'My order number is 5678' });
    expect((await thief.next('session')).visitorId).not.toBe(mine.visitorId);
    // The owner's token still works.
    const back = await TestClient.connect(srv.wsUrl);
    back.send(visitorHello(srv.siteId, { token: mine.token }));
    expect((await back.next('welcome')).type).toBe('welcome');
    expect(back.closed).toBeNull();

    // Owner gone and the first message older than two minutes: no claim either.
    owner.close();
    back.close();
    await owner.waitClose();
    await back.waitClose();
    await settle(50);
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(Date.now() + 3 * 60_000);
      const late = await TestClient.connect(srv.wsUrl);
      late.send(visitorHello(srv.siteId));
      await late.next('welcome');
      late.send({ type: 'message.send', clientId: claim, body: 'My order number is 5678' });
      expect((await late.next('session')).visitorId).not.toBe(mine.visitorId);
      late.close();
    } finally {
      vi.useRealTimers();
    }
    thief.close();
  });

  it("claims the visitor for a retry carrying the widget's proof even while the old socket is half-open; a wrong or missing proof claims nothing", async () => {
    const claim = 'first-claim-proof-0123456789abcdef';
    const proof = 'in-memory-proof-0123456789ab';
    const owner = await TestClient.connect(srv.wsUrl);
    owner.send(visitorHello(srv.siteId));
    await owner.next('welcome');
    owner.send({ type: 'message.send', clientId: claim, body: 'Where is my parcel?', proof });
    const mine = await owner.next('session');
    const ack = await owner.next('ack');
    // The owner's socket is still registered (a phone that changed network); the widget retries.
    const thief = await TestClient.connect(srv.wsUrl);
    thief.send(visitorHello(srv.siteId));
    await thief.next('welcome');
    thief.send({ type: 'message.send', clientId: claim, body: 'Where is my parcel?', proof: 'guessed-proof-0123456789abcd' });
    expect((await thief.next('session')).visitorId).not.toBe(mine.visitorId);
    const retry = await TestClient.connect(srv.wsUrl);
    retry.send(visitorHello(srv.siteId));
    await retry.next('welcome');
    retry.send({ type: 'message.send', clientId: claim, body: 'Where is my parcel?', proof });
    expect((await retry.next('session')).visitorId).toBe(mine.visitorId);
    expect((await retry.next('ack')).message).toEqual(ack.message);
    for (const c of [owner, thief, retry]) c.close();
  });

  it('never receives the messages of another visitor or agent replies to them', async () => {
    const cookie = await login(srv.url);
    const agent = await agentSocket(srv.wsUrl, cookie);
    const a = await chattingVisitor(srv.wsUrl, srv.siteId);
    const b = await chattingVisitor(srv.wsUrl, srv.siteId);
    agent.send({ type: 'message.send', conversationId: b.conversationId, clientId: 'for-b', body: 'secret for B' });
    await b.client.next('message', (f) => f.message.clientId === 'for-b');
    await settle();
    expect(a.client.of('message').some((f) => f.message.body === 'secret for B')).toBe(false);
    agent.close();
  });
});
