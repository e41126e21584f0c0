import Database from 'better-sqlite3';
import { rmSync } from 'node:fs';
import { createHash } from 'node:crypto';
import http from 'node:http';
import { join } from 'node:path';
import { login, startAtendo, tempDataDir } from '../lib/atendo.mjs';
import { createDatabase, withClient } from '../lib/postgres.mjs';
import { prng, round, summarize } from '../lib/stats.mjs';

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';
const WORDS = (
  'order delivery refund invoice password account login shipping tracking payment card discount coupon ' +
  'size color return exchange warranty broken missing package address email phone subscription cancel ' +
  'upgrade plan price receipt bank transfer boleto pix entrega pedido troca reembolso senha conta ' +
  'заказ доставка возврат оплата пароль счет hello thanks please help when where why how today tomorrow ' +
  'yesterday still waiting arrived damaged wrong item quickly support agent manager store website app'
).split(' ');
/**
 * Words the search probe looks for: four in every part of the history (English, Portuguese, Russian),
 * and one only older messages have (OLD_WORD): newest-first search finds none of it among recent
 * messages, the case PostgreSQL answers through its GIN index and a sort of every match.
 */
export const SEARCH_TERMS = ['refund', 'warranty', 'reembolso', 'доставка', 'zanzibar'];
/** In one message of 20 among the oldest 90% of the seed, in none of the newest 10%. */
const OLD_WORD = 'zanzibar';
/** Fixed epoch so the seeded data is identical on every run: 2026-01-01T00:00:00Z. */
const BASE = Date.UTC(2026, 0, 1);

/**
 * The seed, one conversation at a time: its visitor, the conversation and its messages, as rows in
 * the columns' order of the INSERTs below. A deterministic PRNG, so every run and every store gets
 * the same rows (ids included; only the site's and the agent's ids are each database's own).
 */
function* seedRows({ conversations, perConversation }, siteId, agentId) {
  const rnd = prng(7);
  const id = () => {
    let s = '';
    for (let i = 0; i < 16; i++) s += ALPHABET[(rnd() * 36) | 0];
    return s;
  };
  const words = (min, max) => {
    const n = min + ((rnd() * (max - min + 1)) | 0);
    const out = [];
    for (let i = 0; i < n; i++) out.push(WORDS[(rnd() * WORDS.length) | 0]);
    return out.join(' ');
  };
  // Message ids as the server makes them (newSortableId: the time in base 36, then random), one
  // millisecond apart in the order the seed writes them: so id order is insertion order, as in a
  // real database, and PostgreSQL's newest-first by id (search) sees what SQLite's rowid order sees.
  let n = 0;
  const total = conversations * perConversation;
  const messageId = () => (BASE - 180 * 86_400_000 + n++).toString(36).padStart(9, '0') + id().slice(0, 7);
  for (let c = 0; c < conversations; c++) {
    const visitorId = id();
    const convId = id();
    const created = BASE - Math.floor(rnd() * 180 * 86_400_000);
    const open = rnd() < 0.25;
    let at = created;
    let last = null;
    let lastAuthor = 'visitor';
    let unread = 0;
    const msgs = [];
    for (let s = 1; s <= perConversation; s++) {
      at += 1000 + Math.floor(rnd() * 120_000);
      lastAuthor = s % 2 === 1 || rnd() < 0.2 ? 'visitor' : 'agent';
      unread = lastAuthor === 'visitor' ? unread + 1 : 0;
      last = words(3, 18);
      // Appended without drawing from the PRNG: every other row stays as it was before this word.
      if (n < total * 0.9 && n % 20 === 0) last += ` ${OLD_WORD}`;
      msgs.push([messageId(), convId, s, `seed-${c}-${s}`, lastAuthor, lastAuthor === 'agent' ? agentId : null, last, at]);
    }
    const visitor = [visitorId, siteId, `seed-token-${c}`, rnd() < 0.5 ? `Visitor ${c}` : null, null, 'en', 'https://shop.example/', created, at];
    const conv = [
      convId,
      siteId,
      visitorId,
      open ? 'open' : 'resolved',
      perConversation,
      last?.slice(0, 140) ?? null,
      perConversation ? lastAuthor : null,
      at,
      open ? unread : 0,
      created,
      open ? null : at,
    ];
    yield { visitor, conv, msgs };
  }
}

const VISITOR_COLUMNS = ['id', 'site_id', 'token_hash', 'name', 'email', 'locale', 'last_page_url', 'created_at', 'last_seen_at'];
const CONVERSATION_COLUMNS = [
  'id',
  'site_id',
  'visitor_id',
  'status',
  'last_seq',
  'last_message_preview',
  'last_message_author',
  'last_activity_at',
  'unread_count',
  'created_at',
  'resolved_at',
];
const MESSAGE_COLUMNS = ['id', 'conversation_id', 'seq', 'client_id', 'author', 'agent_id', 'body', 'created_at'];

/**
 * Write the seed straight into SQLite: one transaction, prepared statements. Triggers (visitors'
 * FTS) fire as usual; messages are full-text indexed at the end the way the server does it (above a
 * mark, migration 0007).
 */
export function seed(file, size) {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  const site = db.prepare('SELECT id FROM sites LIMIT 1').get();
  const agent = db.prepare('SELECT id FROM agents LIMIT 1').get();
  const insert = (table, cols) => db.prepare(`INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`);
  const insVisitor = insert('visitors', VISITOR_COLUMNS);
  const insConv = insert('conversations', CONVERSATION_COLUMNS);
  const insMsg = insert('messages', MESSAGE_COLUMNS);
  const t0 = performance.now();
  db.transaction(() => {
    for (const { visitor, conv, msgs } of seedRows(size, site.id, agent.id)) {
      insVisitor.run(...visitor);
      insConv.run(...conv);
      for (const m of msgs) insMsg.run(...m);
    }
    db.exec(`INSERT INTO messages_fts(rowid, body) SELECT rowid, body FROM messages WHERE rowid > (SELECT last_rowid FROM search_progress WHERE name = 'messages');
             UPDATE search_progress SET last_rowid = (SELECT coalesce(max(rowid), 0) FROM messages) WHERE name = 'messages'`);
  })();
  const ms = performance.now() - t0;
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return { conversations: size.conversations, messages: size.conversations * size.perConversation, seedMs: Math.round(ms) };
}

/** Column types for `unnest` (node-postgres sends JS arrays as array literals; the casts say what they hold). */
const PG_TYPES = { seq: 'int', last_seq: 'int', unread_count: 'int', created_at: 'int8', last_seen_at: 'int8', last_activity_at: 'int8', resolved_at: 'int8' };

/** `INSERT INTO table (cols) SELECT * FROM unnest($1::text[], $2::int8[], …)`: one statement for many rows. */
function unnestInsert(table, cols) {
  return `INSERT INTO ${table} (${cols.join(', ')}) SELECT * FROM unnest(${cols.map((c, i) => `$${i + 1}::${PG_TYPES[c] ?? 'text'}[]`).join(', ')})`;
}

/** Rows (arrays in `cols` order) as one array per column, for unnestInsert. */
const columnsOf = (rows, cols) => cols.map((_, i) => rows.map((r) => r[i]));

/**
 * The same seed into PostgreSQL (a database the server has migrated and bootstrapped), through SQL
 * as the SQLite one goes through its file: one transaction, a thousand conversations per batch,
 * three statements a batch. PostgreSQL indexes messages for search as they go in (a generated
 * tsvector column, a GIN index): that is most of the time (about 45 µs a message here; larger
 * batches or a second connection did not make it faster). Then VACUUM ANALYZE, as autovacuum would
 * after a million inserts, so the planner has statistics.
 */
export async function seedPostgres(url, size, batch = 1000) {
  return withClient(url, async (c) => {
    const site = (await c.query('SELECT id FROM sites LIMIT 1')).rows[0];
    const agent = (await c.query('SELECT id FROM agents LIMIT 1')).rows[0];
    const t0 = performance.now();
    await c.query('BEGIN');
    let rows = { visitors: [], convs: [], msgs: [] };
    const flush = async () => {
      await c.query(unnestInsert('visitors', VISITOR_COLUMNS), columnsOf(rows.visitors, VISITOR_COLUMNS));
      await c.query(unnestInsert('conversations', CONVERSATION_COLUMNS), columnsOf(rows.convs, CONVERSATION_COLUMNS));
      await c.query(unnestInsert('messages', MESSAGE_COLUMNS), columnsOf(rows.msgs, MESSAGE_COLUMNS));
      rows = { visitors: [], convs: [], msgs: [] };
    };
    for (const row of seedRows(size, site.id, agent.id)) {
      rows.visitors.push(row.visitor);
      rows.convs.push(row.conv);
      rows.msgs.push(...row.msgs);
      if (rows.convs.length >= batch) await flush();
    }
    if (rows.convs.length) await flush();
    await c.query('COMMIT');
    const seedMs = Math.round(performance.now() - t0);
    const t1 = performance.now();
    await c.query('VACUUM ANALYZE');
    return {
      conversations: size.conversations,
      messages: size.conversations * size.perConversation,
      seedMs,
      vacuumAnalyzeMs: Math.round(performance.now() - t1),
    };
  });
}

/**
 * One GET on a keep-alive node:http agent (one socket): cheaper and steadier on the client side than
 * fetch (undici), so the figures are the server's more than the load generator's.
 */
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
function get(url, cookie) {
  return new Promise((ok, fail) => {
    http
      .get(url, { agent, headers: { cookie } }, (res) => {
        const chunks = [];
        res.on('data', (d) => chunks.push(d));
        res.on('end', () => ok({ status: res.statusCode, text: Buffer.concat(chunks).toString() }));
        res.on('error', fail);
      })
      .on('error', fail);
  });
}

/** Sequential requests over one keep-alive connection; the first few (JIT warm-up) are not counted. */
async function timed(url, cookie, runs, warmup = 10) {
  for (let i = 0; i < warmup; i++) await get(url, cookie);
  const samples = [];
  let status = 0;
  let text = '';
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    ({ status, text } = await get(url, cookie));
    samples.push(performance.now() - t);
    if (status !== 200) break;
  }
  let body = null;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: status says what happened
  }
  return { status, body, ...summarize(samples) };
}

const pick = ({ n, p50, p95, p99 }) => ({ n, p50, p95, p99 });

/** An endpoint exists when it does not answer "No such API endpoint" (404 from the API's catch-all). */
async function exists(url, cookie) {
  const res = await fetch(url, { headers: { cookie } });
  await res.arrayBuffer();
  return res.status !== 404 && res.status !== 405;
}

/** Candidate paths for per-view unread counts, in the order they are tried (first that exists wins). */
const COUNT_PATHS = ['/api/v1/conversations/counts', '/api/v1/views/counts', '/api/v1/views', '/api/v1/counts', '/api/v1/inbox/counts'];

/** A short digest of a list of ids (in order), or null when there was no list. */
const digest = (ids) => (ids ? `${ids.length}:${createHash('sha1').update(ids.join(',')).digest('hex').slice(0, 12)}` : null);

/** The queries on one running server; `out` gets a figure per query. */
async function measure(s, runs, out) {
  out.restartHealthzMs = Math.round(s.healthzMs);
  out.runs = runs;
  // What each query answered (a digest of the ids, in order): both stores hold the same rows, so
  // the same query must answer the same; a difference is printed (a store's bug, or a seed's).
  const answers = (out.answers = {});
  try {
    const { cookie } = await login(s.base);
    const api = `${s.base}/api/v1`;
    // The HTTP floor: the cheapest authenticated endpoint, same server, same client.
    out.http_floor_auth_me = pick(await timed(`${api}/auth/me`, cookie, runs));
    for (const status of ['open', 'all']) {
      const first = await timed(`${api}/conversations?status=${status}&limit=50`, cookie, runs);
      out[`inbox_${status}_first`] = pick(first);
      const cursor = first.body?.nextCursor;
      if (cursor) {
        const next = await timed(`${api}/conversations?status=${status}&limit=50&cursor=${encodeURIComponent(cursor)}`, cookie, runs);
        out[`inbox_${status}_next`] = pick(next);
      }
      out[`inbox_${status}_items`] = first.body?.items?.length ?? 0;
      answers[`inbox_${status}`] = digest(first.body?.items?.map((c) => c.id));
    }
    // Transcript of one conversation (what opening a chat loads).
    const conv = (await (await fetch(`${api}/conversations?status=all&limit=1`, { headers: { cookie } })).json()).items?.[0];
    if (conv) out.transcript = pick(await timed(`${api}/conversations/${conv.id}/messages?limit=100`, cookie, runs));

    out.unreadCounts = { missing: true, probed: COUNT_PATHS };
    for (const path of COUNT_PATHS) {
      if (await exists(`${s.base}${path}`, cookie)) {
        out.unreadCounts = { path, ...pick(await timed(`${s.base}${path}`, cookie, runs)) };
        break;
      }
    }
    if (await exists(`${api}/search?q=refund`, cookie)) {
      const all = [];
      const perTerm = {};
      for (const q of SEARCH_TERMS) {
        const r = await timed(`${api}/search?q=${encodeURIComponent(q)}`, cookie, Math.max(5, Math.round(runs / SEARCH_TERMS.length)));
        perTerm[q] = { status: r.status, p50: r.p50, p95: r.p95, hits: r.body?.items?.length ?? null };
        answers[`search_${q}`] = digest(r.body?.items?.map((h) => `${h.conversation?.id}:${h.messageSeq}`));
        all.push(r);
      }
      const p95 = Math.max(...all.map((r) => r.p95 ?? Infinity));
      out.search = {
        path: '/api/v1/search?q=',
        p50: round(Math.max(...all.map((r) => r.p50 ?? Infinity))),
        p95: round(p95),
        perTerm,
        ok: all.every((r) => r.status === 200),
      };
    } else {
      out.search = { missing: true };
    }
    // Reports over the whole seed (every conversation, a 400-day period): one row per conversation
    // is read for the durations (percentiles and business hours are taken in the server).
    const period = `from=${BASE - 400 * 86_400_000}&to=${BASE + 86_400_000}`;
    out.report_400d = pick(await timed(`${api}/reports?${period}`, cookie, Math.max(5, Math.round(runs / 20)), 2));
    // A month (about a sixth of the seed): the conversations of the period found by their creation time.
    out.report_30d = pick(await timed(`${api}/reports?from=${BASE - 30 * 86_400_000}&to=${BASE + 86_400_000}`, cookie, Math.max(5, Math.round(runs / 20)), 2));
    out.report_csv_agents = pick(await timed(`${api}/reports/export?table=agents&${period}`, cookie, Math.max(5, Math.round(runs / 20)), 2));
    return out;
  } finally {
    // Sockets to this server are useless once it stops: the next server gets new ones.
    agent.destroy();
    await s.stop();
  }
}

/**
 * Section 5: the console's queries over HTTP on a seeded database, on each store: the same rows
 * written into each (SQLite's file directly, PostgreSQL through SQL), each server started by the
 * bench on its own seeded data. Returns `{ sqlite, postgres }`, each store's figures (or `{ error }`:
 * one store failing leaves the other's figures).
 */
export async function consoleQueries({ conversations, perConversation, runs, stores = ['sqlite'] }) {
  const size = { conversations, perConversation };
  const out = {};
  if (stores.includes('sqlite')) {
    const dataDir = tempDataDir();
    try {
      // First start creates the schema, the site and the admin; then the data goes in with the server stopped.
      const first = await startAtendo({ dataDir });
      await first.stop();
      const seeded = seed(join(dataDir, 'atendo.db'), size);
      out.sqlite = await measure(await startAtendo({ dataDir }), runs, { store: 'sqlite', ...seeded });
    } catch (err) {
      out.sqlite = { error: String(err?.message ?? err).slice(0, 800) };
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
  if (stores.includes('postgres')) {
    const database = await createDatabase();
    let s = null;
    try {
      // The same way: a first start migrates and bootstraps, the seed goes in with the server stopped.
      s = await startAtendo({ database });
      await s.stop();
      const seeded = await seedPostgres(database.url, size);
      s = await startAtendo({ database, dataDir: s.dataDir });
      out.postgres = await measure(s, runs, { store: 'postgres', ...seeded });
    } catch (err) {
      out.postgres = { error: String(err?.message ?? err).slice(0, 800) };
    } finally {
      await s?.stop();
      if (s) await s.cleanup();
      else await database.drop();
    }
  }
  if (out.sqlite?.answers && out.postgres?.answers) {
    const a = out.sqlite.answers;
    const b = out.postgres.answers;
    out.postgres.differentFromSqlite = Object.keys(a).filter((k) => a[k] !== b[k]);
  }
  return out;
}
