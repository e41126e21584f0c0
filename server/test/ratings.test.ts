/**
 * End of conversation survey and reports, through the real socket and HTTP API:
 * validation, ownership, only resolved, stored once, agents told, welcome says "rated", reports.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_WIDGET_SETTINGS, PROTOCOL_VERSION, type Conversation, type ReportResponse, type WidgetSettings } from '@atendo/shared';
import { login, settle, startTestServer, TestClient } from './helpers';

let srv: Awaited<ReturnType<typeof startTestServer>>;
let admin: string;

beforeAll(async () => {
  srv = await startTestServer();
  admin = await login(srv.url);
});
afterAll(() => srv.close());

async function call<T = unknown>(method: string, path: string, body?: unknown, cookie = admin): Promise<{ status: number; body: T }> {
  const res = await fetch(`${srv.url}/api/v1${path}`, {
    method,
    headers: { cookie, origin: srv.url, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: (await res.json()) as T };
}

const setSettings = (patch: Partial<WidgetSettings>) => call('PUT', `/sites/${srv.siteId}/widget-settings`, { ...DEFAULT_WIDGET_SETTINGS, ...patch });

async function visitorSocket(token?: string) {
  const client = await TestClient.connect(srv.wsUrl);
  client.send({ type: 'hello', v: PROTOCOL_VERSION, role: 'visitor', siteId: srv.siteId, ...(token ? { token } : {}) });
  const welcome = await client.next('welcome');
  return { client, welcome };
}

/** A visitor with one conversation, resolved by the agent unless `resolve` is false. */
async function chat(resolve = true) {
  const { client } = await visitorSocket();
  client.send({ type: 'message.send', clientId: `c${Math.random().toString(36).slice(2)}`, body: 'My order is late' });
  const ack = await client.next('ack');
  const session = await client.next('session');
  const conversationId = ack.message.conversationId;
  if (resolve) {
    expect((await call('POST', `/conversations/${conversationId}/status`, { status: 'resolved' })).status).toBe(200);
    await client.next('conversation.status', (f) => f.conversation.status === 'resolved');
  }
  return { client, conversationId, token: session.token };
}

async function agentSocket() {
  const c = await TestClient.connect(srv.wsUrl, { cookie: admin, origin: srv.url });
  c.send({ type: 'hello', v: PROTOCOL_VERSION, role: 'agent' });
  await c.next('welcome');
  return c;
}

describe('conversation.rate', () => {
  it('validates the frame: scores out of range, fractions, nothing to rate and unknown fields get bad_request with the clientId', async () => {
    const v = await chat();
    const bad = [{ csat: 6 }, { csat: 0 }, { csat: 4.5 }, { nps: 11 }, {}, { csat: 5, comment: 'x'.repeat(1001) }, { csat: 5, stars: 5 }, { csat: '5' }];
    for (const [i, extra] of bad.entries()) {
      v.client.send({ type: 'conversation.rate', conversationId: v.conversationId, clientId: `bad${i}`, ...extra });
      const err = await v.client.next('error', (f) => f.clientId === `bad${i}`);
      expect(err.code, JSON.stringify(extra)).toBe('bad_request');
    }
    // Nothing was stored: the conversation can still be rated.
    v.client.send({ type: 'conversation.rate', conversationId: v.conversationId, clientId: 'ok', csat: 3 });
    expect((await v.client.next('conversation.rated')).rating).toMatchObject({ csat: 3, nps: null, comment: null });
    v.client.close();
  });

  it('stores the rating once, answers every tab of the visitor and shows it to agents live and over REST', async () => {
    const agent = await agentSocket();
    const v = await chat();
    const otherTab = await visitorSocket(v.token);
    v.client.send({ type: 'conversation.rate', conversationId: v.conversationId, clientId: 'r1', csat: 5, comment: '  Fast and kind  ' });
    const rated = await v.client.next('conversation.rated');
    expect(rated).toMatchObject({ conversationId: v.conversationId, rating: { csat: 5, nps: null, comment: 'Fast and kind' } });
    expect((await otherTab.client.next('conversation.rated')).conversationId).toBe(v.conversationId);
    const live = await agent.next('conversation', (f) => f.conversation.id === v.conversationId && Boolean(f.conversation.rating));
    expect(live.conversation.rating).toMatchObject({ csat: 5, comment: 'Fast and kind' });

    // A second rating (another tab, or a replay) is refused and changes nothing.
    otherTab.client.send({ type: 'conversation.rate', conversationId: v.conversationId, clientId: 'r2', csat: 1, comment: 'changed my mind' });
    const refused = await otherTab.client.next('error', (f) => f.clientId === 'r2');
    expect(refused).toMatchObject({ code: 'conflict', message: 'This conversation was already rated' });
    const rest = await call<{ conversation: Conversation }>('GET', `/conversations/${v.conversationId}`);
    expect(rest.body.conversation.rating).toMatchObject({ csat: 5, comment: 'Fast and kind' });

    // After a reload the welcome says it was rated, so the widget does not ask again.
    const reloaded = await visitorSocket(v.token);
    expect(reloaded.welcome).toMatchObject({ conversations: [{ id: v.conversationId, status: 'resolved', rated: true }] });
    for (const c of [agent, v.client, otherTab.client, reloaded.client]) c.close();
  });

  it('asks again after a reload while unanswered: welcome carries rated: false', async () => {
    const v = await chat();
    v.client.close();
    const reloaded = await visitorSocket(v.token);
    expect(reloaded.welcome).toMatchObject({ conversations: [{ id: v.conversationId, status: 'resolved', rated: false }] });
    reloaded.client.close();
  });

  it('only rates a resolved conversation', async () => {
    const v = await chat(false);
    v.client.send({ type: 'conversation.rate', conversationId: v.conversationId, clientId: 'early', csat: 4 });
    expect(await v.client.next('error', (f) => f.clientId === 'early')).toMatchObject({
      code: 'bad_request',
      message: 'Only a resolved conversation can be rated',
    });
    v.client.close();
  });

  it('never lets a visitor rate (or probe) another visitor’s conversation', async () => {
    const victim = await chat();
    const intruder = await chat();
    intruder.client.send({ type: 'conversation.rate', conversationId: victim.conversationId, clientId: 'steal', csat: 1 });
    expect(await intruder.client.next('error', (f) => f.clientId === 'steal')).toMatchObject({ code: 'not_found' });
    intruder.client.send({ type: 'conversation.rate', conversationId: 'no-such-conversation', clientId: 'probe', csat: 1 });
    expect(await intruder.client.next('error', (f) => f.clientId === 'probe')).toMatchObject({ code: 'not_found' });
    await settle();
    expect(victim.client.of('conversation.rated')).toHaveLength(0);
    // A visitor who never wrote has no conversations at all.
    const stranger = await visitorSocket();
    stranger.client.send({ type: 'conversation.rate', conversationId: victim.conversationId, clientId: 'anon', csat: 1 });
    expect(await stranger.client.next('error', (f) => f.clientId === 'anon')).toMatchObject({ code: 'not_found' });
    const rest = await call<{ conversation: Conversation }>('GET', `/conversations/${victim.conversationId}`);
    expect(rest.body.conversation.rating).toBeNull();
    for (const c of [victim.client, intruder.client, stranger.client]) c.close();
  });

  it('follows the site settings: NPS only when enabled, CSAT required while asked', async () => {
    const off = await chat();
    off.client.send({ type: 'conversation.rate', conversationId: off.conversationId, clientId: 'n1', csat: 4, nps: 9 });
    expect(await off.client.next('error', (f) => f.clientId === 'n1')).toMatchObject({
      code: 'bad_request',
      message: 'This site does not ask the NPS question',
    });

    expect((await setSettings({ csat: true, nps: true })).status).toBe(200);
    off.client.send({ type: 'conversation.rate', conversationId: off.conversationId, clientId: 'n2', nps: 9 });
    expect(await off.client.next('error', (f) => f.clientId === 'n2')).toMatchObject({ code: 'bad_request' });
    off.client.send({ type: 'conversation.rate', conversationId: off.conversationId, clientId: 'n3', csat: 4, nps: 9 });
    expect((await off.client.next('conversation.rated')).rating).toMatchObject({ csat: 4, nps: 9 });

    // NPS only: no CSAT asked, so none may be given.
    expect((await setSettings({ csat: false, nps: true })).status).toBe(200);
    const npsOnly = await chat();
    npsOnly.client.send({ type: 'conversation.rate', conversationId: npsOnly.conversationId, clientId: 'n4', csat: 2, nps: 6 });
    expect(await npsOnly.client.next('error', (f) => f.clientId === 'n4')).toMatchObject({
      code: 'bad_request',
      message: 'This site does not ask for a CSAT rating',
    });
    npsOnly.client.send({ type: 'conversation.rate', conversationId: npsOnly.conversationId, clientId: 'n5', nps: 6 });
    expect((await npsOnly.client.next('conversation.rated')).rating).toMatchObject({ csat: null, nps: 6 });
    await setSettings({});
    off.client.close();
    npsOnly.client.close();
  });
});

describe('GET /reports', () => {
  it('needs a session, validates the period and counts the ratings given through the socket', async () => {
    const anon = await fetch(`${srv.url}/api/v1/reports`);
    expect(anon.status).toBe(401);
    expect((await call('GET', '/reports?from=200&to=100')).status).toBe(400);
    expect((await call('GET', '/reports?from=yesterday')).status).toBe(400);
    expect((await call('GET', `/reports?from=0&to=${500 * 86_400_000}`)).status).toBe(400);
    expect((await call('GET', '/reports?bogus=1')).status).toBe(400);

    await settle(5);
    const from = Date.now();
    await setSettings({ csat: true, nps: true });
    const a = await chat();
    a.client.send({ type: 'conversation.rate', conversationId: a.conversationId, csat: 5, nps: 10 });
    await a.client.next('conversation.rated');
    const b = await chat();
    b.client.send({ type: 'conversation.rate', conversationId: b.conversationId, csat: 2, nps: 4 });
    await b.client.next('conversation.rated');
    await setSettings({});
    const res = await call<ReportResponse>('GET', `/reports?from=${from}&to=${Date.now() + 1000}&site=${srv.siteId}`);
    expect(res.status).toBe(200);
    expect(res.body.report).toMatchObject({
      conversations: 2,
      resolved: 2,
      csat: { average: 3.5, count: 2, distribution: [0, 1, 0, 0, 1] },
      nps: { score: 0, count: 2, promoters: 1, detractors: 1 },
      // Nobody replied: no first response yet.
      firstResponse: { medianMs: null, count: 0 },
      resolution: { count: 2 },
    });
    a.client.close();
    b.client.close();
  });
});

describe('GET /reports/export', () => {
  /** The CSV's lines, split into cells (the cells here hold no quotes or commas). */
  const lines = (csv: string) =>
    csv
      .split('\r\n')
      .filter(Boolean)
      .map((l) => l.split(','));

  it('answers each table as CSV with the report’s rows, a formula-like cell defused; validates the table', async () => {
    await settle(5);
    const from = Date.now();
    const a = await chat(false);
    const b = await chat();
    expect((await call('PUT', `/conversations/${a.conversationId}/tags`, { tags: ['-cmd', 'vip'] })).status).toBe(200);
    expect((await call('PUT', `/conversations/${b.conversationId}/tags`, { tags: ['vip'] })).status).toBe(200);
    const period = `from=${from}&to=${Date.now() + 1000}&site=${srv.siteId}`;
    const { body } = await call<ReportResponse>('GET', `/reports?${period}`);
    const csv = async (table: string) => {
      const res = await fetch(`${srv.url}/api/v1/reports/export?table=${table}&${period}`, { headers: { cookie: admin } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(res.headers.get('content-disposition')).toMatch(
        new RegExp(`^attachment; filename="atendo-${table}-\\d{4}-\\d{2}-\\d{2}-\\d{4}-\\d{2}-\\d{2}\\.csv"$`),
      );
      return lines(await res.text());
    };

    expect(await csv('tags')).toEqual([
      ['tag', 'conversations'],
      ['vip', '2'],
      ["'-cmd", '1'],
    ]);
    expect(body.report.tags).toEqual([
      { tag: 'vip', conversations: 2 },
      { tag: '-cmd', conversations: 1 },
    ]);
    const volume = await csv('volume');
    expect(volume[0]).toEqual(['date', 'open', 'pending', 'resolved', 'total']);
    expect(volume.slice(1)).toEqual(
      body.report.volume.map((d) => [d.date, String(d.open), String(d.pending), String(d.resolved), String(d.open + d.pending + d.resolved)]),
    );
    expect(volume.slice(1).reduce((n, r) => n + Number(r[4]), 0)).toBe(2);
    const agents = await csv('agents');
    expect(agents.slice(1).map((r) => [r[1], r[2]])).toEqual(body.report.agents.map((r) => [String(r.conversations), String(r.resolved)]));
    const heatmap = await csv('heatmap');
    expect(heatmap).toHaveLength(8);
    expect(heatmap.slice(1).map((r) => r[0])).toEqual(['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday']);
    expect(
      heatmap
        .slice(1)
        .flatMap((r) => r.slice(1))
        .reduce((n, c) => n + Number(c), 0),
    ).toBe(2);
    expect(await csv('articles')).toEqual([['article', 'offered', 'helped', 'not_helped']]);

    expect((await fetch(`${srv.url}/api/v1/reports/export?table=secrets&${period}`, { headers: { cookie: admin } })).status).toBe(400);
    expect((await fetch(`${srv.url}/api/v1/reports/export?${period}`, { headers: { cookie: admin } })).status).toBe(400);
    expect((await fetch(`${srv.url}/api/v1/reports/export?table=tags&from=2&to=1`, { headers: { cookie: admin } })).status).toBe(400);
    expect((await fetch(`${srv.url}/api/v1/reports/export?table=tags`)).status).toBe(401);
    a.client.close();
    b.client.close();
  });
});
