/**
 * Agent notification e-mails on a real server with e-mail on (a real SMTP server in the test):
 * each of the three kinds sends, a burst is one e-mail, a setting off or a deactivated agent gets
 * none, an agent with a console open gets no visitor_message e-mail, two MailService instances
 * over the same storage send a batch once; GET/PUT of the agent's own settings.
 */
import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION, type AgentNotifySettingsResponse } from '@atendo/shared';
import { EventBus } from '../src/domain/events';
import { MailService } from '../src/domain/mail';
import { ADMIN, login, settle, startTestServer, TestClient } from './helpers';
import { smtpCatcher, until } from './smtp-catcher';

type Srv = Awaited<ReturnType<typeof startTestServer>>;
let srv: Srv;
let catcher: Awaited<ReturnType<typeof smtpCatcher>>;
const BATCH_MS = 700;

beforeAll(async () => {
  catcher = await smtpCatcher();
  srv = await startTestServer(
    { mail: { notifyBatchMs: BATCH_MS, scanMs: 50 } },
    { ATENDO_SMTP_URL: `smtp://127.0.0.1:${catcher.port}`, ATENDO_MAIL_FROM: 'Lumen Support <help@shop.test>' },
  );
});
afterAll(async () => {
  await srv.close();
  await catcher.close();
});

const mailsTo = (to: string): ParsedMail[] => catcher.received.filter((m) => JSON.stringify(m.to ?? '').includes(to));

async function call<T>(method: string, path: string, cookie: string, body?: unknown) {
  const res = await fetch(`${srv.url}/api/v1${path}`, {
    method,
    headers: { 'content-type': 'application/json', origin: srv.url, cookie },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as T };
}

let n = 0;
/** A fresh agent (signed in) with these settings (through the route). */
async function anAgent(settings: Partial<AgentNotifySettingsResponse['settings']> = {}) {
  const email = `agent${++n}@example.com`;
  const password = `password-of-${n}-agent`;
  const agent = await srv.services.agents.create({ email, name: `Agent ${n}`, role: 'agent', password });
  const cookie = await login(srv.url, { email, password });
  const put = await call<AgentNotifySettingsResponse>('PUT', '/agents/me/notifications', cookie, {
    unattended: true,
    assigned: true,
    visitorMessage: true,
    ...settings,
  });
  expect(put.status).toBe(200);
  return { id: agent.id, email, cookie };
}

/** A visitor who opened a conversation with `first`. */
async function aVisitor(first: string) {
  const client = await TestClient.connect(srv.wsUrl);
  client.send({ type: 'hello', v: PROTOCOL_VERSION, role: 'visitor', siteId: srv.siteId });
  await client.next('welcome');
  let i = 0;
  const say = async (body: string) => {
    client.send({ type: 'message.send', clientId: `m${++i}`, body });
    return (await client.next('ack')).message.conversationId as string;
  };
  const conversationId = await say(first);
  return { client, conversationId, say };
}

/** Wait a whole batch window and a few scans: whatever was going to be sent, was. */
const afterBatch = () => settle(BATCH_MS + 600);

describe('settings over HTTP', () => {
  it('reads the defaults (all on), stores a choice, refuses a malformed body, says e-mail is on', async () => {
    const cookie = await login(srv.url);
    const got = await call<AgentNotifySettingsResponse>('GET', '/agents/me/notifications', cookie);
    expect(got).toEqual({ status: 200, body: { settings: { unattended: true, assigned: true, visitorMessage: true }, emailOn: true } });
    const bad = await call('PUT', '/agents/me/notifications', cookie, { unattended: 'yes', assigned: true, visitorMessage: true });
    expect(bad.status).toBe(400);
    const extra = await call('PUT', '/agents/me/notifications', cookie, { unattended: true, assigned: true, visitorMessage: true, admin: true });
    expect(extra.status).toBe(400);
    const put = await call<AgentNotifySettingsResponse>('PUT', '/agents/me/notifications', cookie, { unattended: true, assigned: false, visitorMessage: true });
    expect(put.body.settings).toEqual({ unattended: true, assigned: false, visitorMessage: true });
    expect((await call<AgentNotifySettingsResponse>('GET', '/agents/me/notifications', cookie)).body.settings.assigned).toBe(false);
    await call('PUT', '/agents/me/notifications', cookie, { unattended: true, assigned: true, visitorMessage: true });
    expect((await fetch(`${srv.url}/api/v1/agents/me/notifications`)).status).toBe(401);
  });
});

describe('agent notification e-mails', () => {
  it('unattended: a new conversation while nobody is online mails every active agent who wants it, once, escaped, with a console link', async () => {
    const on = await anAgent({ assigned: false, visitorMessage: false });
    const off = await anAgent({ unattended: false });
    const gone = await anAgent();
    const admin = (await srv.services.storage.agents.byEmail(ADMIN.email))!;
    await srv.services.team.setActive(admin.id, gone.id, false);
    const { client, conversationId } = await aVisitor('<b>Help</b> & my order #42');
    client.close();
    await until('the unattended e-mail', () => mailsTo(on.email).length > 0);
    await afterBatch();
    const mails = mailsTo(on.email);
    expect(mails).toHaveLength(1);
    const mail = mails[0]!;
    expect(mail.headers.get('auto-submitted')).toBe('auto-generated');
    expect(mail.text).toContain(`${srv.url}/#/conversations/${conversationId}`);
    expect(mail.text).toContain('<b>Help</b> & my order #42');
    expect(mail.html).toContain('&#60;b&#62;Help&#60;/b&#62; &#38; my order #42');
    expect(mail.html).not.toContain('<b>Help');
    expect(mailsTo(off.email)).toHaveLength(0);
    expect(mailsTo(gone.email)).toHaveLength(0);
  });

  it('assigned through POST /conversations/:id/assign: by someone else mails the assignee; assigning oneself does not; the setting off does not', async () => {
    const bia = await anAgent({ unattended: false });
    const self = await anAgent({ unattended: false });
    const no = await anAgent({ unattended: false, assigned: false });
    const adminCookie = await login(srv.url, ADMIN);
    const { client, conversationId } = await aVisitor('Where is my parcel?');
    client.close();
    for (const [agent, cookie] of [
      [bia, adminCookie],
      [self, self.cookie],
      [no, adminCookie],
    ] as const) {
      const res = await call('POST', `/conversations/${conversationId}/assign`, cookie, { agentId: agent.id });
      expect(res.status).toBe(200);
    }
    await until('the assigned e-mail', () => mailsTo(bia.email).length > 0);
    await afterBatch();
    expect(mailsTo(bia.email)).toHaveLength(1);
    expect(mailsTo(bia.email)[0]!.text).toContain('Conversations assigned to you');
    expect(mailsTo(bia.email)[0]!.text).toContain('Where is my parcel?');
    expect(mailsTo(self.email)).toHaveLength(0);
    expect(mailsTo(no.email)).toHaveLength(0);
  });

  it('visitor_message: a burst of 10 messages in an offline agent’s conversation is ONE e-mail with the latest', async () => {
    const caio = await anAgent({ unattended: false, assigned: false });
    const { client, conversationId, say } = await aVisitor('first');
    await srv.services.team.assign(conversationId, caio.id);
    // Spread over several scans (50 ms) but inside one batch window: without the wait they would be several e-mails.
    for (let i = 1; i <= 10; i++) {
      await say(`burst message ${i}`);
      await settle(35);
    }
    client.close();
    await until('the visitor message e-mail', () => mailsTo(caio.email).length > 0);
    await afterBatch();
    const mails = mailsTo(caio.email);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.text).toContain('New visitor messages in your conversations');
    expect(mails[0]!.text).toContain('burst message 10');
    expect(await srv.services.storage.notifications.pending(caio.id)).toEqual([]);
  });

  it('visitor_message: none while the agent has a console open; none for a setting off', async () => {
    const dora = await anAgent({ unattended: false, assigned: false });
    const quiet = await anAgent({ unattended: false, assigned: false, visitorMessage: false });
    const console_ = await TestClient.connect(srv.wsUrl, { cookie: dora.cookie, origin: srv.url });
    console_.send({ type: 'hello', v: PROTOCOL_VERSION, role: 'agent' });
    await console_.next('welcome');
    const a = await aVisitor('hello Dora');
    const b = await aVisitor('hello Quiet');
    await srv.services.team.assign(a.conversationId, dora.id);
    await srv.services.team.assign(b.conversationId, quiet.id);
    await a.say('are you there?');
    await b.say('are you there?');
    await afterBatch();
    expect(mailsTo(dora.email)).toHaveLength(0);
    expect(mailsTo(quiet.email)).toHaveLength(0);
    // The console closed: the next message is e-mailed.
    console_.close();
    await until('Dora offline', () => !srv.services.presence.isConnected(dora.id));
    await a.say('still there?');
    await until('the e-mail once Dora is offline', () => mailsTo(dora.email).length > 0);
    a.client.close();
    b.client.close();
  });

  it('two MailService instances over the same storage send a batch once', async () => {
    const eva = await anAgent({ unattended: false });
    const { client, conversationId } = await aVisitor('one batch please');
    client.close();
    // The last test: the server's own instance stops, so the two below race each other for the batch.
    await srv.services.mail!.agentNotify!.stop();
    // Each reads the waiting rows, then is slow to compose (as over a network database): both hold
    // the same batch when they claim it, and only the claim decides.
    const real = srv.services.storage;
    const slowRead = {
      ...real,
      notifications: {
        settings: (id: string) => real.notifications.settings(id),
        setSettings: (id: string, json: string) => real.notifications.setSettings(id, json),
        add: (row: Parameters<typeof real.notifications.add>[0]) => real.notifications.add(row),
        dueAgents: (before: number, limit: number) => real.notifications.dueAgents(before, limit),
        claim: (...args: Parameters<typeof real.notifications.claim>) => real.notifications.claim(...args),
        pending: async (id: string) => {
          const rows = await real.notifications.pending(id);
          await settle(100);
          return rows;
        },
      },
    };
    const extra = [0, 1].map(
      () =>
        new MailService(
          slowRead,
          new EventBus(),
          () => null,
          { smtpUrl: `smtp://127.0.0.1:${catcher.port}`, from: { name: 'Lumen', address: 'help@shop.test' }, inboundDomain: null, delayMs: 120_000 },
          { notifyBatchMs: BATCH_MS, scanMs: 5 },
          { publicUrl: srv.url, anyoneOnline: () => false, isConnected: () => false },
        ),
    );
    for (const m of extra) m.start();
    try {
      await srv.services.storage.notifications.add({ agentId: eva.id, kind: 'assigned', conversationId, createdAt: Date.now() - 10 * BATCH_MS });
      await until('the batch e-mail', () => mailsTo(eva.email).length > 0);
      await afterBatch();
      expect(mailsTo(eva.email)).toHaveLength(1);
    } finally {
      await Promise.all(extra.map((m) => m.stop()));
    }
  });
});
