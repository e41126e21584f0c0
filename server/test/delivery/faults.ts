/**
 * `pnpm test:faults`: restart the server repeatedly (kill -9 and SIGTERM, alternately) under a bounded
 * load of visitors and agents on 127.0.0.1, each with an outbox that resends unacked messages with the
 * same clientId after reconnecting. Then check that every acknowledged message is stored exactly once,
 * that nothing was stored twice, and that every conversation's seqs are 1..n without a hole.
 * Prints what it did and what it found; exits 1 on any violation. Bounded: ~20 s.
 */
import { WebSocket } from 'ws';
import { PROTOCOL_VERSION, type ServerFrame } from '@atendo/shared';
import { login } from '../helpers';
import { siteIdOf, startProc, tempDataDir, transcript, type ServerProc } from './proc';

const VISITORS = Number(process.env.FAULT_VISITORS ?? 4);
const AGENTS = Number(process.env.FAULT_AGENTS ?? 2);
const RESTARTS = Number(process.env.FAULT_RESTARTS ?? 6);
const ROUND_MS = Number(process.env.FAULT_ROUND_MS ?? 1200);
const SEND_EVERY_MS = 15;
const RUN = Math.random().toString(36).slice(2).padEnd(12, '0');

interface Writer {
  name: string;
  kind: 'visitor' | 'agent';
  token?: string;
  conversationId?: string;
  ws?: WebSocket;
  ready: boolean;
  n: number;
  outbox: Map<string, string>;
  acked: Map<string, { seq: number; conversationId: string }>;
}

let proc: ServerProc;
let cookie = '';
let siteId = '';
const log = (s: string) => console.log(`[faults] ${s}`);

function connect(w: Writer): Promise<void> {
  return new Promise((resolve) => {
    const headers: Record<string, string> = { origin: proc.url, ...(w.kind === 'agent' ? { cookie } : {}) };
    const ws = new WebSocket(proc.wsUrl, { headers });
    w.ws = ws;
    w.ready = false;
    ws.on('open', () => {
      ws.send(JSON.stringify(w.kind === 'agent' ? { type: 'hello', v: PROTOCOL_VERSION, role: 'agent' } : { type: 'hello', v: PROTOCOL_VERSION, role: 'visitor', siteId, ...(w.token ? { token: w.token } : {}) }));
    });
    ws.on('message', (data) => {
      const f = JSON.parse(String(data)) as ServerFrame;
      if (f.type === 'welcome') {
        w.ready = true;
        // Resend the outbox with the same clientIds (the widget and console do the same).
        for (const [clientId, body] of w.outbox) send(w, clientId, body);
        resolve();
      } else if (f.type === 'session') w.token = f.token;
      else if (f.type === 'ack') {
        w.outbox.delete(f.clientId);
        w.conversationId ??= f.message.conversationId;
        w.acked.set(f.clientId, { seq: f.message.seq, conversationId: f.message.conversationId });
      }
    });
    ws.on('error', () => resolve());
    ws.on('close', () => {
      w.ready = false;
      resolve();
    });
  });
}

function send(w: Writer, clientId: string, body: string) {
  if (!w.ready || !w.ws || w.ws.readyState !== WebSocket.OPEN) return;
  // A visitor's first message goes without a conversation; the rest wait for its ack.
  if (w.kind === 'visitor' && !w.conversationId && clientId !== [...w.outbox.keys()][0]) return;
  const conversationId = w.conversationId;
  if (w.kind === 'agent' && !conversationId) return;
  w.ws.send(JSON.stringify({ type: 'message.send', ...(conversationId ? { conversationId } : {}), clientId, body }));
}

async function main() {
  const started = Date.now();
  const data = tempDataDir();
  proc = await startProc(data.dir);
  const port = Number(new URL(proc.url).port);
  siteId = await siteIdOf(proc.url);
  cookie = await login(proc.url);
  log(`server pid ${proc.child.pid} on ${proc.url}, data in ${data.dir}`);
  const writers: Writer[] = [];
  for (let i = 0; i < VISITORS; i++) writers.push({ name: `v${i}`, kind: 'visitor', ready: false, n: 0, outbox: new Map(), acked: new Map() });
  for (let i = 0; i < AGENTS; i++) writers.push({ name: `a${i}`, kind: 'agent', ready: false, n: 0, outbox: new Map(), acked: new Map() });
  await Promise.all(writers.map(connect));
  const visitors = writers.filter((w) => w.kind === 'visitor');

  let violations = 0;
  let kills = 0;
  let terms = 0;
  for (let round = 0; round <= RESTARTS; round++) {
    // Load: everyone writes every few ms; agents answer the visitors' conversations round-robin.
    const until = Date.now() + ROUND_MS;
    while (Date.now() < until) {
      for (const w of writers) {
        if (w.kind === 'agent') w.conversationId = visitors[(w.n + round) % visitors.length]!.conversationId;
        if (w.kind === 'agent' && !w.conversationId) continue;
        if (w.outbox.size > 50) continue; // bounded: an offline client stops typing
        // Unguessable-length ids, like the widget's: a token-less retry of a first message claims its visitor.
        const clientId = `${w.name}-${w.n++}-${RUN}`;
        const body = `${w.name} message ${w.n}`;
        // Agents address a fixed conversation per message, so the outbox resends it to the same one.
        w.outbox.set(clientId, body);
        if (w.kind === 'agent') agentTarget.set(clientId, w.conversationId!);
        sendTo(w, clientId, body);
      }
      await new Promise((r) => setTimeout(r, SEND_EVERY_MS));
    }
    if (round === RESTARTS) break;
    const hard = round % 2 === 0;
    if (hard) {
      await proc.kill9();
      kills++;
    } else {
      proc.child.kill('SIGTERM');
      await new Promise((r) => proc.child.once('exit', r));
      terms++;
    }
    const unacked = writers.reduce((n, w) => n + w.outbox.size, 0);
    log(`round ${round + 1}: ${hard ? 'kill -9' : 'SIGTERM'}, ${unacked} messages unacked in outboxes; restarting`);
    proc = await startProc(data.dir, port);
    cookie = await login(proc.url);
    await Promise.all(writers.map(connect));
  }
  // Drain: let every outbox empty.
  const drainUntil = Date.now() + 10_000;
  while (writers.some((w) => w.outbox.size) && Date.now() < drainUntil) {
    for (const w of writers) if (w.ready) for (const [id, body] of w.outbox) sendTo(w, id, body);
    await new Promise((r) => setTimeout(r, 300));
  }
  const left = writers.reduce((n, w) => n + w.outbox.size, 0);
  if (left) {
    log(`VIOLATION: ${left} messages never acked`);
    violations++;
  }

  // Check storage against every ack.
  const convIds = [...new Set(visitors.map((v) => v.conversationId).filter((x): x is string => Boolean(x)))];
  let stored = 0;
  const rowsByClient = new Map<string, { seq: number; conversationId: string }[]>();
  for (const id of convIds) {
    const rows = await transcript(proc.url, cookie, id);
    stored += rows.length;
    const seqs = rows.map((r) => r.seq);
    if (seqs.some((s, i) => s !== i + 1)) {
      log(`VIOLATION: conversation ${id} has seqs that are not 1..${rows.length}`);
      violations++;
    }
    for (const r of rows) rowsByClient.set(r.clientId, [...(rowsByClient.get(r.clientId) ?? []), { seq: r.seq, conversationId: id }]);
  }
  let acked = 0;
  for (const w of writers) {
    for (const [clientId, ack] of w.acked) {
      acked++;
      const rows = rowsByClient.get(clientId) ?? [];
      if (rows.length !== 1 || rows[0]!.seq !== ack.seq || rows[0]!.conversationId !== ack.conversationId) {
        log(`VIOLATION: ${clientId} acked as seq ${ack.seq} but stored ${rows.length} time(s)`);
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
  for (const w of writers) w.ws?.close();
  await proc.kill9();
  data.remove();
  log(
    `did: ${VISITORS} visitors + ${AGENTS} agents, ${kills} kill -9 and ${terms} SIGTERM restarts, ${writers.reduce((n, w) => n + w.n, 0)} messages sent, in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  log(`found: ${acked} acked, ${stored} stored in ${convIds.length} conversations, ${violations} violation(s)`);
  process.exit(violations ? 1 : 0);
}

const agentTarget = new Map<string, string>();
function sendTo(w: Writer, clientId: string, body: string) {
  if (w.kind === 'agent') {
    if (!w.ready || !w.ws || w.ws.readyState !== WebSocket.OPEN) return;
    w.ws.send(JSON.stringify({ type: 'message.send', conversationId: agentTarget.get(clientId), clientId, body }));
  } else send(w, clientId, body);
}

main().catch((err) => {
  console.error('[faults] failed:', err);
  process.exit(1);
});
