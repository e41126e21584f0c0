/**
 * `pnpm test:faults`, e-mail part: a real server process (tsx), a real SMTP server for the outgoing
 * mail and nodemailer as the visitor's mail program, all on 127.0.0.1.
 *
 * a) The SMTP server is down: a visitor leaves a message with an address and goes, an agent replies
 *    three times, the outbox tries, fails and keeps the e-mail queued with the error.
 * b) kill -9 Atendo, the SMTP server comes back on the same port, Atendo restarts on the same data
 *    directory: the e-mail goes out when its retry is due (the production backoff, 30 s ± 20 %;
 *    nothing here shortens it), once, with every reply; after one more restart it is still once.
 * c) While (b) waits for that retry, the inbound listener of the restarted server gets garbage (the
 *    fixture and random bytes: answered 250 and dropped, never a bounce to a forged sender), a message
 *    over ATENDO_INBOUND_MAX_MB (552) and an unknown reply token (550): nothing is stored, and after
 *    each one a good reply IS stored, once even when it is delivered twice with the same Message-ID.
 *    Then every fixture of src/mail-inbound/fixtures (Gmail, Outlook, Apple Mail in en, pt-BR, ru,
 *    an auto-reply, a bounce, list mail), addressed to this run's reply token: each reply stored as
 *    the parser's text (and its file), the machine mail answered 250 with nothing stored.
 *
 * Prints what it did; exits 1 on a violation. Bounded: the whole run is cut at 60 s.
 */
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import type { ParsedMail } from 'mailparser';
import nodemailer, { type SendMailOptions, type Transporter } from 'nodemailer';
import type { ConversationEmailsResponse } from '@atendo/shared';
import { parseInbound } from '../../src/mail-inbound/parse';
import { freePort, login } from '../helpers';
import { smtpCatcher, until } from '../smtp-catcher';
import { agentClient, siteIdOf, startProc, tempDataDir, transcript, visitorClient, type ServerProc } from './proc';
import { requirePostgresOrSkip } from '../pg-db';

/** The fixtures' reply domain, so that they can be sent as they are (with this run's token). */
const DOMAIN = 'reply.example.com';
const FIXTURES = new URL('../../src/mail-inbound/fixtures/', import.meta.url);
const REPLIES = ['We have your order #4512.', 'It left the warehouse this morning.', 'Tracking: BR123456789.'];
/** Longer than the first retry can take: 30 s + 20 % jitter, plus the outbox's 5 s poll and a margin. */
const RETRY_WAIT_MS = 45_000;
const RUN_LIMIT_MS = 60_000;
const DELAY_S = 1;

const log = (s: string) => console.log(`[mail-faults] ${s}`);
const violations: string[] = [];
function check(ok: boolean, what: string): void {
  log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) violations.push(what);
}

let proc: ServerProc | undefined;
const data = tempDataDir();
/** A free port for the SMTP server, down until (b). */
const smtpPort = await smtpCatcher().then(async (c) => {
  await c.close();
  return c.port;
});
const httpPort = await freePort();
const inboundPort = await freePort();
const env = {
  ATENDO_SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
  ATENDO_MAIL_FROM: 'Help Desk <help@example.org>',
  ATENDO_INBOUND_DOMAIN: DOMAIN,
  ATENDO_INBOUND_SMTP_PORT: String(inboundPort),
  ATENDO_INBOUND_SMTP_HOST: '127.0.0.1',
  ATENDO_INBOUND_MAX_MB: '1',
  // The replies take milliseconds: all of them fall in one window (checked).
  ATENDO_EMAIL_DELAY_SECONDS: String(DELAY_S),
};
const start = () => startProc(data.dir, httpPort, env);

/** A client of Atendo's inbound listener; `pool`: one connection for many messages (the listener allows 30 connections a minute from one address). */
const listenerTransport = (pool = false) =>
  nodemailer.createTransport({
    host: '127.0.0.1',
    port: inboundPort,
    secure: false,
    ignoreTLS: true,
    connectionTimeout: 5000,
    socketTimeout: 5000,
    ...(pool ? { pool: true, maxConnections: 1, maxMessages: 20 } : {}),
  });

/** Send one message through the listener (its own SMTP session unless a pooled transport is given); resolves to the response code. */
async function smtpSend(mail: SendMailOptions, transport?: Transporter): Promise<number> {
  const t = transport ?? listenerTransport();
  try {
    const info = (await t.sendMail(mail)) as { response?: string };
    return Number(String(info.response).slice(0, 3));
  } catch (err) {
    const code = (err as { responseCode?: number }).responseCode;
    if (typeof code !== 'number') throw err;
    return code;
  } finally {
    if (!transport) t.close();
  }
}

const emails = async (url: string, cookie: string, conversationId: string) =>
  ((await (await fetch(`${url}/api/v1/conversations/${conversationId}/emails`, { headers: { cookie } })).json()) as ConversationEmailsResponse).emails;
const sentTo = (received: ParsedMail[], address: string) => received.filter((m) => m.to && !Array.isArray(m.to) && m.to.value[0]?.address === address);
const replyToOf = (mail: ParsedMail) => (mail.replyTo && !Array.isArray(mail.replyTo) ? (mail.replyTo.value[0]?.address ?? '') : '');

/** A visitor leaves a message with an address and goes; an agent answers with `replies`. */
async function leftAndAnswered(p: ServerProc, cookie: string, email: string, replies: string[]): Promise<string> {
  const id = email.replace(/\W/g, '-');
  const visitor = await visitorClient(p.wsUrl, await siteIdOf(p.url));
  visitor.send({ type: 'contact', name: 'Ana Souza', email });
  visitor.send({ type: 'message.send', clientId: `left-${id}`, body: 'Where is my order?' });
  const { message } = await visitor.next('ack');
  visitor.close();
  const agent = await agentClient(p.url, p.wsUrl, cookie);
  const t0 = Date.now();
  for (const [i, body] of replies.entries()) {
    const clientId = `reply-${id}-${i}`;
    agent.send({ type: 'message.send', conversationId: message.conversationId, clientId, body });
    // By clientId: `next` also returns frames already received, so a bare 'ack' would be the first one again.
    await agent.next('ack', (f) => f.clientId === clientId);
  }
  agent.close();
  check(Date.now() - t0 < DELAY_S * 1000, `${replies.length} replies written in ${Date.now() - t0} ms, within the ${DELAY_S} s before the e-mail`);
  return message.conversationId;
}

/** (a) SMTP down: the replies are written, the outbox tries and fails, the e-mail stays queued. */
async function smtpDown(): Promise<{ conversationId: string }> {
  proc = await start();
  const cookie = await login(proc.url);
  const conversationId = await leftAndAnswered(proc, cookie, 'ana@example.net', REPLIES);
  log(`SMTP down (port ${smtpPort}); ${REPLIES.length} replies written in ${conversationId}`);
  let failed: Awaited<ReturnType<typeof emails>> = [];
  await until(
    'a failed attempt',
    async () => (failed = await emails(proc!.url, cookie, conversationId)).some((e) => e.state === 'queued' && e.attempts >= 1 && e.lastError),
    15_000,
  );
  check(
    failed.length === 1,
    `one e-mail queued after the failed attempt (${failed.map((e) => `${e.state}, ${e.attempts} attempt(s), "${e.lastError}"`).join('; ')})`,
  );
  return { conversationId };
}

/** (c) Garbage, oversized mail and an unknown token at the listener: nothing stored, still serving. */
async function inboundFaults(p: ServerProc, cookie: string, received: ParsedMail[]): Promise<void> {
  const conversationId = await leftAndAnswered(p, cookie, 'joao@example.net', ['Your refund is on its way.']);
  await until('the e-mail of the second conversation', () => sentTo(received, 'joao@example.net').length > 0, 10_000);
  const replyTo = replyToOf(sentTo(received, 'joao@example.net')[0]!);
  const envelope = { from: 'joao@example.net', to: [replyTo] };
  const count = async () => (await transcript(p.url, cookie, conversationId)).length;
  let n = 0;
  const good = (id: string) => ({
    from: 'João Lima <joao@example.net>',
    to: replyTo,
    subject: 'Re: Your conversation',
    messageId: `<${id}@mail.example.net>`,
    text: `Thanks, got it (${id}).\n\nOn Fri, Dec 4, 2026 at 9:00 AM Help Desk <${replyTo}> wrote:\n\n> Your refund is on its way.\n`,
  });
  /** The listener still serves: a good reply is stored once, also when the sending server delivers it again. */
  async function stillServing(after: string): Promise<void> {
    const before = await count();
    const mail = good(`good-${++n}`);
    const codes = [await smtpSend(mail), await smtpSend(mail)];
    const added = (await transcript(p.url, cookie, conversationId)).slice(before).map((m) => m.body);
    check(
      codes.every((c) => c === 250) && added.length === 1 && added[0] === `Thanks, got it (good-${n}).`,
      `after ${after}: a good reply sent twice with one Message-ID → ${codes.join(', ')}, stored ${added.length}× (${JSON.stringify(added)})`,
    );
  }
  async function refused(what: string, mail: SendMailOptions, expected: number): Promise<void> {
    const before = await count();
    const code = await smtpSend(mail);
    const after = await count();
    check(code === expected && after === before, `${what} → ${code} (want ${expected}), messages ${before} → ${after}`);
    await stillServing(what);
  }

  const garbage = readFileSync(new URL('garbage.eml', FIXTURES));
  await refused('garbage.eml (dropped unread, no bounce)', { envelope, raw: garbage }, 250);
  await refused('64 KB of random bytes (dropped unread, no bounce)', { envelope, raw: randomBytes(64 * 1024) }, 250);
  const big = { ...good('big'), attachments: [{ filename: 'big.bin', content: randomBytes(1024 * 1024 + 1) }] };
  await refused('a reply over ATENDO_INBOUND_MAX_MB=1', big, 552);
  await refused('an unknown reply token', { ...good('unknown'), to: `reply+${'a'.repeat(32)}@${DOMAIN}`, envelope: undefined }, 550);
  await fixturesIn(p, cookie, conversationId, replyTo);
}

/**
 * Every fixture, addressed to this run's reply token, through the listener: each client's reply is
 * stored as the parser's text (and its file), machine mail is answered 250 and stores nothing.
 */
async function fixturesIn(p: ServerProc, cookie: string, conversationId: string, replyTo: string): Promise<void> {
  const token = replyTo.slice('reply+'.length, replyTo.indexOf('@'));
  const opts = { inboundDomain: DOMAIN, maxBytes: 1024 * 1024 };
  const files = readdirSync(FIXTURES)
    .filter((f) => f.endsWith('.eml') && !['garbage.eml', 'no-token.eml'].includes(f))
    .sort();
  const pool = listenerTransport(true);
  for (const file of files) {
    const raw = Buffer.from(
      readFileSync(new URL(file, FIXTURES))
        .toString('latin1')
        .replace(/reply\+[a-z2-7]{32}@/g, `reply+${token}@`),
      'latin1',
    );
    const parsed = await parseInbound(raw, opts);
    const before = await transcript(p.url, cookie, conversationId);
    const code = await smtpSend({ envelope: { from: 'sender@example.net', to: [replyTo] }, raw }, pool);
    const added = (await transcript(p.url, cookie, conversationId)).slice(before.length).map((m) => m.body);
    if (parsed.kind === 'dropped') {
      check(code === 250 && added.length === 0, `${file} (${parsed.reason}) → ${code}, stored ${added.length}`);
    } else {
      const want = [...(parsed.text ? [parsed.text] : []), ...parsed.attachments.map((a) => a.filename)];
      check(code === 250 && JSON.stringify(added) === JSON.stringify(want), `${file} → ${code}, stored ${JSON.stringify(added)}`);
    }
  }
  pool.close();
}

async function main(): Promise<void> {
  await requirePostgresOrSkip('[mail-faults]');
  const started = Date.now();
  const { conversationId } = await smtpDown();
  const failedAt = Date.now();

  // (b) Crash; the SMTP server comes back on the same port; restart on the same data directory.
  await proc!.kill9();
  const smtp = await smtpCatcher(smtpPort);
  proc = await start();
  const cookie = await login(proc.url);
  log(`kill -9, SMTP back on ${smtpPort}, restarted on the same data directory`);

  await inboundFaults(proc, cookie, smtp.received);

  const toAna = () => sentTo(smtp.received, 'ana@example.net');
  await until('the queued e-mail to go out once the SMTP server is back', () => toAna().length > 0, Math.max(1000, RETRY_WAIT_MS - (Date.now() - failedAt)));
  const mail = toAna()[0]!;
  log(`the queued e-mail went out ${((Date.now() - failedAt) / 1000).toFixed(1)} s after the failed attempt`);
  const carried = REPLIES.filter((r) => mail.text?.includes(r));
  check(
    carried.length === REPLIES.length,
    `the e-mail carries every reply written while SMTP was down (${carried.length}/${REPLIES.length})${carried.length === REPLIES.length ? '' : `: ${JSON.stringify(mail.text)}`}`,
  );

  await new Promise((r) => setTimeout(r, 2000));
  await proc.kill9();
  proc = await start();
  const cookie2 = await login(proc.url);
  await new Promise((r) => setTimeout(r, 2500));
  const rows = await emails(proc.url, cookie2, conversationId);
  check(toAna().length === 1, `exactly one e-mail to the visitor after another restart (${toAna().length})`);
  check(rows.length === 1 && rows[0]!.state === 'sent', `the outbox says: ${rows.map((e) => `${e.state} after ${e.attempts} failed attempt(s)`).join('; ')}`);
  await smtp.close();
  log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

const limit = setTimeout(() => {
  violations.push(`not done within ${RUN_LIMIT_MS / 1000} s`);
  finish();
}, RUN_LIMIT_MS);

function finish(err?: unknown): void {
  clearTimeout(limit);
  if (err) violations.push(err instanceof Error ? err.message : String(err));
  const kill = proc?.kill9() ?? Promise.resolve();
  void kill.finally(async () => {
    await data.remove().catch((e: unknown) => violations.push(`cleaning up: ${String(e)}`));
    if (violations.length) {
      console.error(`[mail-faults] ${violations.length} violation(s):\n  ${violations.join('\n  ')}`);
      process.exit(1);
    }
    log('no violations');
    process.exit(0);
  });
}

main().then(() => finish(), finish);
