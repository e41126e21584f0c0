// The durable floor: the bare `ws` relay of ws-floor.mjs plus what any relay that keeps its promise
// must do: every message is inserted into SQLite (WAL, synchronous=FULL, one fsync'd transaction per
// turn of the event loop: group commit) before its ack and its copies go out. Nothing else: no
// validation, no conversations, no search, no second thread. Atendo's gap to this is its own cost;
// this one's gap to ws-floor is what durability costs on this machine.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { WebSocketServer } from 'ws';

const dir = mkdtempSync(join(tmpdir(), 'durable-floor-'));
const db = new Database(join(dir, 'floor.db'));
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.exec(
  'CREATE TABLE messages (id INTEGER PRIMARY KEY, conversation_id TEXT NOT NULL, client_id TEXT NOT NULL, body TEXT NOT NULL, created_at INTEGER NOT NULL)',
);
const insert = db.prepare('INSERT INTO messages (conversation_id, client_id, body, created_at) VALUES (?, ?, ?, ?)');

const agents = new Set();
const corkedNow = new Set();
function corked(ws) {
  if (!corkedNow.has(ws)) {
    corkedNow.add(ws);
    ws._socket.cork();
  }
  return ws;
}

/** Sends of this turn: committed together right after it, then acked and fanned out. */
let pending = [];
const commitAll = db.transaction((batch) => {
  for (const p of batch) p.message.seq = Number(insert.run(p.message.conversationId, p.message.clientId, p.message.body, p.message.createdAt).lastInsertRowid);
});
function flush() {
  const batch = pending;
  pending = [];
  commitAll(batch);
  for (const { ws, message } of batch) {
    corked(ws).send(JSON.stringify({ type: 'ack', clientId: message.clientId, message }));
    const out = JSON.stringify({ type: 'message', message });
    for (const a of agents) if (a !== ws) corked(a).send(out);
  }
  for (const ws of corkedNow) ws._socket.uncork();
  corkedNow.clear();
}

const http = createServer((req, res) => {
  res.writeHead(req.url === '/healthz' ? 200 : 404, { 'content-type': 'application/json' });
  res.end('{"ok":true}');
});
const wss = new WebSocketServer({ server: http, path: '/ws' });
wss.on('connection', (ws) => {
  let role = null;
  ws.on('message', (data) => {
    const frame = JSON.parse(data.toString());
    if (frame.type === 'hello') {
      role = frame.role;
      if (role === 'agent') agents.add(ws);
      ws.send(JSON.stringify({ type: 'welcome', v: 1, role }));
      return;
    }
    if (frame.type === 'message.send') {
      const message = {
        id: '',
        conversationId: frame.conversationId ?? 'c',
        seq: 0,
        clientId: frame.clientId,
        author: role,
        body: frame.body,
        createdAt: Date.now(),
      };
      if (!pending.length) setImmediate(flush);
      pending.push({ ws, message });
    }
  });
  ws.on('close', () => agents.delete(ws));
  ws.on('error', () => {});
});
http.listen(Number(process.env.PORT), '127.0.0.1', () => console.log('listening'));
process.on('SIGTERM', () => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
  process.exit(0);
});
