/** Pre-chat and leave-a-message forms: the `contact` frame, and business hours in the widget config. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_WIDGET_SETTINGS, type WidgetConfigResponse } from '@atendo/shared';
import { identityHash } from '../src/security/identity';
import { login, settle, startTestServer, TestClient } from './helpers';
import { agentSocket, chattingVisitor, visitorHello } from './attacks/kit';

let srv: Awaited<ReturnType<typeof startTestServer>>;
let cookie: string;
beforeAll(async () => {
  srv = await startTestServer();
  cookie = await login(srv.url);
});
afterAll(() => srv.close());

const visitorRow = (id: string) => srv.services.visitors.get(id);
const profile = async (visitorId: string) => {
  const res = await fetch(`${srv.url}/api/v1/live/visitors/${visitorId}`, { headers: { cookie } });
  return ((await res.json()) as { visitor: { name: string | null; email: string | null; verified: boolean } }).visitor;
};
const conversation = async (id: string) => {
  const res = await fetch(`${srv.url}/api/v1/conversations/${id}`, { headers: { cookie } });
  return ((await res.json()) as { conversation: { visitorName: string | null; visitorEmail?: string | null; visitorVerified?: boolean } }).conversation;
};

describe('contact frame', () => {
  it('before the first message: remembered on the socket, stored when the message creates the visitor', async () => {
    const c = await TestClient.connect(srv.wsUrl);
    c.send(visitorHello(srv.siteId));
    await c.next('welcome');
    c.send({ type: 'contact', name: '  Ana Souza ', email: 'ana@example.com' });
    await settle();
    // Nothing exists yet: no visitor row, no token (privacy: nothing stored before the visitor writes).
    expect(c.of('session')).toEqual([]);
    expect(c.of('error')).toEqual([]);
    c.send({ type: 'message.send', clientId: 'prechat-first-message-1', body: 'Do you ship to Recife?' });
    const session = await c.next('session');
    const ack = await c.next('ack');
    expect(await profile(session.visitorId)).toMatchObject({ name: 'Ana Souza', email: 'ana@example.com', verified: false });
    expect(await conversation(ack.message.conversationId)).toMatchObject({ visitorName: 'Ana Souza', visitorEmail: 'ana@example.com', visitorVerified: false });
    // Agents find the visitor by what they typed.
    const hits = (await (await fetch(`${srv.url}/api/v1/search?q=Souza`, { headers: { cookie } })).json()) as {
      items: { conversation: { id: string }; match: string }[];
    };
    expect(hits.items.filter((h) => h.match === 'visitor').map((h) => h.conversation.id)).toContain(ack.message.conversationId);
    c.close();
  });

  it('after the visitor exists: stored at once, and agents get the new label live', async () => {
    const agent = await agentSocket(srv.wsUrl, cookie);
    const v = await chattingVisitor(srv.wsUrl, srv.siteId);
    v.client.send({ type: 'contact', email: 'later@example.com' });
    const update = await agent.next('conversation', (f) => f.conversation.id === v.conversationId && f.conversation.visitorEmail === 'later@example.com');
    expect(update.conversation.visitorName).toBeNull();
    expect(await visitorRow(v.visitorId)).toMatchObject({ email: 'later@example.com', verified: false, externalId: null });
    // The Visitors page too: the visitor on the site is relabelled without reconnecting.
    const live = await agent.next('visitor.live', (f) => f.visitor.visitorId === v.visitorId && f.visitor.email === 'later@example.com');
    expect(live.visitor.name).toBeNull();
    const listed = (await (await fetch(`${srv.url}/api/v1/live/visitors`, { headers: { cookie } })).json()) as {
      items: { visitorId: string; email: string | null }[];
    };
    expect(listed.items.find((x) => x.visitorId === v.visitorId)?.email).toBe('later@example.com');
    v.client.close();
    agent.close();
  });

  it('never overwrites a verified visitor and never marks anyone verified', async () => {
    const secret = (await srv.services.sites.security(srv.siteId)).secret;
    const identity = { userId: 'cust-prechat', hash: identityHash(secret, 'cust-prechat'), name: 'Verified Name', email: 'real@example.com' };
    // Verified, first message still to come: the pending identity is not relabelled.
    const fresh = await TestClient.connect(srv.wsUrl);
    fresh.send(visitorHello(srv.siteId, { identity }));
    await fresh.next('welcome');
    fresh.send({ type: 'contact', name: 'Impostor', email: 'evil@example.com' });
    fresh.send({ type: 'message.send', clientId: 'verified-first-message-1', body: 'hi' });
    const session = await fresh.next('session');
    await fresh.next('ack');
    expect(await visitorRow(session.visitorId)).toMatchObject({ name: 'Verified Name', email: 'real@example.com', verified: true });
    // Verified and existing: the frame is ignored.
    fresh.send({ type: 'contact', name: 'Impostor', email: 'evil@example.com' });
    await settle();
    expect(await visitorRow(session.visitorId)).toMatchObject({ name: 'Verified Name', email: 'real@example.com', verified: true, externalId: 'cust-prechat' });
    fresh.close();

    // An anonymous visitor giving a contact stays unverified.
    const anon = await chattingVisitor(srv.wsUrl, srv.siteId);
    anon.client.send({ type: 'contact', name: 'Bia', email: 'real@example.com' });
    await settle();
    expect(await visitorRow(anon.visitorId)).toMatchObject({ name: 'Bia', email: 'real@example.com', verified: false, externalId: null });
    anon.client.close();
  });

  it('refuses bad input with a clear error and keeps the socket open', async () => {
    const v = await chattingVisitor(srv.wsUrl, srv.siteId);
    const before = await visitorRow(v.visitorId);
    const bad: unknown[] = [
      { type: 'contact', email: 'nope' },
      { type: 'contact', name: 'x'.repeat(500) },
      { type: 'contact' },
      { type: 'contact', name: '   ', email: '' },
      { type: 'contact', name: 'Ana', verified: true },
      { type: 'contact', name: { first: 'Ana' } },
    ];
    for (const frame of bad) v.client.send(frame);
    await settle(100);
    const errors = v.client.of('error');
    expect(errors).toHaveLength(bad.length);
    expect(errors.every((e) => e.code === 'bad_request')).toBe(true);
    expect(errors[0]!.message).toMatch(/E-mail address is not valid/);
    expect(errors[3]!.message).toBe('Give a name or an e-mail address');
    expect(await visitorRow(v.visitorId)).toMatchObject({ name: before!.name, email: before!.email });
    // Still usable.
    v.client.send({ type: 'ping' });
    await v.client.next('pong');
    v.client.close();
  });
});

describe('contact frame limits', () => {
  it('refuses more than a handful of contact updates per socket (each one re-sends conversations to agents)', async () => {
    const v = await chattingVisitor(srv.wsUrl, srv.siteId);
    for (let i = 0; i < 12; i++) v.client.send({ type: 'contact', name: `Name ${i}` });
    // The ten accepted ones are written one after the other (on PostgreSQL that takes a moment).
    for (const until = Date.now() + 5_000; (await visitorRow(v.visitorId))?.name !== 'Name 9' && Date.now() < until;) await settle(50);
    await settle(150);
    const errors = v.client.of('error');
    expect(errors.map((e) => e.code)).toEqual(['rate_limited', 'rate_limited']);
    expect((await visitorRow(v.visitorId))?.name).toBe('Name 9');
    v.client.close();
  });
});

describe('business hours in the widget config', () => {
  const config = async () => ((await (await fetch(`${srv.url}/api/v1/widget/config?site=${srv.siteId}`)).json()) as WidgetConfigResponse).config;
  const save = async (hours: typeof DEFAULT_WIDGET_SETTINGS.hours) =>
    fetch(`${srv.url}/api/v1/sites/${srv.siteId}/widget-settings`, {
      method: 'PUT',
      headers: { cookie, 'content-type': 'application/json', origin: srv.url },
      body: JSON.stringify({ ...(await srv.services.sites.widgetSettings(srv.siteId)), hours }),
    });

  it('is open with no next opening while hours are off', async () => {
    expect((await config()).hours).toEqual({ open: true, nextOpenAt: null });
  });

  it('says closed, and when it opens, outside the opening hours', async () => {
    // Open only on a weekday that is not today (in UTC), from 00:00 to 00:01.
    const other = (new Date().getUTCDay() + 3) % 7;
    expect((await save({ enabled: true, timezone: 'UTC', openings: [{ day: other, open: '00:00', close: '00:01' }] })).status).toBe(200);
    const { hours } = await config();
    expect(hours?.open).toBe(false);
    const next = new Date(hours!.nextOpenAt!);
    expect(next.getUTCDay()).toBe(other);
    expect(next.getUTCHours() * 60 + next.getUTCMinutes()).toBe(0);
    expect(hours!.nextOpenAt! - Date.now()).toBeLessThan(7 * 86_400_000);
    expect((await save({ ...DEFAULT_WIDGET_SETTINGS.hours, enabled: false })).status).toBe(200);
  });

  it('refuses an unknown time zone or a closing time before the opening', async () => {
    const badZone = await save({ enabled: true, timezone: 'Nowhere/City', openings: [] });
    expect(badZone.status).toBe(400);
    const backwards = await save({ enabled: true, timezone: 'UTC', openings: [{ day: 1, open: '18:00', close: '09:00' }] });
    expect(backwards.status).toBe(400);
    expect(((await backwards.json()) as { error: { message: string } }).error.message).toMatch(/before closing/);
  });
});
