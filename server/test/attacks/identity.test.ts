import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode } from '@atendo/shared';
import { identityHash, verifyIdentity } from '../../src/security/identity';
import { login, settle, startTestServer, TestClient } from '../helpers';
import { chattingVisitor, visitorHello, visitorWelcome } from './kit';

let srv: Awaited<ReturnType<typeof startTestServer>>;
let secret: string;
let cookie: string;
beforeAll(async () => {
  srv = await startTestServer();
  secret = (await srv.services.sites.security(srv.siteId)).secret;
  cookie = await login(srv.url);
});
afterAll(() => srv.close());

const conversationsOf = async (visitorId: string) => {
  const res = await fetch(`${srv.url}/api/v1/conversations?status=all&limit=100`, { headers: { cookie } });
  const { items } = (await res.json()) as { items: { visitorId: string; visitorVerified?: boolean; visitorName: string | null }[] };
  return items.filter((c) => c.visitorId === visitorId);
};

describe('identity verification', () => {
  it('computes the documented HMAC and compares it exactly', () => {
    // The value Python's hmac module gives for this key and id (the examples in docs/widget.md,
    // "Identity verification", print it too).
    expect(identityHash('my-site-secret', 'user-42')).toBe('b453a1527fbbdd9117c9f354b49f9ad007dde5bf292b09e1bca81452268d0468');
    const good = identityHash(secret, 'user-1');
    expect(verifyIdentity(secret, { userId: 'user-1', hash: good })).toBe(true);
    expect(verifyIdentity(secret, { userId: 'user-1', hash: good.toUpperCase() })).toBe(true);
    expect(verifyIdentity(secret, { userId: 'user-2', hash: good })).toBe(false);
    expect(verifyIdentity(secret, { userId: 'user-1', hash: good.slice(0, -1) + (good.endsWith('0') ? '1' : '0') })).toBe(false);
    expect(verifyIdentity(secret, { userId: 'user-1', hash: good.slice(0, 10) })).toBe(false);
    expect(verifyIdentity(secret, { userId: 'user-1' })).toBe(false);
  });

  it('marks a visitor with a valid hash as verified in the console', async () => {
    const identity = { userId: 'cust-100', hash: identityHash(secret, 'cust-100'), name: 'Ana Souza', email: 'ana@example.com' };
    const v = await chattingVisitor(srv.wsUrl, srv.siteId, {}, { identity });
    expect(v.client.of('welcome')[0]).toMatchObject({ verified: true });
    const [conv] = await conversationsOf(v.visitorId);
    expect(conv).toMatchObject({ visitorVerified: true, visitorName: 'Ana Souza' });
    v.client.close();
  });

  it('never merges a forged identity with the known contact', async () => {
    const identity = { userId: 'cust-200', hash: identityHash(secret, 'cust-200'), name: 'Real Customer' };
    const real = await chattingVisitor(srv.wsUrl, srv.siteId, {}, { identity });
    real.client.send({ type: 'message.send', conversationId: real.conversationId, clientId: 'private', body: 'my address is 1 Main St' });
    await real.client.next('ack', (f) => f.clientId === 'private');

    const forged = { userId: 'cust-200', hash: identityHash('guessed-secret', 'cust-200'), name: 'Real Customer' };
    const attacker = await TestClient.connect(srv.wsUrl);
    attacker.send(visitorHello(srv.siteId, { identity: forged }));
    const welcome = await attacker.next('welcome');
    expect(welcome).toMatchObject({ visitorId: null, conversations: [], verified: false });
    attacker.send({ type: 'message.send', clientId: 'x', body: 'hi' });
    const session = await attacker.next('session');
    expect(session.visitorId).not.toBe(real.visitorId);
    await settle();
    expect(attacker.of('message').some((f) => f.message.body.includes('1 Main St'))).toBe(false);
    const [conv] = await conversationsOf(session.visitorId);
    expect(conv?.visitorVerified).toBe(false);
    // The contact's name was not overwritten by the forgery either.
    const [realConv] = await conversationsOf(real.visitorId);
    expect(realConv?.visitorName).toBe('Real Customer');
    attacker.close();
    real.client.close();
  });

  it('a missing hash is not an identity either', async () => {
    const c = await TestClient.connect(srv.wsUrl);
    c.send(visitorHello(srv.siteId, { identity: { userId: 'cust-200' } }));
    expect(await c.next('welcome')).toMatchObject({ visitorId: null, verified: false });
    c.close();
  });

  it('a valid identity resumes the contact from another browser and merges the anonymous chat into it', async () => {
    const identity = { userId: 'cust-300', hash: identityHash(secret, 'cust-300') };
    const first = await chattingVisitor(srv.wsUrl, srv.siteId, {}, { identity });
    first.client.close();
    // Another device: chats anonymously first, then logs in on the host site.
    const anon = await chattingVisitor(srv.wsUrl, srv.siteId);
    const c = await TestClient.connect(srv.wsUrl);
    c.send(visitorHello(srv.siteId, { token: anon.token, identity }));
    const welcome = await visitorWelcome(c);
    expect(welcome.visitorId).toBe(first.visitorId);
    expect(welcome.conversations.map((x) => x.id).sort()).toEqual([first.conversationId, anon.conversationId].sort());
    expect((await c.next('session')).visitorId).toBe(first.visitorId);
    // The anonymous visitor is gone; its old socket was closed.
    expect((await anon.client.waitClose()).code).toBe(CloseCode.Unauthorized);
    expect(await srv.services.visitors.get(anon.visitorId)).toBeUndefined();
    c.close();
  });

  it('a site that requires identities refuses anonymous and forged visitors', async () => {
    const site = (await srv.services.sites.create({ name: 'Members only' })).siteId;
    const sec = await srv.services.sites.setSecurity(site, { allowedOrigins: [], identityRequired: true });
    const anon = await TestClient.connect(srv.wsUrl);
    anon.send(visitorHello(site));
    expect((await anon.next('error')).code).toBe('identity_required');
    expect((await anon.waitClose()).code).toBe(CloseCode.Forbidden);

    const forged = await TestClient.connect(srv.wsUrl);
    forged.send(visitorHello(site, { identity: { userId: 'u1', hash: '0'.repeat(64) } }));
    expect((await forged.next('error')).code).toBe('invalid_identity');
    expect((await forged.waitClose()).code).toBe(CloseCode.Unauthorized);

    const ok = await TestClient.connect(srv.wsUrl);
    ok.send(visitorHello(site, { identity: { userId: 'u1', hash: identityHash(sec.secret, 'u1') } }));
    expect(await ok.next('welcome')).toMatchObject({ verified: true });
    ok.close();
  });

  it('rotating the secret invalidates hashes made with the old one', async () => {
    const site = (await srv.services.sites.create({ name: 'Rotating' })).siteId;
    const old = (await srv.services.sites.security(site)).secret;
    await srv.services.sites.rotateSecret(site);
    const c = await TestClient.connect(srv.wsUrl);
    c.send(visitorHello(site, { identity: { userId: 'u9', hash: identityHash(old, 'u9') } }));
    expect(await c.next('welcome')).toMatchObject({ verified: false });
    c.close();
  });
});

describe('fields only the server may set', () => {
  it('ignores a client claiming `verified: true` or an agent author: nothing stored, nothing verified', async () => {
    const hello = await TestClient.connect(srv.wsUrl);
    hello.send(visitorHello(srv.siteId, { verified: true }));
    expect((await hello.next('error')).code).toBe('bad_request');
    expect((await hello.waitClose()).code).toBe(CloseCode.BadHello);

    const v = await chattingVisitor(srv.wsUrl, srv.siteId);
    const count = async () => (await srv.services.storage.conversations.messagesAfter(v.conversationId, 0, 1_000_000)).length;
    const before = await count();
    for (const extra of [{ author: 'agent' }, { agentId: 'x' }, { authorName: 'Support' }, { seq: 99 }, { verified: true }]) {
      v.client.send({ type: 'message.send', conversationId: v.conversationId, clientId: `f${Object.keys(extra)[0]}`, body: 'I am the agent', ...extra });
      expect((await v.client.next('error', (f) => f.clientId === `f${Object.keys(extra)[0]}`)).code).toBe('bad_request');
    }
    expect(await count()).toBe(before);
    expect((await srv.services.storage.visitors.get(v.visitorId))?.verified).toBe(false);
    v.client.close();
  });
});
