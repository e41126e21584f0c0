/**
 * E-mail in, wired end to end: a real server with Atendo's REAL inbound SMTP listener and webhook,
 * a real SMTP server in the test collecting the continuity e-mail, and nodemailer as the visitor's
 * mail program. Offline message with an address → agent reply → the e-mail → an answer to its
 * Reply-To → a visitor message `via: 'email'` (quoted history gone, a resolved conversation
 * reopened, the image stored), once per Message-ID; the webhook the same; garbage and oversized
 * mail refused with nothing stored, and the listener still serving.
 */
import type { ParsedMail } from 'mailparser';
import nodemailer, { type SendMailOptions } from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Message } from '@atendo/shared';
import { freePort, login, startTestServer, TestClient } from './helpers';
import { agentSocket, visitorHello } from './attacks/kit';
import { smtpCatcher, until } from './smtp-catcher';

const DOMAIN = 'reply.example.org';
const SECRET = 'inbound-secret-for-tests-0123456789';
/** A 4×4 PNG (the reply-with-image fixture's). */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAQAAAAECAIAAAAmkwkpAAAAEElEQVR4nGP4z8AARwzEcQCukw/x0F8jngAAAABJRU5ErkJggg==', 'base64');

const transport = (port: number) =>
  nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true, connectionTimeout: 5000, greetingTimeout: 5000, socketTimeout: 5000 });

/** Send through Atendo's listener, one SMTP session. */
async function smtpSend(port: number, mail: SendMailOptions) {
  const t = transport(port);
  try {
    return await t.sendMail(mail);
  } finally {
    t.close();
  }
}

/** The raw MIME of a message, as a mail provider's webhook would post it. */
async function rawMime(mail: SendMailOptions): Promise<Buffer> {
  const info = await nodemailer.createTransport({ streamTransport: true, buffer: true }).sendMail(mail);
  return info.message as Buffer;
}

/** The answer a Gmail user writes: new text on top, the e-mail quoted below. */
function answer(replyTo: string, thread: ParsedMail, messageId: string, text: string, attachments: SendMailOptions['attachments'] = []) {
  return {
    from: 'Ana Souza <ana@example.net>',
    to: `Support team <${replyTo}>`,
    subject: `Re: ${thread.subject}`,
    messageId,
    inReplyTo: thread.messageId,
    references: thread.messageId,
    text: `${text}\n\nOn Thu, Dec 3, 2026 at 9:00 AM Support team <\n${replyTo}> wrote:\n\n> We can ship to Recife in 3 days.\n>\n`,
    attachments,
  } satisfies SendMailOptions;
}

let srv: Awaited<ReturnType<typeof startTestServer>>;
let smtp: Awaited<ReturnType<typeof smtpCatcher>>;
let cookie: string;
let inboundPort: number;
const logs: string[] = [];

beforeAll(async () => {
  smtp = await smtpCatcher();
  inboundPort = await freePort();
  srv = await startTestServer(
    { mail: { pollMs: 50, scanMs: 50, log: (m) => logs.push(m) }, inboundSmtp: { closeTimeoutMs: 500 } },
    {
      ATENDO_SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
      ATENDO_MAIL_FROM: 'Help Desk <help@example.org>',
      ATENDO_INBOUND_DOMAIN: DOMAIN,
      ATENDO_INBOUND_SMTP_PORT: String(inboundPort),
      ATENDO_INBOUND_SMTP_HOST: '127.0.0.1',
      ATENDO_INBOUND_SECRET: SECRET,
      ATENDO_INBOUND_MAX_MB: '1',
      ATENDO_EMAIL_DELAY_SECONDS: '0',
    },
  );
  cookie = await login(srv.url);
});
afterAll(async () => {
  await srv?.close();
  await smtp?.close();
});

const messages = (conversationId: string) => srv.services.conversations.messages(conversationId);
const webhook = (body: Buffer, secret = SECRET) =>
  fetch(`${srv.url}/api/v1/inbound/email`, {
    method: 'POST',
    headers: { authorization: `Bearer ${secret}`, 'content-type': 'message/rfc822' },
    body: new Uint8Array(body),
  });

/** A visitor leaves a message with an address and goes; an agent replies; the continuity e-mail arrives. */
async function leftAndAnswered(email: string): Promise<{ conversationId: string; mail: ParsedMail; replyTo: string }> {
  const visitor = await TestClient.connect(srv.wsUrl);
  visitor.send(visitorHello(srv.siteId));
  await visitor.next('welcome');
  visitor.send({ type: 'contact', name: 'Ana Souza', email });
  visitor.send({ type: 'message.send', clientId: `left-${email.replace(/\W/g, '-')}`, body: 'Do you ship to Recife?' });
  const { message } = await visitor.next('ack');
  visitor.close();
  const before = smtp.received.length;
  const agent = await agentSocket(srv.wsUrl, cookie);
  agent.send({
    type: 'message.send',
    conversationId: message.conversationId,
    clientId: `reply-${message.conversationId}`,
    body: 'We can ship to Recife in 3 days.',
  });
  await agent.next('ack');
  agent.close();
  await until('the continuity e-mail', () => smtp.received.length > before);
  const mail = smtp.received.at(-1)!;
  const replyTo = mail.replyTo && !Array.isArray(mail.replyTo) ? mail.replyTo.value[0]!.address! : '';
  return { conversationId: message.conversationId, mail, replyTo };
}

describe('e-mail in through the SMTP listener', () => {
  it('an answer to the continuity e-mail becomes the visitor message, via e-mail, live, reopening the conversation, with its image; once per Message-ID', async () => {
    const { conversationId, mail, replyTo } = await leftAndAnswered('ana@example.net');
    expect(mail.to && !Array.isArray(mail.to) ? mail.to.value[0]!.address : '').toBe('ana@example.net');
    expect(replyTo).toMatch(new RegExp(`^reply\\+[a-z2-7]{32}@${DOMAIN.replace(/\./g, '\\.')}$`));
    await srv.services.conversations.setStatus(conversationId, 'resolved');
    const agent = await agentSocket(srv.wsUrl, cookie);
    const before = (await messages(conversationId)).length;

    const sent = answer(replyTo, mail, '<answer-1@mail.example.net>', 'Yes please, ship it.\nMy street is Rua Aurora 12.', [
      { filename: 'receipt.png', content: PNG, contentType: 'image/png' },
    ]);
    const info = await smtpSend(inboundPort, sent);
    expect(info.response).toMatch(/^250 /);

    const live = await agent.next('message', (f) => f.message.conversationId === conversationId && f.message.body.startsWith('Yes please'));
    expect(live.message).toMatchObject({ author: 'visitor', via: 'email', body: 'Yes please, ship it.\nMy street is Rua Aurora 12.' });
    const after = await messages(conversationId);
    const added = after.slice(before);
    expect(added.map((m: Message) => ({ body: m.body, via: m.via, author: m.author, mime: m.attachment?.mime }))).toEqual([
      { body: 'Yes please, ship it.\nMy street is Rua Aurora 12.', via: 'email', author: 'visitor', mime: undefined },
      { body: 'receipt.png', via: 'email', author: 'visitor', mime: 'image/png' },
    ]);
    // The quoted history stayed out; the image is served back.
    expect(added[0]!.body).not.toContain('We can ship');
    const image = await fetch(`${srv.url}${added[1]!.attachment!.url}`);
    expect(Buffer.from(await image.arrayBuffer())).toEqual(PNG);
    expect((await srv.services.conversations.get(conversationId)).status).toBe('open');

    // Delivered again (the sending server's retry): stored once.
    expect((await smtpSend(inboundPort, sent)).response).toMatch(/^250 /);
    expect(await messages(conversationId)).toHaveLength(after.length);
    expect(logs.some((l) => l.includes('<answer-1@mail.example.net>') && l.includes('stored once'))).toBe(true);
    agent.close();
  });

  it('a retry after a crash between storing the messages and remembering the Message-ID stores them once (client ids from the Message-ID)', async () => {
    const { conversationId, replyTo } = await leftAndAnswered('crash@example.net');
    const token = replyTo.slice('reply+'.length, replyTo.indexOf('@'));
    const parsed = {
      messageId: '<crash-1@mail.example.net>',
      from: { address: 'crash@example.net', name: '' },
      tokens: [token],
      text: 'Once only',
      attachments: [],
    };
    const store = srv.services.storage.mail;
    const recordInbound = store.recordInbound.bind(store);
    // The first delivery dies after storing the message, before its Message-ID is remembered.
    store.recordInbound = () => Promise.reject(new Error('killed'));
    try {
      await expect(srv.services.inboundMail.deliver(parsed)).rejects.toThrow('killed');
    } finally {
      store.recordInbound = recordInbound;
    }
    const count = (await messages(conversationId)).length;
    expect((await messages(conversationId)).at(-1)).toMatchObject({ body: 'Once only', via: 'email' });
    expect(await store.inboundByMessageId('crash-1@mail.example.net')).toBeUndefined();
    // The sending server tries again: the same client id, so the stored message is found, not stored twice.
    expect(await srv.services.inboundMail.deliver(parsed)).toMatchObject({ stored: true, messages: 1 });
    expect(await messages(conversationId)).toHaveLength(count);
    expect(await store.inboundByMessageId('crash-1@mail.example.net')).toMatchObject({ conversationId });
  });

  it('refuses an unknown reply address at RCPT TO, and another domain', async () => {
    const to = `reply+${'a'.repeat(32)}@${DOMAIN}`;
    await expect(smtpSend(inboundPort, { from: 'x@example.net', to, subject: 'hi', text: 'hello' })).rejects.toMatchObject({ responseCode: 550 });
    await expect(smtpSend(inboundPort, { from: 'x@example.net', to: 'someone@example.com', subject: 'relay?', text: 'hello' })).rejects.toMatchObject({
      responseCode: 550,
    });
  });
});

describe('e-mail in through the webhook', () => {
  it('stores the answer as the listener does, once per Message-ID; an unknown token is accepted: false, no-token', async () => {
    const { conversationId, mail, replyTo } = await leftAndAnswered('web@example.net');
    await srv.services.conversations.setStatus(conversationId, 'resolved');
    const before = (await messages(conversationId)).length;
    const raw = await rawMime(answer(replyTo, mail, '<web-1@mail.example.net>', 'Sent through the provider.', [{ filename: 'shot.png', content: PNG }]));

    const res = await webhook(raw);
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ accepted: true });
    const added = (await messages(conversationId)).slice(before);
    expect(added.map((m) => [m.body, m.via, m.attachment?.mime])).toEqual([
      ['Sent through the provider.', 'email', undefined],
      ['shot.png', 'email', 'image/png'],
    ]);
    expect((await srv.services.conversations.get(conversationId)).status).toBe('open');

    const again = await webhook(raw);
    expect(again.status).toBe(202);
    expect(await messages(conversationId)).toHaveLength(before + 2);

    const unknown = await webhook(await rawMime(answer(`reply+${'b'.repeat(32)}@${DOMAIN}`, mail, '<web-2@mail.example.net>', 'Lost?')));
    expect(unknown.status).toBe(202);
    expect(await unknown.json()).toEqual({ accepted: false, reason: 'no-token' });
    expect((await webhook(raw, 'not-the-secret-at-all-0000')).status).toBe(401);
  });

  it('a refused file is skipped, the text still stored, the skip logged', async () => {
    const { conversationId, mail, replyTo } = await leftAndAnswered('files@example.net');
    const before = (await messages(conversationId)).length;
    const raw = await rawMime(
      answer(replyTo, mail, '<web-3@mail.example.net>', 'Here is the program.', [
        { filename: 'setup.exe', content: Buffer.from('MZ\x90\x00 not a file we take') },
      ]),
    );
    const res = await webhook(raw);
    expect(await res.json()).toEqual({ accepted: true });
    const added = (await messages(conversationId)).slice(before);
    expect(added.map((m) => [m.body, m.attachment])).toEqual([['Here is the program.', undefined]]);
    expect(logs.some((l) => l.includes('<web-3@mail.example.net>') && l.includes('setup.exe'))).toBe(true);
  });
});

describe('faults: garbage and oversized mail', () => {
  it('are refused with nothing stored, and the listener serves the next session', async () => {
    const { conversationId, mail, replyTo } = await leftAndAnswered('faults@example.net');
    const before = (await messages(conversationId)).length;
    const envelope = { from: 'faults@example.net', to: [replyTo] };

    // Garbage: not a message (no header, no sender). Answered 250 (no bounce to a forged address), dropped.
    const garbage = await smtpSend(inboundPort, { envelope, raw: Buffer.from('\x00\x01\x02 this is not a message at all \xff\xfe\r\n'.repeat(50), 'latin1') });
    expect(garbage.response).toMatch(/^250 /);
    // Oversized (ATENDO_INBOUND_MAX_MB=1): 552, never parsed.
    const big = await rawMime(
      answer(replyTo, mail, '<big-1@mail.example.net>', 'Too big', [{ filename: 'big.png', content: Buffer.concat([PNG, Buffer.alloc(1024 * 1024)]) }]),
    );
    await expect(smtpSend(inboundPort, { envelope, raw: big })).rejects.toMatchObject({ responseCode: 552 });
    // The webhook refuses the same: 413.
    expect((await webhook(big)).status).toBe(413);
    expect((await webhook(Buffer.from('garbage'))).status).toBe(202);
    expect(await messages(conversationId)).toHaveLength(before);
    expect(await srv.services.storage.mail.inboundByMessageId('big-1@mail.example.net')).toBeUndefined();

    // Still up: the next session is served and stored.
    const ok = await smtpSend(inboundPort, answer(replyTo, mail, '<after-1@mail.example.net>', 'Still there?'));
    expect(ok.response).toMatch(/^250 /);
    expect((await messages(conversationId)).slice(before).map((m) => [m.body, m.via])).toEqual([['Still there?', 'email']]);
  });
});
