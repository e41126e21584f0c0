// The load generator, run in its own process (the server under test runs in another). It gets its
// task as JSON in argv[2] and reports over IPC. All traffic goes to 127.0.0.1 and every phase is
// bounded in count and time.
import { ioAgent, ioVisitor, wsAgent, wsVisitor } from './clients.mjs';
import { readFileSync, readdirSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { summarize } from '../lib/stats.mjs';

const task = JSON.parse(process.argv[2]);

/** CPU seconds used so far by a process or one of its threads (utime + stime from /proc), or null. */
function cpuOf(path) {
  try {
    const fields = readFileSync(`${path}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

/** CPU seconds of each thread of `pid`, by thread id (threads that ended are left out). */
function threadsOf(pid) {
  const out = new Map();
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      const c = cpuOf(`/proc/${pid}/task/${tid}`);
      if (c !== null) out.set(tid, c);
    }
  } catch {
    // Not Linux, or the process is gone: no per-thread figures.
  }
  return out;
}

/**
 * PostgreSQL's backend processes serving `database` (their title is "postgres: … <user> <database>
 * <host>(<port>) <state>"), by pid. Shared processes (WAL writer, checkpointer) are left out: other
 * databases of the cluster use them too.
 */
function backendsOf(database) {
  const out = new Map();
  if (!database) return out;
  let pids = [];
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return out;
  }
  for (const pid of pids) {
    try {
      const title = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (title.startsWith('postgres: ') && title.includes(` ${database} `)) out.set(pid, cpuOf(`/proc/${pid}`) ?? 0);
    } catch {
      // gone, or not ours to read
    }
  }
  return out;
}

/**
 * Start a CPU meter for the server under test and this load generator; `stop()` gives cores used.
 * The server's figure is also split by thread: its event loop (the main thread), the busiest other
 * thread (Atendo's SQLite writer thread, when it runs one) and the rest (GC helpers, libuv's pool).
 * With `task.database` (Atendo on PostgreSQL), the CPU of that database's backends too.
 */
function cpuMeter() {
  const t = now();
  const pid = task.serverPid;
  // A cluster: every instance's CPU is the server's (the threads are split for the first only).
  const others = (task.serverPids ?? []).filter((p) => p !== pid);
  const cpuOfAll = () => (pid ? cpuOf(`/proc/${pid}`) + others.reduce((n, p) => n + cpuOf(`/proc/${p}`), 0) : null);
  const s0 = cpuOfAll();
  const th0 = pid ? threadsOf(pid) : new Map();
  const d0 = backendsOf(task.database);
  const l0 = process.cpuUsage();
  return () => {
    const secs = (now() - t) / 1000;
    const s1 = cpuOfAll();
    const th1 = pid ? threadsOf(pid) : new Map();
    const d1 = backendsOf(task.database);
    const l = process.cpuUsage(l0);
    const cores = (x) => Math.round((x / secs) * 100) / 100;
    // Backends that connected during the window count from zero; those that left are not counted.
    const database = task.database ? cores([...d1].reduce((n, [p, c]) => n + c - (d0.get(p) ?? 0), 0)) : undefined;
    const server = s0 === null || s1 === null ? null : cores(s1 - s0);
    let threads = null;
    if (server !== null && th1.has(String(pid))) {
      const used = [...th1].map(([tid, c]) => [tid, c - (th0.get(tid) ?? 0)]);
      const main = used.find(([tid]) => tid === String(pid))[1];
      const others = used
        .filter(([tid]) => tid !== String(pid))
        .map(([, c]) => c)
        .sort((a, b) => b - a);
      const busiest = others[0] ?? 0;
      threads = { eventLoop: cores(main), busiestOther: cores(busiest), rest: Math.max(0, Math.round((server - cores(main) - cores(busiest)) * 100) / 100) };
    }
    return { server, threads, loadGenerator: cores((l.user + l.system) / 1e6), database, databaseBackends: task.database ? d1.size : undefined };
  };
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const now = () => performance.now();

/** Connect `count` clients with at most `parallel` handshakes in flight. */
async function connectAll(count, make, parallel = 200) {
  const out = Array.from({ length: count });
  let next = 0;
  let failed = 0;
  let firstError = null;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      try {
        out[i] = await make(i);
      } catch (err) {
        failed++;
        firstError ??= String(err?.message ?? err);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, count) }, worker));
  return { clients: out.filter(Boolean), failed, firstError };
}

// Per-step bookkeeping, shared by the callbacks of every client.
let sendT = new Float64Array(1);
let acked = new Uint8Array(1);
let agentHits = new Uint16Array(1);
let measureFrom = 0;
let measureTo = -1;
let ackLat = [];
let agentLat = [];
let outstanding = 0;
let ackCount = 0;
let agentCopies = 0;
let agentExpected = 0;
let errors = 0;
let firstError = null;
const h = {
  onAck(wire) {
    const n = wire - base;
    if (n < 0 || n >= sendT.length || acked[n]) return;
    acked[n] = 1;
    outstanding--;
    ackCount++;
    if (n >= measureFrom && n <= measureTo) ackLat.push(now() - sendT[n]);
    h.afterAck?.(n);
  },
  onAgent(wire) {
    const n = wire - base;
    if (n < 0 || n >= sendT.length) return;
    agentHits[n]++;
    agentCopies++;
    if (n >= measureFrom && n <= measureTo) agentLat.push(now() - sendT[n]);
  },
  onError(text) {
    errors++;
    firstError ??= text.slice(0, 200);
  },
};

/**
 * A cluster of Atendo instances (`task.visitorUrls`, `task.agentUrl`): visitor i connects to
 * `visitorUrls[i mod n]`, agents to `agentUrl`, so every message crosses the cluster's bus.
 */
const visitorUrl = (i) => (task.visitorUrls?.length ? task.visitorUrls[i % task.visitorUrls.length] : task.url);
const makers =
  task.kind === 'socketio'
    ? { visitor: () => ioVisitor(task, h), agent: () => ioAgent(task, h) }
    : { visitor: (i = 0) => wsVisitor({ ...task, url: visitorUrl(i) }, h), agent: () => wsAgent({ ...task, url: task.agentUrl ?? task.url }, h) };

/**
 * Message numbers restart at 0 every step, but client ids must not: a second step's `b0` into the
 * same conversation would be a retry of the first step's, answered from the database and not sent
 * to agents again. So the wire carries number + `base`, a step's own range.
 */
let base = 0;
let nextBase = 0;
function resetStep(max) {
  base = nextBase;
  nextBase += max;
  sendT = new Float64Array(max);
  acked = new Uint8Array(max);
  agentHits = new Uint16Array(max);
  ackLat = [];
  agentLat = [];
  outstanding = 0;
  ackCount = 0;
  agentCopies = 0;
  agentExpected = 0;
}

/** Wait (bounded) for every ack and every agent's copy of what was sent. */
async function drain(timeoutMs) {
  const end = now() + timeoutMs;
  while ((outstanding > 0 || agentCopies < agentExpected) && now() < end) await sleep(5);
}

/** Open-loop sends at a fixed rate: the schedule does not wait for acks (no coordinated omission). */
async function runStep(visitors, agents, rate, warmS, measureS) {
  const total = Math.ceil(rate * (warmS + measureS));
  resetStep(total + 1);
  const warmN = Math.floor(rate * warmS);
  measureFrom = warmN;
  measureTo = total - 1;
  const cap = rate * 2; // more than 2 s of unacked sends: the server is saturated, stop piling on
  let sent = 0;
  let skipped = 0;
  const start = now();
  let mStart = 0;
  let meter = null;
  const loop = monitorEventLoopDelay({ resolution: 1 });
  while (sent + skipped < total) {
    const due = Math.min(total, Math.floor(((now() - start) * rate) / 1000));
    while (sent + skipped < due) {
      const n = sent + skipped;
      if (n === warmN) {
        mStart = now();
        meter = cpuMeter();
        loop.enable();
      }
      if (outstanding >= cap) {
        skipped++;
        continue;
      }
      sendT[n] = now();
      outstanding++;
      agentExpected += agents.length;
      visitors[n % visitors.length].send(base + n);
      sent++;
    }
    await sleep(1);
  }
  const mEnd = now();
  const cores = meter?.() ?? null;
  loop.disable();
  await drain(task.drainMs ?? 3000);
  let measuredAcks = 0;
  let lostAgent = 0;
  for (let n = warmN; n < total; n++) {
    if (acked[n]) measuredAcks++;
    if (sendT[n] > 0 && agentHits[n] < agents.length) lostAgent += agents.length - agentHits[n];
  }
  return {
    rate,
    seconds: Math.round((mEnd - mStart) / 10) / 100,
    sent: total - warmN,
    skipped,
    ackedRate: Math.round(measuredAcks / ((mEnd - mStart) / 1000)),
    unacked: total - warmN - measuredAcks - skipped,
    agentCopiesMissing: lostAgent,
    ack: summarize(ackLat),
    agent: summarize(agentLat),
    saturated: skipped > 0 || measuredAcks < (total - warmN) * 0.99,
    coresUsed: cores,
    // The measured window in epoch milliseconds, to line the server's own stalls up with it.
    window: { from: Math.round(performance.timeOrigin + mStart), to: Math.round(performance.timeOrigin + mEnd) },
    // How late the load generator's own event loop ran: a floor under every latency it measures.
    loadGeneratorLoopDelay: loopDelay(loop),
  };
}

const loopDelay = (h) => ({ p50: Math.round(h.percentile(50) / 1e4) / 100, p99: Math.round(h.percentile(99) / 1e4) / 100, max: Math.round(h.max / 1e4) / 100 });

/** Closed loop: every visitor keeps `window` sends in flight; count acks per second. */
async function runThroughput(visitors, windowPer, warmS, measureS) {
  const max = 5_000_000;
  resetStep(max);
  let n = 0;
  const perVisitor = new Map();
  const sendNext = (v) => {
    if (stopped || n >= max - 1) return;
    const k = n++;
    perVisitor.set(k, v);
    sendT[k] = now();
    outstanding++;
    v.send(base + k);
  };
  let stopped = false;
  h.afterAck = (k) => {
    const v = perVisitor.get(k);
    perVisitor.delete(k);
    if (v) sendNext(v);
  };
  measureFrom = 0;
  measureTo = max;
  for (const v of visitors) for (let i = 0; i < windowPer; i++) sendNext(v);
  await sleep(warmS * 1000);
  const perSecond = [];
  ackLat = [];
  const t0 = now();
  const meter = cpuMeter();
  let last = ackCount;
  for (let s = 0; s < Math.ceil(measureS); s++) {
    await sleep(t0 + Math.min(s + 1, measureS) * 1000 - now());
    perSecond.push(ackCount - last);
    last = ackCount;
  }
  const seconds = (now() - t0) / 1000;
  const cores = meter();
  const inWindow = perSecond.reduce((a, b) => a + b, 0);
  stopped = true;
  await drain(5000);
  h.afterAck = undefined;
  return {
    seconds: Math.round(seconds * 100) / 100,
    acked: inWindow,
    ackedTotal: ackCount,
    perSecond,
    rate: Math.round(inWindow / seconds),
    minSecond: Math.min(...perSecond),
    coresUsed: cores,
    ack: summarize(ackLat),
  };
}

async function main() {
  if (task.mode === 'connect') {
    const t0 = now();
    const r = await connectAll(task.visitors, (i) => makers.visitor(i), task.parallel ?? 200);
    const ms = now() - t0;
    process.send({ type: 'connected', connected: r.clients.length, failed: r.failed, firstError: r.firstError, ms: Math.round(ms) });
    // Hold the sockets open until the bench has measured the server, then leave.
    process.on('message', (m) => m === 'close' && process.exit(0));
    return;
  }
  const vs = await connectAll(task.visitors, (i) => makers.visitor(i));
  const as = await connectAll(task.agents ?? 0, () => makers.agent());
  if (vs.failed || as.failed) throw new Error(`connect failed: ${vs.failed} visitors, ${as.failed} agents: ${vs.firstError ?? as.firstError}`);
  // Warm-up: each visitor's first message creates it and its conversation (with persistence, a write).
  const warmed = await connectAll(vs.clients.length, async (i) => vs.clients[i].warm(i), 100);
  if (warmed.failed) throw new Error(`warm-up failed for ${warmed.failed} visitors: ${warmed.firstError}`);
  const result = { visitors: vs.clients.length, agents: as.clients.length };
  if (task.mode === 'relay') {
    result.steps = [];
    for (const rate of task.rates) result.steps.push(await runStep(vs.clients, as.clients, rate, task.warmS, task.measureS));
  } else if (task.mode === 'throughput') {
    // One phase per window, on the same server and database, smallest first (see persistence.mjs).
    result.throughput = [];
    for (const w of task.windows)
      result.throughput.push({ window: w, inFlight: w * vs.clients.length, ...(await runThroughput(vs.clients, w, task.warmS, task.measureS)) });
  }
  result.errors = errors;
  result.firstError = firstError;
  process.send({ type: 'result', result });
  setTimeout(() => process.exit(0), 100);
}

main().catch((err) => {
  process.send({ type: 'failed', error: String(err?.stack ?? err) });
  setTimeout(() => process.exit(1), 100);
});
