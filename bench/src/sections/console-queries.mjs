import Database from 'better-sqlite3';
import http from 'node:http';
import { join } from 'node:path';
import { login, startAtendo, tempDataDir } from '../lib/atendo.mjs';
import { prng, round, summarize } from '../lib/stats.mjs';

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';
const WORDS = (
  'order delivery refund invoice password account login shipping tracking payment card discount coupon ' +
  'size color return exchange warranty broken missing package address email phone subscription cancel ' +
  'upgrade plan price receipt bank transfer boleto pix entrega pedido troca reembolso senha conta ' +
  'заказ доставка возврат оплата пароль счет hello thanks please help when where why how today tomorrow ' +
  'yesterday still waiting arrived damaged wrong item quickly support agent manager store website app'
).split(' ');
/** Words the search probe looks for: one common, one rare, one Portuguese, one Russian. */
export const SEARCH_TERMS = ['refund', 'warranty', 'reembolso', 'доставка'];
/** Fixed epoch so the seeded data is identical on every run: 2026-01-01T00:00:00Z. */
const BASE = Date.UTC(2026, 0, 1);

/**
 * Write `conversations` conversations with `perConversation` messages each straight into SQLite:
 * one transaction, prepared statements, a deterministic PRNG. Triggers (visitors' FTS) fire as usual;
 * messages are full-text indexed at the end the way the server does it (above a mark, migration 0007).
 */
export function seed(file, { conversations, perConversation }) {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  const site = db.prepare('SELECT id FROM sites LIMIT 1').get();
  const agent = db.prepare('SELECT id FROM agents LIMIT 1').get();
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
  const insVisitor = db.prepare(
    'INSERT INTO visitors (id, site_id, token_hash, name, email, locale, last_page_url, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const insConv = db.prepare(
    `INSERT INTO conversations (id, site_id, visitor_id, status, last_seq, last_message_preview, last_message_author, last_activity_at, unread_count, created_at, resolved_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insMsg = db.prepare('INSERT INTO messages (id, conversation_id, seq, client_id, author, agent_id, body, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  const t0 = performance.now();
  db.transaction(() => {
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
        msgs.push([id(), convId, s, `seed-${c}-${s}`, lastAuthor, lastAuthor === 'agent' ? agent.id : null, last, at]);
      }
      insVisitor.run(visitorId, site.id, `seed-token-${c}`, rnd() < 0.5 ? `Visitor ${c}` : null, null, 'en', 'https://shop.example/', created, at);
      insConv.run(
        convId,
        site.id,
        visitorId,
        open ? 'open' : 'resolved',
        perConversation,
        last?.slice(0, 140) ?? null,
        perConversation ? lastAuthor : null,
        at,
        open ? unread : 0,
        created,
        open ? null : at,
      );
      for (const m of msgs) insMsg.run(...m);
    }
    db.exec(`INSERT INTO messages_fts(rowid, body) SELECT rowid, body FROM messages WHERE rowid > (SELECT last_rowid FROM search_progress WHERE name = 'messages');
             UPDATE search_progress SET last_rowid = (SELECT coalesce(max(rowid), 0) FROM messages) WHERE name = 'messages'`);
  })();
  const ms = performance.now() - t0;
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return { conversations, messages: conversations * perConversation, seedMs: Math.round(ms) };
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

/** Section 5: the console's queries over HTTP on a seeded database. */
export async function consoleQueries({ conversations, perConversation, runs }) {
  const dataDir = tempDataDir();
  // First start creates the schema, the site and the admin; then the data goes in with the server stopped.
  let s = await startAtendo({ dataDir });
  await s.stop();
  const seeded = seed(join(dataDir, 'atendo.db'), { conversations, perConversation });
  s = await startAtendo({ dataDir });
  const out = { ...seeded, restartHealthzMs: Math.round(s.healthzMs), runs };
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
    return out;
  } finally {
    agent.destroy();
    await s.stop();
    s.cleanup();
  }
}
