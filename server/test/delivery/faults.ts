/**
 * `pnpm test:faults`: restart the server repeatedly (kill -9 and SIGTERM, alternately) and cut client
 * sockets at random, under a bounded load of visitors and agents on 127.0.0.1. Each client behaves
 * as the widget and the console do: an outbox that resends unacked messages with the same clientId
 * (to the conversation each was addressed to), `resume` with the highest contiguous seq it holds,
 * and `history.get` for any hole it sees. Then it checks both sides:
 * - storage: every acknowledged message stored exactly once, nothing stored twice, seqs 1..n;
 * - clients: every agent holds every seq 1..n of every conversation, every visitor every seq of
 *   its own, and no socket received the same message twice (replay or live).
 * Prints what it did and what it found; exits 1 on any violation. Bounded: about 20 s by default.
 *
 * With ATENDO_TEST_STORE=postgres the server runs on a PostgreSQL database of its own, and in the
 * middle of every round every connection it has to PostgreSQL is killed (`pg_terminate_backend`, as
 * a database restart or failover would): batches in flight fail, their senders retry, the server
 * must neither crash nor need a restart to recover.
 *
 * A heavier run (4 kill -9, 4 SIGTERM, ~40 s): FAULT_VISITORS=12 FAULT_SEND_EVERY_MS=40 FAULT_RESTARTS=8 FAULT_CUTS=25 FAULT_ROUND_MS=3000.
 */
import { WebSocket } from 'ws';
import { PROTOCOL_VERSION, type Message, type ServerFrame } from '@atendo/shared';
import { login } from '../helpers';
import { siteIdOf, startProc, storeEnv, tempDataDir, transcript, type ServerProc } from './proc';
import { requirePostgresOrSkip, terminateConnections, testStore } from '../pg-db';

const VISITORS = Number(process.env.FAULT_VISITORS ?? 4);
const AGENTS = Number(process.env.FAULT_AGENTS ?? 2);
const RESTARTS = Number(process.env.FAULT_RESTARTS ?? 6);
const ROUND_MS = Number(process.env.FAULT_ROUND_MS ?? 1200);
const SEND_EVERY_MS = Number(process.env.FAULT_SEND_EVERY_MS ?? 15);
/** Client sockets cut at random over the whole run (the client reconnects and resumes). */
const CUTS = Number(process.env.FAULT_CUTS ?? 20);
const RUN = Math.random().toString(36).slice(2).padEnd(12, '0');

interface Client {
  name: string;
  kind: 'visitor' | 'agent';
  token?: string;
  /** A visitor's own conversation; for an agent, the one it is writing to now. */
  conversationId?: string;
  ws?: WebSocket;
  ready: boolean;
  n: number;
  /** clientId → body and, for agents, the conversation it was addressed to. */
  outbox: Map<string, { body: string; conversationId?: string }>;
  acked: Map<string, { seq: number; conversationId: string }>;
  /** What the client holds: conversation → seq → clientId (from acks, live frames, replays, history). */
  held: Map<string, Map<number, string>>;
  /** Conversation → highest seq s such that 1..s are all held. */
  contiguous: Map<string, number>;
  /** Conversations with a `history.get` in flight on this socket. */
  healing: Set<string>;
  /** `conversation:seq` of every message frame the current socket received: a second one is a violation. */
  onSocket: Set<string>;
  repeats: string[];
  healed: number;
}

let proc: ServerProc;
let cookie = '';
let siteId = '';
let stopping = false;
const conversations = new Set<string>();
const log = (s: string) => console.log(`[faults] ${s}`);

function hold(c: Client, m: Pick<Message, 'conversationId' | 'seq' | 'clientId'>): void {
  conversations.add(m.conversationId);
  let byseq = c.held.get(m.conversationId);
  if (!byseq) c.held.set(m.conversationId, (byseq = new Map()));
  byseq.set(m.seq, m.clientId);
  let k = c.contiguous.get(m.conversationId) ?? 0;
  while (byseq.has(k + 1)) k++;
  c.contiguous.set(m.conversationId, k);
}

/** Ask for what lies between the contiguous seq and the newest held or announced one. */
function heal(c: Client, conversationId: string, newest: number): void {
  const k = c.contiguous.get(conversationId) ?? 0;
  if (newest <= k || c.healing.has(conversationId) || !c.ready || c.ws?.readyState !== WebSocket.OPEN) return;
  c.healing.add(conversationId);
  c.healed++;
  c.ws.send(JSON.stringify({ type: 'history.get', conversationId, after: k }));
}

function newestHeld(c: Client, conversationId: string): number {
  let max = 0;
  for (const s of c.held.get(conversationId)?.keys() ?? []) max = Math.max(max, s);
  return max;
}

/** `resume`: per conversation, the highest contiguous seq (a visitor: its own; an agent: every one it knows). */
function resumeOf(c: Client): Record<string, number> {
  const ids = c.kind === 'visitor' ? (c.conversationId ? [c.conversationId] : []) : [...conversations];
  return Object.fromEntries(ids.map((id) => [id, c.contiguous.get(id) ?? 0]));
}

function connect(c: Client): Promise<void> {
  if (c.ws && c.ws.readyState !== WebSocket.CLOSED) c.ws.terminate();
  return new Promise((resolve) => {
    const headers: Record<string, string> = { origin: proc.url, ...(c.kind === 'agent' ? { cookie } : {}) };
    const ws = new WebSocket(proc.wsUrl, { headers });
    c.ws = ws;
    c.ready = false;
    c.healing = new Set();
    c.onSocket = new Set();
    ws.on('open', () => {
      const resume = resumeOf(c);
      ws.send(
        JSON.stringify(
          c.kind === 'agent'
            ? { type: 'hello', v: PROTOCOL_VERSION, role: 'agent', resume }
            : { type: 'hello', v: PROTOCOL_VERSION, role: 'visitor', siteId, ...(c.token ? { token: c.token } : {}), resume },
        ),
      );
    });
    ws.on('message', (data) => {
      if (c.ws !== ws) return;
      const f = JSON.parse(String(data)) as ServerFrame;
      switch (f.type) {
        case 'welcome':
          c.ready = true;
          // Resend the outbox with the same clientIds, each to its own conversation (widget and console do the same).
          for (const [clientId, item] of c.outbox) sendItem(c, clientId, item);
          resolve();
          break;
        case 'session':
          c.token = f.token;
          break;
        case 'ack':
          c.outbox.delete(f.clientId);
          c.conversationId ??= f.message.conversationId;
          c.acked.set(f.clientId, { seq: f.message.seq, conversationId: f.message.conversationId });
          hold(c, f.message);
          heal(c, f.message.conversationId, f.message.seq);
          break;
        case 'message': {
          const key = `${f.message.conversationId}:${f.message.seq}`;
          if (c.onSocket.has(key)) c.repeats.push(key);
          c.onSocket.add(key);
          hold(c, f.message);
          heal(c, f.message.conversationId, f.message.seq);
          if (f.conversation) heal(c, f.conversation.id, f.conversation.lastSeq);
          break;
        }
        case 'conversation':
          conversations.add(f.conversation.id);
          // A row can overtake its message within a commit (a new conversation's row goes out at once):
          // like the console, fetch only if the client is still behind a moment later.
          setTimeout(() => heal(c, f.conversation.id, f.conversation.lastSeq), 1000);
          break;
        case 'resync':
          heal(c, f.conversationId, f.lastSeq);
          break;
        case 'history': {
          for (const m of f.messages) hold(c, m);
          c.healing.delete(f.conversationId);
          const newest = newestHeld(c, f.conversationId);
          heal(c, f.conversationId, f.more ? newest + 1 : newest);
          break;
        }
      }
    });
    ws.on('error', () => resolve());
    ws.on('close', () => {
      if (c.ws === ws) c.ready = false;
      resolve();
    });
  });
}

function sendItem(c: Client, clientId: string, item: { body: string; conversationId?: string }) {
  if (!c.ready || !c.ws || c.ws.readyState !== WebSocket.OPEN) return;
  let conversationId = item.conversationId;
  if (c.kind === 'visitor') {
    // A visitor's first message goes without a conversation; the rest wait for its ack.
    if (!c.conversationId && clientId !== [...c.outbox.keys()][0]) return;
    conversationId = c.conversationId;
  }
  c.ws.send(JSON.stringify({ type: 'message.send', ...(conversationId ? { conversationId } : {}), clientId, body: item.body }));
}

/** Cut one client's socket from its side (as a network drop would) and reconnect a moment later. */
async function cut(c: Client): Promise<void> {
  c.ws?.terminate();
  c.ready = false;
  await new Promise((r) => setTimeout(r, 20 + Math.random() * 200));
  if (!stopping) await connect(c);
}

const makeClient = (name: string, kind: Client['kind']): Client => ({
  name,
  kind,
  ready: false,
  n: 0,
  outbox: new Map(),
  acked: new Map(),
  held: new Map(),
  contiguous: new Map(),
  healing: new Set(),
  onSocket: new Set(),
  repeats: [],
  healed: 0,
});

async function main() {
  await requirePostgresOrSkip('[faults]');
  const started = Date.now();
  const data = tempDataDir();
  proc = await startProc(data.dir);
  const port = Number(new URL(proc.url).port);
  siteId = await siteIdOf(proc.url);
  cookie = await login(proc.url);
  log(`server pid ${proc.child.pid} on ${proc.url}, data in ${data.dir}`);
  const clients: Client[] = [];
  for (let i = 0; i < VISITORS; i++) clients.push(makeClient(`v${i}`, 'visitor'));
  for (let i = 0; i < AGENTS; i++) clients.push(makeClient(`a${i}`, 'agent'));
  await Promise.all(clients.map(connect));
  const visitors = clients.filter((c) => c.kind === 'visitor');

  let violations = 0;
  let kills = 0;
  let terms = 0;
  let cuts = 0;
  let dbKills = 0;
  const cutting: Promise<void>[] = [];
  const totalMs = ROUND_MS * (RESTARTS + 1);
  for (let round = 0; round <= RESTARTS; round++) {
    // Load: everyone writes every few ms; agents answer the visitors' conversations round-robin.
    const until = Date.now() + ROUND_MS;
    let dbKilled = testStore !== 'postgres';
    while (Date.now() < until) {
      if (!dbKilled && Date.now() > until - ROUND_MS / 2) {
        dbKilled = true;
        const pid = proc.child.pid;
        const n = await terminateConnections((await storeEnv(data.dir)).ATENDO_DATABASE_URL!);
        dbKills++;
        log(`round ${round + 1}: killed ${n} PostgreSQL connection(s) of server pid ${pid}`);
      }
      for (const c of clients) {
        if (c.kind === 'agent') c.conversationId = visitors[(c.n + round) % visitors.length]!.conversationId;
        if (c.kind === 'agent' && !c.conversationId) continue;
        if (c.outbox.size > 50) continue; // bounded: an offline client stops typing
        // Unguessable-length ids, like the widget's: a token-less retry of a first message claims its visitor.
        const clientId = `${c.name}-${c.n++}-${RUN}`;
        const item = { body: `${c.name} message ${c.n}`, ...(c.kind === 'agent' ? { conversationId: c.conversationId! } : {}) };
        c.outbox.set(clientId, item);
        sendItem(c, clientId, item);
      }
      // About CUTS cuts spread over the run, each of a random client.
      if (cuts < CUTS && Math.random() < (CUTS * SEND_EVERY_MS) / totalMs) {
        cuts++;
        cutting.push(cut(clients[Math.floor(Math.random() * clients.length)]!));
      }
      await new Promise((r) => setTimeout(r, SEND_EVERY_MS));
    }
    if (proc.child.exitCode !== null || proc.child.signalCode !== null) {
      log(`VIOLATION: the server exited by itself during round ${round + 1} (${proc.child.exitCode ?? proc.child.signalCode}): ${proc.stderr().slice(-2000)}`);
      violations++;
    }
    if (round === RESTARTS) break;
    const hard = round % 2 === 0;
    if (hard) {
      await proc.kill9();
      kills++;
    } else {
      await proc.term();
      terms++;
    }
    const unacked = clients.reduce((n, c) => n + c.outbox.size, 0);
    log(`round ${round + 1}: ${hard ? 'kill -9' : 'SIGTERM'}, ${unacked} messages unacked in outboxes; restarting`);
    proc = await startProc(data.dir, port);
    cookie = await login(proc.url);
    await Promise.all(cutting.splice(0));
    await Promise.all(clients.map(connect));
  }
  stopping = true;
  await Promise.all(cutting.splice(0));
  for (const c of clients) if (!c.ready) await connect(c);

  // Drain: let every outbox empty.
  const drainUntil = Date.now() + 10_000;
  while (clients.some((c) => c.outbox.size) && Date.now() < drainUntil) {
    for (const c of clients) for (const [id, item] of c.outbox) sendItem(c, id, item);
    await new Promise((r) => setTimeout(r, 300));
  }
  const left = clients.reduce((n, c) => n + c.outbox.size, 0);
  if (left) {
    log(`VIOLATION: ${left} messages never acked`);
    violations++;
  }

  // Check storage against every ack.
  const convIds = [...new Set(visitors.map((v) => v.conversationId).filter((x): x is string => Boolean(x)))];
  let stored = 0;
  const lastSeq = new Map<string, number>();
  const rowsByClient = new Map<string, { seq: number; conversationId: string }[]>();
  for (const id of convIds) {
    const rows = await transcript(proc.url, cookie, id);
    stored += rows.length;
    lastSeq.set(id, rows.length);
    const seqs = rows.map((r) => r.seq);
    if (seqs.some((s, i) => s !== i + 1)) {
      log(`VIOLATION: conversation ${id} has seqs that are not 1..${rows.length}`);
      violations++;
    }
    for (const r of rows) rowsByClient.set(r.clientId, [...(rowsByClient.get(r.clientId) ?? []), { seq: r.seq, conversationId: id }]);
  }
  let acked = 0;
  for (const c of clients) {
    for (const [clientId, ack] of c.acked) {
      acked++;
      const rows = rowsByClient.get(clientId) ?? [];
      if (rows.length !== 1 || rows[0]!.seq !== ack.seq || rows[0]!.conversationId !== ack.conversationId) {
        log(
          `VIOLATION: ${clientId} acked as seq ${ack.seq} in ${ack.conversationId} but stored ${rows.length} time(s)${rows[0] ? ` as seq ${rows[0].seq} in ${rows[0].conversationId}` : ''}`,
        );
        violations++;
      }
    }
  }
  for (const [clientId, rows] of rowsByClient) {
    if (rows.length > 1) {
      log(`VIOLATION: ${clientId} stored ${rows.length} times`);
      violations++;
    }
  }

  // Check the clients: what each must hold, complete and in order, as storage has it.
  const owed = (c: Client) => (c.kind === 'agent' ? convIds : c.conversationId ? [c.conversationId] : []);
  const complete = (c: Client) => owed(c).every((id) => (c.contiguous.get(id) ?? 0) >= lastSeq.get(id)!);
  const settleUntil = Date.now() + 5_000;
  while (!clients.every(complete) && Date.now() < settleUntil) await new Promise((r) => setTimeout(r, 100));
  for (const c of clients) {
    for (const id of owed(c)) {
      const held = c.held.get(id) ?? new Map<number, string>();
      const n = lastSeq.get(id)!;
      const missing = Array.from({ length: n }, (_, i) => i + 1).filter((s) => !held.has(s));
      const wrong = [...held].filter(([s, clientId]) => (rowsByClient.get(clientId)?.[0]?.seq ?? -1) !== s);
      if (missing.length || wrong.length) {
        log(`VIOLATION: ${c.name} is missing ${missing.length} of seqs 1..${n} of ${id}${wrong.length ? ` and holds ${wrong.length} at the wrong seq` : ''}`);
        violations++;
      }
    }
    if (c.repeats.length) {
      log(`VIOLATION: ${c.name} received ${c.repeats.length} message(s) twice on one socket, e.g. ${c.repeats.slice(0, 3).join(', ')}`);
      violations++;
    }
  }
  for (const c of clients) c.ws?.close();
  await proc.kill9();
  await data.remove();
  const healed = clients.reduce((n, c) => n + c.healed, 0);
  log(
    `did (${testStore}): ${VISITORS} visitors + ${AGENTS} agents, ${kills} kill -9 and ${terms} SIGTERM restarts, ${cuts} sockets cut, ${dbKills} times every database connection killed, ${clients.reduce((n, c) => n + c.n, 0)} messages sent, ${healed} holes fetched, in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  log(
    `found: ${acked} acked, ${stored} stored in ${convIds.length} conversations, every client complete: ${clients.every(complete)}, ${violations} violation(s)`,
  );
  process.exit(violations ? 1 : 0);
}

main().catch((err) => {
  console.error('[faults] failed:', err);
  process.exit(1);
});
