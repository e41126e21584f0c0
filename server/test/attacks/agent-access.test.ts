/**
 * Taking an agent's access back: deactivation,
 * changing one's password, "log out everywhere", and sockets of ended sessions closed without
 * waiting for a frame.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode } from '@atendo/shared';
import { hashToken } from '../../src/domain/ids';
import { login, settle, startTestServer, type TestClient } from '../helpers';
import { agentSocket, chattingVisitor } from './kit';

let srv: Awaited<ReturnType<typeof startTestServer>>;
let adminCookie: string;

beforeAll(async () => {
  // Sessions are re-checked every 100 ms here (15 s by default).
  srv = await startTestServer({ sockets: { sessionCheckMs: 100 } });
  adminCookie = await login(srv.url);
});
afterAll(() => srv.close());

let n = 0;
/** A fresh agent (or admin) with a password of their own. */
async function newAgent(role: 'agent' | 'admin' = 'agent') {
  const creds = { email: `agent${++n}@example.com`, password: `password of agent ${n}` };
  const agent = await srv.services.agents.create({ ...creds, name: `Agent ${n}`, role });
  return { ...agent, creds };
}

function api(method: string, path: string, cookie: string, body?: unknown) {
  return fetch(`${srv.url}/api/v1${path}`, {
    method,
    headers: { 'content-type': 'application/json', origin: srv.url, cookie },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

const tryLogin = (creds: { email: string; password: string }) =>
  fetch(`${srv.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(creds) });

const me = async (cookie: string) => (await api('GET', '/auth/me', cookie)).status;

/** The stored hash of a session cookie's token (`atendo_session=<token>`). */
const sessionHash = (cookie: string) => hashToken(cookie.slice(cookie.indexOf('=') + 1));

/** The socket is still served: it answers a ping. */
async function stillOpen(c: TestClient) {
  const pongs = c.of('pong').length;
  c.send({ type: 'ping' });
  await c.next('pong', () => c.of('pong').length > pongs);
  expect(c.closed).toBeNull();
}

describe('deactivating an agent', () => {
  it('ends every session, closes every socket at once, hands back their chats and keeps their messages', async () => {
    const bob = await newAgent();
    const laptop = await login(srv.url, bob.creds);
    const phone = await login(srv.url, bob.creds);
    const s1 = await agentSocket(srv.wsUrl, laptop);
    const s2 = await agentSocket(srv.wsUrl, phone);
    const watcher = await agentSocket(srv.wsUrl, adminCookie);

    // Bob handles a conversation and has written in it.
    const v = await chattingVisitor(srv.wsUrl, srv.siteId);
    expect((await api('POST', `/conversations/${v.conversationId}/assign`, adminCookie, { agentId: bob.id })).status).toBe(200);
    s1.send({ type: 'message.send', conversationId: v.conversationId, clientId: 'bob-1', body: 'Bob here, looking into it' });
    await s1.next('ack');
    const before = (await srv.services.conversations.messages(v.conversationId)).length;

    const res = await api('PUT', `/agents/${bob.id}/active`, adminCookie, { active: false });
    expect(res.status).toBe(200);
    const { agent } = await res.json();
    expect(agent).toMatchObject({ id: bob.id, status: 'away', load: 0 });
    expect(agent.deactivatedAt).toBeGreaterThan(0);

    // Neither socket had to send anything to be closed.
    expect((await s1.waitClose(3000)).code).toBe(CloseCode.Unauthorized);
    expect((await s2.waitClose(3000)).code).toBe(CloseCode.Unauthorized);
    await settle();
    expect((await srv.services.team.summary(bob.id))?.connected).toBe(false);
    expect(await me(laptop)).toBe(401);
    expect(await me(phone)).toBe(401);
    // Both session rows are gone (not merely refused): ending them finds nothing left to end.
    expect(await srv.services.storage.agents.deleteSession(sessionHash(laptop))).toBeUndefined();
    expect(await srv.services.storage.agents.deleteSession(sessionHash(phone))).toBeUndefined();

    // The team sees the conversation become unassigned, live.
    const row = await watcher.next('conversation', (f) => f.conversation.id === v.conversationId && f.conversation.assigneeId === null);
    expect(row.conversation.status).toBe('open');
    // History stays: Bob's message is still there, with his name.
    const messages = await srv.services.conversations.messages(v.conversationId);
    expect(messages.length).toBe(before);
    expect(messages.find((m) => m.clientId === 'bob-1')).toMatchObject({ agentId: bob.id, authorName: bob.name });
    watcher.close();
    v.client.close();
  });

  it('a resolved conversation of theirs that reopens is Unassigned, not theirs', async () => {
    const erin = await newAgent();
    const v = await chattingVisitor(srv.wsUrl, srv.siteId);
    expect((await api('POST', `/conversations/${v.conversationId}/assign`, adminCookie, { agentId: erin.id })).status).toBe(200);
    expect((await api('POST', `/conversations/${v.conversationId}/status`, adminCookie, { status: 'resolved' })).status).toBe(200);
    expect((await api('PUT', `/agents/${erin.id}/active`, adminCookie, { active: false })).status).toBe(200);
    expect((await srv.services.conversations.get(v.conversationId)).assigneeId).toBe(erin.id);
    // The visitor writes into it again (an old tab), or an agent reopens it: nobody's, not Erin's.
    v.client.send({ type: 'message.send', conversationId: v.conversationId, clientId: 'again', body: 'One more question' });
    await v.client.next('ack', (f) => f.clientId === 'again');
    expect(await srv.services.conversations.get(v.conversationId)).toMatchObject({ status: 'open', assigneeId: null });
    v.client.close();
  });

  it('refuses their login with a clear error, but only after the right password', async () => {
    const carol = await newAgent();
    expect((await api('PUT', `/agents/${carol.id}/active`, adminCookie, { active: false })).status).toBe(200);

    const right = await tryLogin(carol.creds);
    expect(right.status).toBe(403);
    const body = await right.json();
    expect(body.error.code).toBe('account_deactivated');
    expect(body.error.message).toMatch(/deactivated/);
    expect(right.headers.get('set-cookie')).toBeNull();
    // A wrong password gets the same answer as for an unknown e-mail: nothing learnt about the account.
    const wrong = await tryLogin({ ...carol.creds, password: 'not the password' });
    expect(wrong.status).toBe(401);
    expect((await wrong.json()).error.code).toBe('invalid_credentials');
  });

  it('keeps them out of assignment, by hand and automatically', async () => {
    const dave = await newAgent();
    const cookie = await login(srv.url, dave.creds);
    expect((await api('PUT', '/agents/me/status', cookie, { status: 'online' })).status).toBe(200);
    const socket = await agentSocket(srv.wsUrl, cookie);
    expect((await api('PUT', `/agents/${dave.id}/active`, adminCookie, { active: false })).status).toBe(200);
    await socket.waitClose(3000);

    const v = await chattingVisitor(srv.wsUrl, srv.siteId);
    expect((await srv.services.conversations.get(v.conversationId)).assigneeId).not.toBe(dave.id);
    const assign = await api('POST', `/conversations/${v.conversationId}/assign`, adminCookie, { agentId: dave.id });
    expect(assign.status).toBe(409);
    expect(srv.services.team.anyoneOnline()).toBe(false);
    // Listed as deactivated, so the console can show it and leave them out of its pickers.
    const list = await (await api('GET', '/agents', adminCookie)).json();
    expect(list.items.find((a: { id: string }) => a.id === dave.id).deactivatedAt).toBeGreaterThan(0);
    v.client.close();
  });

  it('reactivating lets them sign in again', async () => {
    const erin = await newAgent();
    await api('PUT', `/agents/${erin.id}/active`, adminCookie, { active: false });
    expect((await tryLogin(erin.creds)).status).toBe(403);
    const res = await api('PUT', `/agents/${erin.id}/active`, adminCookie, { active: true });
    expect(res.status).toBe(200);
    expect((await res.json()).agent.deactivatedAt).toBeNull();
    expect((await tryLogin(erin.creds)).status).toBe(200);
  });

  it('is for admins only, validated, and never of oneself or the last active admin', async () => {
    const frank = await newAgent();
    const frankCookie = await login(srv.url, frank.creds);
    const admin = (await srv.services.agents.authenticate(adminCookie.split('=')[1]))!.agent;

    expect((await api('PUT', `/agents/${admin.id}/active`, frankCookie, { active: false })).status).toBe(403);
    expect(await me(adminCookie)).toBe(200);
    expect((await api('PUT', `/agents/${frank.id}/active`, adminCookie, { active: 'no' })).status).toBe(400);
    expect((await api('PUT', `/agents/${frank.id}/active`, adminCookie, {})).status).toBe(400);
    expect((await api('PUT', '/agents/no-such-agent/active', adminCookie, { active: false })).status).toBe(404);

    const self = await api('PUT', `/agents/${admin.id}/active`, adminCookie, { active: false });
    expect(self.status).toBe(409);
    expect((await self.json()).error.message).toMatch(/yourself/);
    expect(await me(adminCookie)).toBe(200);

    // A deactivated admin is no admin: the only active one cannot step down to agent.
    const grace = await newAgent('admin');
    expect((await api('PUT', `/agents/${grace.id}/active`, adminCookie, { active: false })).status).toBe(200);
    const demote = await api('PATCH', `/agents/${admin.id}`, adminCookie, { role: 'agent' });
    expect(demote.status).toBe(409);
    expect((await srv.services.agents.get(admin.id))?.role).toBe('admin');
  });
});

describe("changing one's password", () => {
  it('needs the current password, applies the password rules, and ends every other session', async () => {
    const hank = await newAgent();
    const here = await login(srv.url, hank.creds);
    const elsewhere = await login(srv.url, hank.creds);
    const mine = await agentSocket(srv.wsUrl, here);
    const other = await agentSocket(srv.wsUrl, elsewhere);
    const newPassword = 'a much longer new secret';

    const wrong = await api('POST', '/auth/password', here, { currentPassword: 'guess', newPassword });
    expect(wrong.status).toBe(401);
    expect((await wrong.json()).error.code).toBe('invalid_credentials');
    const short = await api('POST', '/auth/password', here, { currentPassword: hank.creds.password, newPassword: 'short' });
    expect(short.status).toBe(400);
    expect((await short.json()).error.message).toMatch(/^newPassword: /);
    const same = await api('POST', '/auth/password', here, { currentPassword: hank.creds.password, newPassword: hank.creds.password });
    expect(same.status).toBe(400);
    expect(await me(elsewhere)).toBe(200);

    const changed = await api('POST', '/auth/password', here, { currentPassword: hank.creds.password, newPassword });
    expect(changed.status).toBe(204);
    expect((await other.waitClose(3000)).code).toBe(CloseCode.Unauthorized);
    expect(await me(elsewhere)).toBe(401);
    // This browser gets a new session; the old cookie (or a stolen copy of it) is dead too.
    const renewed = (changed.headers.get('set-cookie') ?? '').split(';')[0]!;
    expect(renewed).toMatch(/=./);
    expect(renewed).not.toBe(here);
    expect(await me(renewed)).toBe(200);
    expect(await me(here)).toBe(401);
    // The socket opened on the old session ends too (at its next frame or the next sweep): the
    // console reconnects with the new cookie right after the change.
    mine.send({ type: 'ping' });
    expect((await mine.waitClose(3000)).code).toBe(CloseCode.Unauthorized);
    expect((await tryLogin(hank.creds)).status).toBe(401);
    expect((await tryLogin({ email: hank.email, password: newPassword })).status).toBe(200);
    mine.close();
  });

  it('needs a session', async () => {
    const res = await api('POST', '/auth/password', '', { currentPassword: 'x', newPassword: 'long enough password' });
    expect(res.status).toBe(401);
  });
});

describe('log out everywhere', () => {
  it('ends every session of the agent, this one included, and closes every socket; others are untouched', async () => {
    const ivy = await newAgent();
    const a = await login(srv.url, ivy.creds);
    const b = await login(srv.url, ivy.creds);
    const sa = await agentSocket(srv.wsUrl, a);
    const sb = await agentSocket(srv.wsUrl, b);
    const bystander = await agentSocket(srv.wsUrl, adminCookie);

    const res = await api('POST', '/auth/logout-everywhere', a);
    expect(res.status).toBe(204);
    expect(res.headers.get('set-cookie')).toMatch(/atendo_session=;/);
    expect((await sa.waitClose(3000)).code).toBe(CloseCode.Unauthorized);
    expect((await sb.waitClose(3000)).code).toBe(CloseCode.Unauthorized);
    expect(await me(a)).toBe(401);
    expect(await me(b)).toBe(401);
    await stillOpen(bystander);
    expect(await me(adminCookie)).toBe(200);
    bystander.close();
  });
});

describe('a socket whose session ends behind its back', () => {
  it('is closed when the session expires, without sending a frame, and gets no live traffic', async () => {
    const jay = await newAgent();
    const cookie = await login(srv.url, jay.creds);
    const socket = await agentSocket(srv.wsUrl, cookie);
    // The same session, expired: put back with an expiry in the past. Only microtasks run between the two
    // calls (the SQLite store answers at once), so no sweep sees the session missing instead of expired.
    const hash = sessionHash(cookie);
    expect(await srv.services.storage.agents.deleteSession(hash)).toBe(jay.id);
    await srv.services.storage.agents.createSession({ tokenHash: hash, agentId: jay.id, createdAt: Date.now() - 60_000, expiresAt: Date.now() - 1 });

    expect((await socket.waitClose(2000)).code).toBe(CloseCode.Unauthorized);
    const frames = socket.frames.length;
    const v = await chattingVisitor(srv.wsUrl, srv.siteId);
    await settle(100);
    expect(socket.frames.length).toBe(frames);
    v.client.close();
  });

  it('is closed when its session row is deleted by hand', async () => {
    const kim = await newAgent();
    const cookie = await login(srv.url, kim.creds);
    const socket = await agentSocket(srv.wsUrl, cookie);
    await srv.services.storage.agents.deleteSessions(kim.id);
    expect((await socket.waitClose(2000)).code).toBe(CloseCode.Unauthorized);
  });
});
