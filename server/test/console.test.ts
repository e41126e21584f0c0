/**
 * The agent console's server side: views, notes (never to visitors), assignment with
 * presence and capacity, role checks, search, live visitors.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION, type AgentSummary, type Conversation, type InviteAgentResponse } from '@atendo/shared';
import { login, settle, startTestServer, TestClient } from './helpers';

let srv: Awaited<ReturnType<typeof startTestServer>>;
let admin: string;
let second: { cookie: string; id: string };

beforeAll(async () => {
  srv = await startTestServer();
  admin = await login(srv.url);
  const invited = await call<InviteAgentResponse>(admin, 'POST', '/agents', { email: 'bia@example.com', name: 'Bia', role: 'agent' });
  second = { cookie: await login(srv.url, { email: 'bia@example.com', password: invited.body.password! }), id: invited.body.agent.id };
});
afterAll(() => srv.close());

async function call<T = unknown>(cookie: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(`${srv.url}/api/v1${path}`, {
    method,
    headers: { cookie, origin: srv.url, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: res.status === 204 ? (undefined as T) : ((await res.json()) as T) };
}

async function agentSocket(cookie: string): Promise<TestClient> {
  const c = await TestClient.connect(srv.wsUrl, { cookie, origin: srv.url });
  c.send({ type: 'hello', v: PROTOCOL_VERSION, role: 'agent' });
  await c.next('welcome');
  return c;
}

async function visitor(body: string, page = 'https://shop.example/pricing') {
  const client = await TestClient.connect(srv.wsUrl);
  client.send({
    type: 'hello',
    v: PROTOCOL_VERSION,
    role: 'visitor',
    siteId: srv.siteId,
    page: { url: page, title: 'Pricing' },
    timezone: 'America/Sao_Paulo',
    attributes: { plan: 'pro' },
  });
  await client.next('welcome');
  client.send({ type: 'message.send', clientId: `c${Math.random().toString(36).slice(2)}`, body });
  const ack = await client.next('ack');
  const session = await client.next('session');
  return { client, conversationId: ack.message.conversationId, visitorId: session.visitorId };
}

const ids = (list: { items: Conversation[] }) => list.items.map((c) => c.id);

describe('console server', () => {
  it('sends a note to agents only: the visitor socket never receives it, REST history leaves it out', async () => {
    const a = await agentSocket(admin);
    const v = await visitor('Where is my order?');
    const res = await call<{ note: { body: string } }>(admin, 'POST', `/conversations/${v.conversationId}/notes`, { body: 'Customer is VIP, refund ok' });
    expect(res.status).toBe(201);
    const frame = await a.next('note', (f) => f.note.conversationId === v.conversationId);
    expect(frame.note).toMatchObject({ body: 'Customer is VIP, refund ok', authorName: 'Admin' });
    // A normal reply after the note does reach the visitor: the note is not "stuck" in front of it.
    a.send({ type: 'message.send', conversationId: v.conversationId, clientId: 'after-note', body: 'On its way!' });
    await v.client.next('message', (f) => f.message.clientId === 'after-note');
    await settle();
    expect(JSON.stringify(v.client.frames)).not.toContain('VIP');
    // Reconnecting with the token replays history: still no note.
    const notes = await call<{ items: unknown[] }>(admin, 'GET', `/conversations/${v.conversationId}/notes`);
    expect(notes.body.items).toHaveLength(1);
    const msgs = await call<{ items: { body: string }[] }>(admin, 'GET', `/conversations/${v.conversationId}/messages`);
    expect(msgs.body.items.map((m) => m.body)).toEqual(['Where is my order?', 'On its way!']);
    a.close();
    v.client.close();
  });

  it('auto-assigns round-robin only to agents who are online with a console open, under capacity', async () => {
    // Nobody online: unassigned.
    const v0 = await visitor('anyone there?');
    expect((await call<{ conversation: Conversation }>(admin, 'GET', `/conversations/${v0.conversationId}`)).body.conversation.assigneeId).toBeNull();

    // Bia sets online but has no console open: still not picked ("online" must be real).
    await call(second.cookie, 'PUT', '/agents/me/status', { status: 'online' });
    const v1 = await visitor('hello 1');
    expect((await call<{ conversation: Conversation }>(admin, 'GET', `/conversations/${v1.conversationId}`)).body.conversation.assigneeId).toBeNull();

    const bia = await agentSocket(second.cookie);
    const v2 = await visitor('hello 2');
    const created = await bia.next('conversation', (f) => f.conversation.id === v2.conversationId);
    expect(created.conversation.assigneeId).toBe(second.id);

    // Mine vs all for the admin: visible in all, not in mine.
    const all = await call<{ items: Conversation[] }>(admin, 'GET', '/conversations?scope=all&status=open');
    const mine = await call<{ items: Conversation[] }>(admin, 'GET', '/conversations?scope=mine&status=open');
    const biaMine = await call<{ items: Conversation[] }>(second.cookie, 'GET', '/conversations?scope=mine&status=open');
    expect(ids(all.body)).toContain(v2.conversationId);
    expect(ids(mine.body)).not.toContain(v2.conversationId);
    expect(ids(biaMine.body)).toEqual([v2.conversationId]);
    const unassigned = await call<{ items: Conversation[] }>(admin, 'GET', '/conversations?scope=unassigned&status=open');
    expect(ids(unassigned.body)).toEqual(expect.arrayContaining([v0.conversationId, v1.conversationId]));
    expect(ids(unassigned.body)).not.toContain(v2.conversationId);

    // Admin comes online too: the next one goes to the admin (assigned longest ago), then Bia again.
    const adm = await agentSocket(admin);
    await call(admin, 'PUT', '/agents/me/status', { status: 'online' });
    const v3 = await visitor('hello 3');
    const v4 = await visitor('hello 4');
    const get = async (id: string) => (await call<{ conversation: Conversation }>(admin, 'GET', `/conversations/${id}`)).body.conversation.assigneeId;
    const adminId = (await call<{ agent: { id: string } }>(admin, 'GET', '/auth/me')).body.agent.id;
    expect(await get(v3.conversationId)).toBe(adminId);
    expect(await get(v4.conversationId)).toBe(second.id);

    // Capacity: Bia at capacity 2 (has 2) and admin at 0 → nobody under capacity → unassigned.
    await call(admin, 'PATCH', `/agents/${second.id}`, { capacity: 2 });
    await call(admin, 'PATCH', `/agents/${adminId}`, { capacity: 1 });
    const v5 = await visitor('hello 5');
    expect(await get(v5.conversationId)).toBeNull();
    const team = await call<{ items: AgentSummary[] }>(admin, 'GET', '/agents');
    expect(team.body.items.find((a) => a.id === second.id)).toMatchObject({ status: 'online', connected: true, load: 2, capacity: 2 });

    // Away: no more assignments even with room.
    await call(second.cookie, 'PUT', '/agents/me/status', { status: 'away' });
    await call(admin, 'PATCH', `/agents/${second.id}`, { capacity: 10 });
    const v6 = await visitor('hello 6');
    expect(await get(v6.conversationId)).toBeNull();

    // Manual transfer, then unread counts per view follow.
    const moved = await call<{ conversation: Conversation }>(admin, 'POST', `/conversations/${v6.conversationId}/assign`, { agentId: second.id });
    expect(moved.body.conversation.assigneeId).toBe(second.id);
    const counts = await call<{ unread: { mine: { open: number }; unassigned: { open: number }; all: { open: number } } }>(
      second.cookie,
      'GET',
      '/conversations/counts',
    );
    expect(counts.body.unread.mine.open).toBe(3);
    expect(counts.body.unread.all.open).toBeGreaterThanOrEqual(counts.body.unread.mine.open + counts.body.unread.unassigned.open);

    await call(admin, 'PUT', '/agents/me/status', { status: 'away' });
    for (const v of [v0, v1, v2, v3, v4, v5, v6]) v.client.close();
    bia.close();
    adm.close();
  });

  it('tells visitors whether anyone is online: in welcome, in the widget config and live', async () => {
    const v = await TestClient.connect(srv.wsUrl);
    v.send({ type: 'hello', v: PROTOCOL_VERSION, role: 'visitor', siteId: srv.siteId });
    const welcome = await v.next('welcome');
    expect(welcome.role === 'visitor' && welcome.available).toBe(false);
    v.send({ type: 'message.send', clientId: 'avail1', body: 'hi' });
    await v.next('ack');
    const a = await agentSocket(second.cookie);
    await call(second.cookie, 'PUT', '/agents/me/status', { status: 'online' });
    await v.next('availability', (f) => f.available);
    const cfg = await fetch(`${srv.url}/api/v1/widget/config?site=${srv.siteId}`, { headers: { origin: srv.url } });
    expect(((await cfg.json()) as { config: { available: boolean } }).config.available).toBe(true);
    a.close();
    await v.next('availability', (f) => !f.available);
    await call(second.cookie, 'PUT', '/agents/me/status', { status: 'away' });
    v.close();
  });

  it('keeps role checks: agents cannot invite, change roles, edit canned replies or appearance', async () => {
    expect((await call(second.cookie, 'POST', '/agents', { email: 'x@example.com', name: 'X', role: 'admin' })).status).toBe(403);
    expect((await call(second.cookie, 'PATCH', `/agents/${second.id}`, { role: 'admin' })).status).toBe(403);
    expect((await call(second.cookie, 'POST', '/canned-replies', { shortcut: 'hi', body: 'Hello!' })).status).toBe(403);
    const appearance = { color: '#112233', position: 'left', teamName: 'Team', greeting: 'Oi', launcherLabel: 'Chat' };
    expect((await call(second.cookie, 'PUT', `/sites/${srv.siteId}/appearance`, appearance)).status).toBe(403);
    expect((await call(admin, 'PUT', `/sites/${srv.siteId}/appearance`, appearance)).status).toBe(200);
    expect((await call(admin, 'PUT', `/sites/${srv.siteId}/appearance`, { ...appearance, color: 'red' })).status).toBe(400);
    const created = await call<{ reply: { id: string } }>(admin, 'POST', '/canned-replies', { shortcut: '/Refund', body: 'Refunds take 5 days.' });
    expect(created.status).toBe(201);
    expect((await call(admin, 'POST', '/canned-replies', { shortcut: 'refund', body: 'again' })).status).toBe(409);
    const list = await call<{ items: { shortcut: string }[] }>(second.cookie, 'GET', '/canned-replies');
    expect(list.body.items.map((r) => r.shortcut)).toContain('refund');
    expect((await call(second.cookie, 'GET', '/agents')).status).toBe(200);
    expect((await call('', 'GET', '/search?q=x')).status).toBe(401);
  });

  it('finds conversations by message text, visitor name and e-mail; odd input is text, not syntax', async () => {
    const v = await visitor('Minha encomenda chegou quebrada, quero devolução');
    const byWord = await call<{ items: { conversation: Conversation; match: string; excerpt: string }[] }>(
      admin,
      'GET',
      `/search?q=${encodeURIComponent('devolucao')}`,
    );
    expect(byWord.body.items[0]).toMatchObject({ match: 'message', conversation: { id: v.conversationId } });
    const byPrefix = await call<{ items: { conversation: Conversation }[] }>(admin, 'GET', '/search?q=encom');
    expect(byPrefix.body.items.map((h) => h.conversation.id)).toContain(v.conversationId);
    for (const q of ['"', 'AND OR NOT', '*', 'NEAR(', '(((']) {
      expect((await call(admin, 'GET', `/search?q=${encodeURIComponent(q)}`)).status).toBe(200);
    }
    expect((await call(admin, 'GET', '/search?q=')).status).toBe(400);
    // Visitor names and e-mails are searchable once set (kept in step by triggers).
    await srv.services.storage.visitors.identify(v.visitorId, { name: 'Ana Souza', email: 'ana.souza@example.com' });
    const byEmail = await call<{ items: { conversation: Conversation; match: string }[] }>(
      admin,
      'GET',
      `/search?q=${encodeURIComponent('ana.souza@example')}`,
    );
    expect(byEmail.body.items[0]).toMatchObject({ match: 'visitor', conversation: { id: v.conversationId } });
    const resolved = await call(admin, 'POST', `/conversations/${v.conversationId}/status`, { status: 'resolved' });
    expect(resolved.status).toBe(200);
    const again = await call<{ items: { conversation: Conversation }[] }>(admin, 'GET', '/search?q=quebrada');
    expect(again.body.items[0]?.conversation).toMatchObject({ id: v.conversationId, status: 'resolved' });
    v.client.close();
  });

  it('lists live visitors with their current page, updated as they browse; sidebar has the session', async () => {
    const a = await agentSocket(admin);
    const v = await visitor('just looking', 'https://shop.example/');
    await a.next('visitor.live', (f) => f.visitor.visitorId === v.visitorId);
    v.client.send({ type: 'page', page: { url: 'https://shop.example/checkout', title: 'Checkout' } });
    const moved = await a.next('visitor.live', (f) => f.visitor.visitorId === v.visitorId && f.visitor.currentPage?.url === 'https://shop.example/checkout');
    expect(moved.visitor.returning).toBe(false);
    const live = await call<{ items: { visitorId: string }[] }>(admin, 'GET', '/live/visitors');
    expect(live.body.items.map((x) => x.visitorId)).toContain(v.visitorId);
    const profile = await call<{ visitor: { pages: { url: string }[]; online: boolean; timezone: string; attributes: Record<string, string> } }>(
      admin,
      'GET',
      `/live/visitors/${v.visitorId}`,
    );
    expect(profile.body.visitor).toMatchObject({ timezone: 'America/Sao_Paulo', attributes: { plan: 'pro' } });
    expect(profile.body.visitor.pages.map((p) => p.url)).toEqual(['https://shop.example/', 'https://shop.example/checkout']);
    expect(profile.body.visitor.online).toBe(true);

    // Proactive: the agent writes first; the visitor's widget receives it.
    await call(admin, 'POST', `/conversations/${v.conversationId}/status`, { status: 'resolved' });
    const started = await call<{ conversation: Conversation }>(admin, 'POST', `/live/visitors/${v.visitorId}/conversations`, {
      clientId: 'pro1',
      body: 'Need help with checkout?',
    });
    expect(started.status).toBe(201);
    expect(started.body.conversation.id).not.toBe(v.conversationId);
    await v.client.next('message', (f) => f.message.clientId === 'pro1');

    v.client.close();
    await a.next('visitor.left', (f) => f.visitorId === v.visitorId);
    a.close();
  });

  it('refuses bad input with clear errors', async () => {
    expect((await call(admin, 'GET', '/conversations?scope=theirs')).status).toBe(400);
    expect((await call(admin, 'POST', '/conversations/nope/notes', { body: 'x' })).status).toBe(404);
    expect((await call(admin, 'POST', '/conversations/nope/notes', { body: '   ' })).status).toBe(400);
    expect((await call(admin, 'POST', '/conversations/nope/assign', { agentId: 'ghost' })).status).toBe(404);
    expect((await call(admin, 'PUT', '/agents/me/status', { status: 'busy' })).status).toBe(400);
  });
});
