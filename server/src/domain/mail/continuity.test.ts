/**
 * Continuity out against a REAL SMTP server: an in-process `smtp-server` on 127.0.0.1 collects what
 * Atendo sends, and `mailparser` reads it back. The services run over a SQLite file, so a "restart"
 * is closing the storage and opening the same file with new services.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ParsedMail } from 'mailparser';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig, type MailConfig } from '../../config';
import { startServer } from '../../server';
import { aSite, aVisitor, anAgent } from '../../storage/contract/fixtures';
import { openSqliteStorage, type SqliteStorage } from '../../storage/sqlite';
import type { AgentRow, SiteRow, VisitorRow } from '../../storage/types';
import { createServices, type Services } from '../services';
import { conversationForToken } from './index';
import { hashReplyToken } from './tokens';
import { smtpCatcher, until } from '../../../test/smtp-catcher';

const DELAY_MS = 300;

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => ok(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface World {
  dir: string;
  file: string;
  smtpPort: number;
  storage: SqliteStorage;
  services: Services;
  logs: string[];
}

const worlds: World[] = [];
const catchers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const w of worlds.splice(0)) {
    await stop(w);
    rmSync(w.dir, { recursive: true, force: true });
  }
  for (const c of catchers.splice(0)) await c.close();
});

function mailConfig(smtpPort: number, patch: Partial<MailConfig> = {}): MailConfig {
  return {
    smtpUrl: `smtp://127.0.0.1:${smtpPort}`,
    from: { name: 'Atendo', address: 'atendo@chat.example.com' },
    inboundDomain: 'reply.example.com',
    delayMs: DELAY_MS,
    ...patch,
  };
}

/** Services over `file` with e-mail on, started. */
async function open(
  w: Pick<World, 'dir' | 'file' | 'smtpPort'>,
  patch: Partial<MailConfig> = {},
  retryDelaysMs = [150, 150, 150, 150, 150, 150, 150],
): Promise<World> {
  const storage = openSqliteStorage(w.file, { writer: 'inline' });
  const logs: string[] = [];
  const services = await createServices(
    storage,
    { publicUrl: 'https://chat.example.com', sessionTtlMs: 3_600_000, dataDir: w.dir, mail: mailConfig(w.smtpPort, patch) },
    { mail: { pollMs: 50, scanMs: 50, retryDelaysMs, jitter: 0, log: (m) => logs.push(m) } },
  );
  services.mail!.start();
  return { ...w, storage, services, logs };
}

async function stop(w: World): Promise<void> {
  await w.services.mail?.stop();
  await w.storage.close();
}

interface Scene extends World {
  site: SiteRow;
  agent: AgentRow;
  visitor: VisitorRow;
  conversationId: string;
}

/** A site, an agent and a visitor (with an address unless told) who wrote once; services started. */
async function scene(smtpPort: number, visitorPatch: Partial<VisitorRow> = {}, mailPatch: Partial<MailConfig> = {}, retryDelaysMs?: number[]): Promise<Scene> {
  const dir = mkdtempSync(join(tmpdir(), 'atendo-mail-'));
  const file = join(dir, 'atendo.db');
  // Rows first (the agents' names are loaded when the services start).
  const seed = openSqliteStorage(file, { writer: 'inline' });
  const site = await aSite(seed, { teamName: 'Acme Support', allowedOrigins: '["https://shop.example.com"]' });
  const agent = await anAgent(seed, { name: 'Ana' });
  const visitor = await aVisitor(seed, site.id, { email: 'visitor@example.net', locale: 'en', lastPageUrl: 'https://shop.example.com/cart', ...visitorPatch });
  await seed.close();
  const world = await open({ dir, file, smtpPort }, mailPatch, retryDelaysMs);
  worlds.push(world);
  const first = await world.services.conversations.send(
    { kind: 'visitor', visitorId: visitor.id, siteId: site.id },
    { clientId: 'v1', body: 'Where is my order #1234? See https://evil.example/x' },
  );
  return { ...world, site, agent, visitor, conversationId: first.message.conversationId };
}

function reply(s: Scene, w: World, clientId: string, body: string) {
  return w.services.conversations.send({ kind: 'agent', agentId: s.agent.id, agentName: s.agent.name }, { conversationId: s.conversationId, clientId, body });
}

const header = (mail: ParsedMail, name: string) => {
  const v = mail.headers.get(name.toLowerCase());
  return typeof v === 'string' ? v : Array.isArray(v) ? v.join(' ') : v ? String((v as { text?: string }).text ?? v) : undefined;
};

describe('continuity e-mail (a real SMTP server)', () => {
  it('sends an agent reply after the delay: threading headers, Reply-To with a stored token hash, Auto-Submitted, both parts, escaped', async () => {
    const smtp = await smtpCatcher();
    catchers.push(smtp);
    const s = await scene(smtp.port);
    const written = Date.now();
    await reply(s, s, 'a1', 'Hi! It ships today.\nTrack it at https://track.example.com/1234 <script>alert(1)</script>');
    await until('the e-mail', () => smtp.received.length === 1);
    expect(Date.now() - written).toBeGreaterThanOrEqual(DELAY_MS - 20);
    const mail = smtp.received[0]!;

    expect(mail.to && !Array.isArray(mail.to) ? mail.to.value[0]?.address : undefined).toBe('visitor@example.net');
    expect(mail.from?.value[0]).toEqual({ name: 'Acme Support', address: 'atendo@chat.example.com' });
    expect(mail.subject).toBe('New reply from Acme Support');
    expect(mail.messageId).toMatch(/^<[^<>@\s]+@chat\.example\.com>$/);
    expect(mail.inReplyTo).toBeUndefined();
    expect(header(mail, 'Auto-Submitted')).toBe('auto-generated');

    // Reply-To: a fresh token whose SHA-256 is stored, leading to the conversation.
    const replyTo = mail.replyTo && !Array.isArray(mail.replyTo) ? mail.replyTo.value[0]?.address : undefined;
    const token = /^reply\+([a-z2-7]{32})@reply\.example\.com$/.exec(replyTo ?? '')?.[1];
    expect(token).toBeDefined();
    expect(await s.storage.mail.conversationForTokenHash(hashReplyToken(token!))).toBe(s.conversationId);
    expect(await conversationForToken(s.storage.mail, token!)).toBe(s.conversationId);
    // The database keeps the hash only once the e-mail is sent.
    const [row] = await s.storage.mail.forConversation(s.conversationId);
    expect(row).toMatchObject({ state: 'sent', attempts: 0, replyTo: null, dedupeKey: `continuity:${s.conversationId}:2` });
    expect(JSON.stringify(row)).not.toContain(token);

    // Both parts: the reply, the recap, the link back; the script is text.
    expect(mail.text).toContain('Ana:\nHi! It ships today.');
    expect(mail.text).toContain('> Where is my order #1234?');
    expect(mail.text).toContain('Continue the conversation: https://shop.example.com/cart');
    expect(mail.text).toContain('<script>alert(1)</script>');
    const html = String(mail.html);
    expect(html).not.toContain('<script>');
    expect(html).toContain('&#60;script&#62;alert(1)&#60;/script&#62;');
    expect(html).toContain('Hi! It ships today.<br>');
    expect(html).toContain('<a href="https://track.example.com/1234">https://track.example.com/1234</a>');
    expect(html).toContain('<a href="https://shop.example.com/cart">Continue the conversation</a>');
    expect(html).toContain('Where is my order #1234? See https://evil.example/x');
    // The visitor's words in the recap are no links.
    expect(html).not.toContain('href="https://evil.example');

    // The next window's e-mail threads onto this one.
    await reply(s, s, 'a2', 'One more thing.');
    await until('the second e-mail', () => smtp.received.length === 2);
    const next = smtp.received[1]!;
    expect(next.inReplyTo).toBe(mail.messageId);
    expect(header(next, 'References')).toContain(mail.messageId!);
    expect(next.text).toContain('One more thing.');
    expect(next.text).not.toContain('It ships today');
  });

  it("writes in the visitor's language (pt-BR), with the site's first origin as the link when no page is known", async () => {
    const smtp = await smtpCatcher();
    catchers.push(smtp);
    const s = await scene(smtp.port, { locale: 'pt-BR', lastPageUrl: null });
    await reply(s, s, 'a1', 'Olá! Já enviamos.');
    await until('the e-mail', () => smtp.received.length === 1);
    const mail = smtp.received[0]!;
    expect(mail.subject).toBe('Nova resposta de Acme Support');
    expect(mail.text).toContain('Acme Support respondeu à sua conversa:');
    expect(mail.text).toContain('Continuar a conversa: https://shop.example.com');
    expect(String(mail.html)).toContain('lang="pt-BR"');
  });

  it('sends ONE e-mail for two replies within the window; a note never appears; no Reply-To without ATENDO_INBOUND_DOMAIN', async () => {
    const smtp = await smtpCatcher();
    catchers.push(smtp);
    const s = await scene(smtp.port, {}, { inboundDomain: null });
    await reply(s, s, 'a1', 'First reply.');
    await s.services.notes.add(s.conversationId, s.agent.id, 'INTERNAL: customer is difficult');
    await reply(s, s, 'a2', 'Second reply.');
    await until('the e-mail', () => smtp.received.length === 1);
    await sleep(DELAY_MS + 200);
    expect(smtp.received).toHaveLength(1);
    const mail = smtp.received[0]!;
    expect(mail.text).toContain('First reply.');
    expect(mail.text).toContain('Second reply.');
    expect(mail.text).not.toContain('INTERNAL');
    expect(String(mail.html)).not.toContain('INTERNAL');
    expect(mail.replyTo).toBeUndefined();
    expect(mail.text).not.toContain('reply to this e-mail');
    expect((await s.storage.mail.forConversation(s.conversationId)).map((r) => r.dedupeKey)).toEqual([`continuity:${s.conversationId}:3`]);
  });

  it('sends nothing when the visitor read the replies in the widget before the delay', async () => {
    const smtp = await smtpCatcher();
    catchers.push(smtp);
    const s = await scene(smtp.port);
    await reply(s, s, 'a1', 'First.');
    const { message } = await reply(s, s, 'a2', 'Second.');
    await s.services.conversations.markVisitorRead(s.conversationId, s.visitor.id, message.seq);
    await until('the window to close', async () => (await s.storage.mail.conversationMail(s.conversationId))?.mailedSeq === message.seq);
    await sleep(200);
    expect(await s.storage.mail.conversationMail(s.conversationId)).toMatchObject({ dueAt: null, lastMessageId: null });
    expect(await s.storage.mail.forConversation(s.conversationId)).toEqual([]);
    expect(smtp.received).toEqual([]);
  });

  it('enqueues nothing for a visitor without an e-mail address', async () => {
    const smtp = await smtpCatcher();
    catchers.push(smtp);
    const s = await scene(smtp.port, { email: null });
    await reply(s, s, 'a1', 'Hello?');
    await sleep(DELAY_MS + 300);
    expect(await s.storage.mail.conversationMail(s.conversationId)).toBeUndefined();
    expect(await s.storage.mail.forConversation(s.conversationId)).toEqual([]);
    expect(smtp.received).toEqual([]);
  });

  it('SMTP down while replies are written: the row is retried, survives a restart of the services, and is sent exactly once when the server is back', async () => {
    const port = await freePort();
    const s = await scene(port);
    await reply(s, s, 'a1', 'Written while the mail server is down.');
    // Enqueued, tried, failed (connection refused), queued for a retry.
    await until('a failed attempt', async () => {
      const [row] = await s.storage.mail.forConversation(s.conversationId);
      return (row?.attempts ?? 0) >= 2;
    });
    const [failing] = await s.storage.mail.forConversation(s.conversationId);
    expect(failing).toMatchObject({ state: expect.stringMatching(/^(queued|sending)$/), lastError: expect.stringMatching(/ECONNREFUSED/) });
    expect(s.logs.some((l) => l.includes('not sent'))).toBe(true);

    // Restart: stop the services, close the file, open it again with new services and a new worker.
    worlds.splice(worlds.indexOf(s), 1);
    await stop(s);
    const smtp = await smtpCatcher(port);
    catchers.push(smtp);
    const again = await open(s);
    worlds.push(again);
    await until('the e-mail', () => smtp.received.length === 1);
    await sleep(500);
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]!.text).toContain('Written while the mail server is down.');
    const rows = await again.storage.mail.forConversation(s.conversationId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ state: 'sent', lastError: null });
  });

  it('a window still waiting at a restart is sent after it, once', async () => {
    const smtp = await smtpCatcher();
    catchers.push(smtp);
    const s = await scene(smtp.port);
    await reply(s, s, 'a1', 'Replied just before a restart.');
    await until('the window', async () => (await s.storage.mail.conversationMail(s.conversationId))?.dueAt != null);
    worlds.splice(worlds.indexOf(s), 1);
    await stop(s);
    expect(smtp.received).toEqual([]);
    const again = await open(s);
    worlds.push(again);
    await until('the e-mail', () => smtp.received.length === 1);
    await sleep(300);
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]!.text).toContain('Replied just before a restart.');
  });

  it('gives up after the last attempt, keeping the reason', async () => {
    const s = await scene(await freePort(), {}, {}, [30, 30]);
    await reply(s, s, 'a1', 'Nobody is listening.');
    await until('the row to fail', async () => (await s.storage.mail.forConversation(s.conversationId))[0]?.state === 'failed');
    const [row] = await s.storage.mail.forConversation(s.conversationId);
    expect(row).toMatchObject({ attempts: 3, replyTo: null, lastError: expect.stringMatching(/ECONNREFUSED/) });
    expect(s.logs.filter((l) => l.includes('giving up'))).toHaveLength(1);
  });

  it('fails at once on a permanent refusal (5xx)', async () => {
    const smtp = await smtpCatcher(0, { refuse: true });
    catchers.push(smtp);
    const s = await scene(smtp.port);
    await reply(s, s, 'a1', 'Nobody will read this.');
    await until('the row to fail', async () => (await s.storage.mail.forConversation(s.conversationId))[0]?.state === 'failed');
    const [row] = await s.storage.mail.forConversation(s.conversationId);
    expect(row).toMatchObject({ attempts: 1, replyTo: null, lastError: expect.stringContaining('No such user here') });
    expect(smtp.received).toEqual([]);
  });

  it('is wired into the server: ATENDO_SMTP_URL set, an agent writes over the API, the e-mail goes out; close stops it', async () => {
    const smtp = await smtpCatcher();
    catchers.push(smtp);
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const admin = { email: 'admin@example.com', password: 'correct horse battery' };
    const config = loadConfig({
      PORT: String(port),
      HOST: '127.0.0.1',
      ATENDO_PUBLIC_URL: url,
      ATENDO_ADMIN_EMAIL: admin.email,
      ATENDO_ADMIN_PASSWORD: admin.password,
      ATENDO_SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
      ATENDO_MAIL_FROM: 'Help Desk <help@example.org>',
      ATENDO_INBOUND_DOMAIN: 'reply.example.org',
      ATENDO_EMAIL_DELAY_SECONDS: '0',
    });
    const running = await startServer(config, { dbFile: ':memory:', mail: { pollMs: 50, scanMs: 50, log: () => {} } });
    try {
      expect(running.services.mail).not.toBeNull();
      const visitor = await aVisitor(running.services.storage, running.boot.siteId, { email: 'buyer@example.net', locale: 'ru' });
      const login = await fetch(`${url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: url },
        body: JSON.stringify(admin),
      });
      const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
      const res = await fetch(`${url}/api/v1/live/visitors/${visitor.id}/conversations`, {
        method: 'POST',
        headers: { cookie, origin: url, 'content-type': 'application/json' },
        body: JSON.stringify({ clientId: 'proactive-1', body: 'Здравствуйте! Чем помочь?' }),
      });
      expect(res.status).toBe(201);
      await until('the e-mail', () => smtp.received.length === 1);
      const mail = smtp.received[0]!;
      expect(mail.subject).toBe('Новый ответ от Support team');
      expect(mail.from?.value[0]).toEqual({ name: 'Support team', address: 'help@example.org' });
      expect(mail.text).toContain('Здравствуйте! Чем помочь?');
      expect(mail.replyTo && !Array.isArray(mail.replyTo) ? mail.replyTo.value[0]?.address : '').toMatch(/^reply\+[a-z2-7]{32}@reply\.example\.org$/);
    } finally {
      await running.close();
    }
  });
});
