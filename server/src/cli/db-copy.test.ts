/**
 * `pnpm db:copy`: a SQLite database with every kind of row, copied into an empty PostgreSQL
 * database, reads the same through the storage ports; a second copy is refused; an interrupted copy
 * (rows missing on the PostgreSQL side) is completed by `--resume`; a difference the copy cannot
 * fix fails the verification. Runs only where PostgreSQL answers (test/pg-db.ts's rules).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../domain/ids';
import type { Storage } from '../storage';
import type { Send, Sender } from '../storage/conversations';
import { aSite, aVisitor, anAgent } from '../storage/contract/fixtures';
import { openPostgresStorage } from '../storage/postgres';
import { openSqliteStorage } from '../storage/sqlite';
import { createPgDatabase, pgAnswers } from '../../test/pg-db';
import { copyDatabase } from './db-copy';

const reachable = await pgAnswers();

describe.runIf(reachable)('db:copy from SQLite to PostgreSQL', () => {
  const dir = mkdtempSync(join(tmpdir(), 'atendo-copy-'));
  const file = join(dir, 'atendo.db');
  let target: Awaited<ReturnType<typeof createPgDatabase>>;
  const conversationIds: string[] = [];

  /** A small team's database: two sites, agents, visitors, conversations with messages, a note, a rating, an article, a canned reply. */
  async function seed(storage: Storage): Promise<void> {
    const site = await aSite(storage);
    await aSite(storage, { name: 'Second' });
    const agent = await anAgent(storage, { name: 'Rita' });
    const a: Sender = { kind: 'agent', agentId: agent.id, agentName: agent.name };
    for (let v = 0; v < 3; v++) {
      const visitor = await aVisitor(storage, site.id, { name: `Visitor ${v}`, email: `v${v}@example.com` });
      const from: Sender = { kind: 'visitor', visitorId: visitor.id, siteId: site.id };
      const first = await storage.conversations.appendBatch([{ sender: from, input: { clientId: `v${v}-0`, body: 'Olá, não consigo pagar' } }]);
      const id = (first.stored[0] as { ok: true; message: { conversationId: string } }).message.conversationId;
      conversationIds.push(id);
      const rest: Send[] = Array.from({ length: 7 }, (_, i) => ({
        sender: i % 2 ? a : from,
        input: { conversationId: id, clientId: `m${v}-${i}`, body: `message ${i} «Привет»` },
      }));
      await storage.conversations.appendBatch(rest);
      await storage.notes.add({ id: newId(), conversationId: id, agentId: agent.id, body: `note ${v}`, createdAt: Date.now() });
    }
    await storage.conversations.setStatus(conversationIds[0]!, 'resolved');
    const visitorId = (await storage.conversations.visitorOf(conversationIds[0]!))!;
    expect(await storage.reports.rate(conversationIds[0]!, visitorId, { csat: 5, nps: 9, comment: 'Ótimo', ratedAt: Date.now() })).toBe(true);
    const now = Date.now();
    await storage.articles.create(
      {
        id: newId(),
        siteId: site.id,
        locale: 'pt-BR',
        title: 'Pagamento',
        body: '# Como pagar',
        published: true,
        views: 3,
        helpful: 1,
        notHelpful: 0,
        botOffered: 0,
        botHelped: 0,
        botNotHelped: 0,
        createdAt: now,
        updatedAt: now,
      },
      50,
    );
    await storage.canned.create({ id: newId(), shortcut: 'hi', body: 'Hello!', createdAt: now });
    // The answer bot: a mode, an article's stems, an answer (a bot message with its card, the state) and a content gap.
    await storage.bot.setMode(site.id, 'always');
    const [article] = await storage.articles.list(site.id);
    await storage.bot.setStems({ articleId: article!.id, title: 'pagament', body: 'com pag', updatedAt: article!.updatedAt });
    const asker = await aVisitor(storage, site.id);
    const asked = await storage.conversations.appendBatch([
      { sender: { kind: 'visitor', visitorId: asker.id, siteId: site.id }, input: { clientId: 'q', body: 'Pagamento?' } },
    ]);
    const botted = (asked.stored[0] as { ok: true; message: { conversationId: string } }).message.conversationId;
    conversationIds.push(botted);
    const card = JSON.stringify({ articles: [{ id: article!.id, title: 'Pagamento', excerpt: 'Como pagar' }] });
    await storage.conversations.appendBatch([
      { sender: { kind: 'bot' }, input: { conversationId: botted, clientId: 'bot-answer', body: 'Estes artigos…', meta: card } },
    ]);
    await storage.bot.addGap(
      { id: newId(), siteId: site.id, locale: 'pt-BR', question: 'Boleto?', norm: 'boleto?', conversationId: botted, createdAt: now },
      100,
    );
  }

  /** What a reader sees, through the ports, for every conversation. */
  async function view(storage: Storage) {
    const out = [];
    for (const id of conversationIds) {
      const c = await storage.conversations.get(id);
      out.push({ c, messages: await storage.conversations.messagesAfter(id, 0, 1000), notes: await storage.notes.list(id) });
    }
    return { out, agents: (await storage.agents.list()).map((x) => x.email).sort(), sites: (await storage.sites.list()).length };
  }

  beforeAll(async () => {
    const lite = openSqliteStorage(file, { writer: 'inline' });
    await seed(lite);
    await lite.close();
    target = await createPgDatabase();
  });
  afterAll(async () => {
    await target?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('copies every table, verifies counts and seqs, and PostgreSQL reads the same', async () => {
    const report = await copyDatabase({ from: file, to: target.url });
    expect(report.conversations).toBe(4);
    const rows = Object.fromEntries(report.tables.map((t) => [t.name, t.rows]));
    expect(rows).toMatchObject({
      sites: 2,
      agents: 1,
      visitors: 4,
      conversations: 4,
      messages: 26,
      notes: 3,
      articles: 1,
      canned_replies: 1,
      article_stems: 1,
      content_gaps: 1,
    });
    for (const t of report.tables) expect(t.copied, t.name).toBe(t.rows);

    const lite = openSqliteStorage(file, { writer: 'inline' });
    const pgs = await openPostgresStorage(target.url, { pool: 2 });
    try {
      const [a, b] = [await view(lite), await view(pgs)];
      expect(b).toEqual(a);
      expect(b.out[0]!.c).toMatchObject({ status: 'resolved', csat: 5, nps: 9 });
      // Search works on the copy (PostgreSQL indexes on its own).
      expect((await pgs.search.search('nao consigo', { visitors: 5, messages: 10 })).messages).toHaveLength(3);
      // The answer bot's state, message card, index (the generated tsvector) and gaps came along.
      expect(b.out[3]!.c).toMatchObject({ botState: 'answered' });
      expect(b.out[3]!.messages[1]).toMatchObject({ author: 'bot', meta: expect.stringContaining('Pagamento') });
      const siteId = b.out[3]!.c!.siteId;
      expect((await pgs.sites.get(siteId))?.botMode).toBe('always');
      expect((await pgs.bot.match(siteId, 'pt-BR', ['pagament'], 5)).map((x) => x.title)).toEqual(['Pagamento']);
      expect(await pgs.bot.gaps(siteId, { from: 0, to: Date.now() + 1, limit: 5 })).toEqual(
        await lite.bot.gaps(siteId, { from: 0, to: Date.now() + 1, limit: 5 }),
      );
    } finally {
      await lite.close();
      await pgs.close();
    }
  });

  it('never migrates the source: a file from an older version is refused as it is', async () => {
    const old = join(dir, 'old.db');
    const lite = openSqliteStorage(old, { writer: 'inline' });
    await lite.close();
    const raw = new Database(old);
    raw.prepare('DELETE FROM __drizzle_migrations WHERE created_at = (SELECT max(created_at) FROM __drizzle_migrations)').run();
    const before = (raw.prepare('SELECT count(*) AS n FROM __drizzle_migrations').get() as { n: number }).n;
    raw.close();
    await expect(copyDatabase({ from: old, to: target.url })).rejects.toThrow(/1 migration\(s\) behind/);
    const after = new Database(old);
    expect((after.prepare('SELECT count(*) AS n FROM __drizzle_migrations').get() as { n: number }).n).toBe(before);
    after.close();
  });

  it('refuses a target that already holds data', async () => {
    await expect(copyDatabase({ from: file, to: target.url })).rejects.toThrow(/already holds data.*--resume/);
  });

  it('--resume completes an interrupted copy; a difference it cannot mend fails the verification', async () => {
    const client = new pg.Client({ connectionString: target.url });
    await client.connect();
    try {
      // As if the copy had stopped in the middle of messages.
      await client.query('DELETE FROM messages WHERE seq > 3');
      const report = await copyDatabase({ from: file, to: target.url, resume: true });
      expect(report.tables.find((t) => t.name === 'messages')).toMatchObject({ rows: 26 });
      expect(Number((await client.query('SELECT count(*) AS n FROM messages')).rows[0].n)).toBe(26);
      // A row the copy keeps as it is (it never overwrites) but that differs: caught.
      await client.query('UPDATE conversations SET last_seq = last_seq + 1 WHERE id = $1', [conversationIds[1]]);
      await expect(copyDatabase({ from: file, to: target.url, resume: true })).rejects.toThrow(/Verification failed: conversation/);
    } finally {
      await client.end();
    }
  });
});
