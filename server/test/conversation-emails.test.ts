/**
 * GET /api/v1/conversations/:id/emails: what the console shows about a conversation's e-mails. A real
 * server with e-mail on (a mailer that sends nothing) and one with e-mail off; rows are put in the
 * outbox directly, in states the worker leaves alone (sent, failed, queued for later).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION, type ConversationEmailsResponse } from '@atendo/shared';
import { aMail } from '../src/storage/contract/mail';
import { login, startTestServer, TestClient } from './helpers';

type Server = Awaited<ReturnType<typeof startTestServer>>;
let on: Server;
let off: Server;

beforeAll(async () => {
  [on, off] = await Promise.all([
    startTestServer(
      { mail: { mailer: { send: async () => {}, close: () => {} } } },
      { ATENDO_SMTP_URL: 'smtp://127.0.0.1:2525', ATENDO_EMAIL_DELAY_SECONDS: '300' },
    ),
    startTestServer(),
  ]);
});
afterAll(async () => {
  await Promise.all([on.close(), off.close()]);
});

const get = (srv: Server, path: string, headers: Record<string, string> = {}) => fetch(`${srv.url}/api/v1${path}`, { headers });

/** A visitor's conversation (one message), and the visitor's token. */
async function aConversation(srv: Server): Promise<{ conversationId: string; token: string }> {
  const client = await TestClient.connect(srv.wsUrl);
  client.send({ type: 'hello', v: PROTOCOL_VERSION, role: 'visitor', siteId: srv.siteId, page: { url: 'https://shop.example/', title: 'Shop' } });
  await client.next('welcome');
  client.send({ type: 'message.send', clientId: 'c1', body: 'Hello?' });
  const ack = await client.next('ack');
  const session = await client.next('session');
  client.close();
  return { conversationId: ack.message.conversationId, token: session.token };
}

describe('the widget’s config', () => {
  it('says whether replies are e-mailed (emailReplies), so the leave-a-message form promises it only then', async () => {
    for (const [srv, emailReplies] of [
      [on, true],
      [off, false],
    ] as const) {
      const res = await fetch(`${srv.url}/api/v1/widget/config?site=${srv.siteId}`, { headers: { origin: srv.url } });
      expect(((await res.json()) as { config: { emailReplies: boolean } }).config.emailReplies).toBe(emailReplies);
    }
  });
});

describe('GET /conversations/:id/emails', () => {
  it('lists the conversation’s e-mails with their state, and says e-mail is on with its delay', async () => {
    const admin = await login(on.url);
    const { conversationId } = await aConversation(on);
    const { conversationId: other } = await aConversation(on);
    const t = Date.now();
    const sent = aMail({ conversationId, subject: 'Re: Hello?', state: 'sent', createdAt: t - 3000, sentAt: t - 2000, replyTo: null });
    const failed = aMail({ conversationId, state: 'failed', attempts: 8, lastError: '550 5.1.1 No such user', createdAt: t - 1000 });
    const queued = aMail({ conversationId, attempts: 1, lastError: '421 Try again later', nextAttemptAt: t + 3_600_000, createdAt: t });
    for (const row of [sent, failed, queued, aMail({ conversationId: other, state: 'sent', sentAt: t })]) await on.services.storage.mail.enqueue(row);

    const res = await get(on, `/conversations/${conversationId}/emails`, { cookie: admin });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = (await res.json()) as ConversationEmailsResponse;
    expect(body).toEqual({
      enabled: true,
      delaySeconds: 300,
      emails: [
        { id: sent.id, state: 'sent', subject: 'Re: Hello?', createdAt: t - 3000, sentAt: t - 2000, nextAttemptAt: null, attempts: 0, lastError: null },
        {
          id: failed.id,
          state: 'failed',
          subject: 'Subject',
          createdAt: t - 1000,
          sentAt: null,
          nextAttemptAt: null,
          attempts: 8,
          lastError: '550 5.1.1 No such user',
        },
        {
          id: queued.id,
          state: 'queued',
          subject: 'Subject',
          createdAt: t,
          sentAt: null,
          nextAttemptAt: t + 3_600_000,
          attempts: 1,
          lastError: '421 Try again later',
        },
      ],
    });
    // Neither the recipient nor the bodies go out: the console has the address already.
    expect(JSON.stringify(body)).not.toContain('visitor@example.com');

    // Any agent may read it, as they may read the conversation.
    await on.services.agents.create({ email: 'bia@example.com', name: 'Bia', role: 'agent', password: 'bia-password-1' });
    const agent = await login(on.url, { email: 'bia@example.com', password: 'bia-password-1' });
    expect(((await (await get(on, `/conversations/${conversationId}/emails`, { cookie: agent })).json()) as ConversationEmailsResponse).emails).toHaveLength(3);
  });

  it('says e-mail is off when ATENDO_SMTP_URL is unset, and still lists what the table holds', async () => {
    const admin = await login(off.url);
    const { conversationId } = await aConversation(off);
    expect(await (await get(off, `/conversations/${conversationId}/emails`, { cookie: admin })).json()).toEqual({
      enabled: false,
      delaySeconds: 120,
      emails: [],
    });
    const old = aMail({ conversationId, state: 'sent', sentAt: 5_000, createdAt: 4_000 });
    await off.services.storage.mail.enqueue(old);
    const body = (await (await get(off, `/conversations/${conversationId}/emails`, { cookie: admin })).json()) as ConversationEmailsResponse;
    expect(body.enabled).toBe(false);
    expect(body.emails.map((e) => [e.id, e.state])).toEqual([[old.id, 'sent']]);
  });

  it('refuses without an agent session (a visitor’s token, a forged cookie, nothing), an unknown conversation and a malformed id', async () => {
    const admin = await login(on.url);
    const { conversationId, token } = await aConversation(on);
    const path = `/conversations/${conversationId}/emails`;
    const refused: Record<string, string>[] = [
      {},
      { authorization: `Bearer ${token}` },
      { cookie: `atendo_session=${token}` },
      { cookie: 'atendo_session=forged' },
    ];
    for (const headers of refused) {
      const res = await get(on, path, headers);
      expect(res.status, JSON.stringify(headers)).toBe(401);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unauthorized');
    }
    const unknown = await get(on, '/conversations/0123456789abcdef0123456789/emails', { cookie: admin });
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: { code: string } }).error.code).toBe('not_found');
    for (const bad of ['x'.repeat(200), 'bad%20id', '%3Cscript%3E']) {
      const res = await get(on, `/conversations/${bad}/emails`, { cookie: admin });
      expect(res.status, bad).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('bad_request');
    }
  });
});
