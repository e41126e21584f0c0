/**
 * Found in an attack run: rotating the identity secret did not evict the holder of a
 * leaked one. An attacker who signed in as a customer with the old secret kept their open socket
 * (receiving the agent's replies, writing as the customer), their token still uploaded files, and
 * with "Require verified identity" off a token-only hello still read the whole history.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { CloseCode } from '@atendo/shared';
import { identityHash } from '../../src/security/identity';
import { login, settle, startTestServer, TestClient } from '../helpers';
import { agentSocket, chattingVisitor, visitorHello } from './kit';

const servers: Awaited<ReturnType<typeof startTestServer>>[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});

async function setup() {
  const srv = await startTestServer();
  servers.push(srv);
  const cookie = await login(srv.url);
  const admin = (method: string, path: string, body?: unknown) =>
    fetch(`${srv.url}/api/v1${path}`, {
      method,
      headers: { cookie, origin: srv.url, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
  const upload = (token: string) =>
    fetch(`${srv.url}/api/v1/widget/attachments?site=${srv.siteId}&name=note.txt`, {
      method: 'POST',
      headers: { origin: srv.url, authorization: `Bearer ${token}`, 'content-type': 'text/plain' },
      body: 'hello',
    });
  return { srv, cookie, admin, upload };
}

describe('rotating the identity secret takes back what the old one gave', () => {
  it('closes the socket of whoever signed in with the old secret, and their token no longer reads or uploads anything', async () => {
    const { srv, cookie, admin, upload } = await setup();
    const old = (await srv.services.sites.security(srv.siteId)).secret;
    // The real customer chats, then the attacker signs in as them with the leaked secret.
    const identity = (secret: string) => ({ userId: 'cust-7', hash: identityHash(secret, 'cust-7'), name: 'Ana' });
    const real = await chattingVisitor(srv.wsUrl, srv.siteId, {}, { identity: identity(old) });
    real.client.send({ type: 'message.send', conversationId: real.conversationId, clientId: 'iban', body: 'my IBAN is DE89 3704' });
    await real.client.next('ack', (f) => f.clientId === 'iban');
    const attacker = await TestClient.connect(srv.wsUrl);
    attacker.send(visitorHello(srv.siteId, { identity: identity(old) }));
    const { token } = await attacker.next('session');
    expect((await attacker.next('welcome')).type).toBe('welcome');
    expect((await upload(token)).status).toBe(201);

    expect((await admin('POST', `/sites/${srv.siteId}/secret`)).status).toBe(200);
    // Both sockets that proved the identity with the old secret are closed at once.
    expect((await attacker.waitClose()).code).toBe(CloseCode.Unauthorized);
    expect((await real.client.waitClose()).code).toBe(CloseCode.Unauthorized);

    // The agent's reply after the rotation reaches nobody holding the old token.
    const agent = await agentSocket(srv.wsUrl, cookie);
    agent.send({ type: 'message.send', conversationId: real.conversationId, clientId: 'reply', body: 'Thanks Ana' });
    await agent.next('ack');
    // The old token: no history on a token-only hello (identity not required), no upload.
    const again = await TestClient.connect(srv.wsUrl);
    again.send(visitorHello(srv.siteId, { token, resume: { [real.conversationId]: 0 } }));
    expect((await again.waitClose()).code).toBe(CloseCode.Unauthorized);
    expect(again.of('message')).toHaveLength(0);
    expect((await upload(token)).status).toBe(401);

    // The real customer's page, now with a hash from the new secret, gets back in with its history.
    const fresh = (await srv.services.sites.security(srv.siteId)).secret;
    const back = await TestClient.connect(srv.wsUrl);
    back.send(visitorHello(srv.siteId, { identity: identity(fresh), token: real.token }));
    await back.next('session');
    const welcome = await back.next('welcome');
    expect(welcome).toMatchObject({ verified: true });
    await back.next('message', (f) => f.message.body === 'Thanks Ana');
    for (const c of [agent, back]) c.close();
  });

  it('turning on "Require verified identity" closes anonymous sockets and stops their tokens uploading', async () => {
    const { srv, admin, upload } = await setup();
    const anon = await chattingVisitor(srv.wsUrl, srv.siteId);
    expect((await upload(anon.token)).status).toBe(201);
    const secret = (await srv.services.sites.security(srv.siteId)).secret;
    const verified = await chattingVisitor(srv.wsUrl, srv.siteId, {}, { identity: { userId: 'u-9', hash: identityHash(secret, 'u-9') } });

    const res = await admin('PUT', `/sites/${srv.siteId}/security`, { allowedOrigins: [], identityRequired: true });
    expect(res.status).toBe(200);
    expect((await anon.client.waitClose()).code).toBe(CloseCode.Forbidden);
    expect((await upload(anon.token)).status).toBe(403);
    // The socket that proved its identity stays; the tokens given out before are taken back (the
    // widget proves the identity again at its next hello and gets a fresh one).
    await settle(100);
    expect(verified.client.closed).toBeNull();
    expect((await upload(verified.token)).status).toBe(401);
    verified.client.close();
    const again = await TestClient.connect(srv.wsUrl);
    again.send(visitorHello(srv.siteId, { token: verified.token, identity: { userId: 'u-9', hash: identityHash(secret, 'u-9') } }));
    const { token } = await again.next('session');
    expect((await upload(token)).status).toBe(201);
    again.close();
  });
});
