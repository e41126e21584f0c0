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
import { login } from '../helpers';
import { siteIdOf, startProc, storeEnv, tempDataDir, transcript, type ServerProc } from './proc';
import { requirePostgresOrSkip, terminateConnections, testStore } from '../pg-db';
import { checkRun, Fleet, makeClient, type Client } from './fault-kit';

const VISITORS = Number(process.env.FAULT_VISITORS ?? 4);
const AGENTS = Number(process.env.FAULT_AGENTS ?? 2);
const RESTARTS = Number(process.env.FAULT_RESTARTS ?? 6);
const ROUND_MS = Number(process.env.FAULT_ROUND_MS ?? 1200);
const SEND_EVERY_MS = Number(process.env.FAULT_SEND_EVERY_MS ?? 15);
/** Client sockets cut at random over the whole run (the client reconnects and resumes). */
const CUTS = Number(process.env.FAULT_CUTS ?? 20);
const RUN = Math.random().toString(36).slice(2).padEnd(12, '0');

let proc: ServerProc;
let fleet: Fleet;
let stopping = false;
const log = (s: string) => console.log(`[faults] ${s}`);
const connect = (c: Client) => fleet.connect(c, proc);

/** Cut one client's socket from its side (as a network drop would) and reconnect a moment later. */
async function cut(c: Client): Promise<void> {
  c.ws?.terminate();
  c.ready = false;
  await new Promise((r) => setTimeout(r, 20 + Math.random() * 200));
  if (!stopping) await connect(c);
}

async function main() {
  await requirePostgresOrSkip('[faults]');
  const started = Date.now();
  const data = tempDataDir();
  proc = await startProc(data.dir);
  const port = Number(new URL(proc.url).port);
  fleet = new Fleet(await siteIdOf(proc.url), await login(proc.url), proc.url);
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
      fleet.write(clients, RUN, (a) => visitors[(a.n + round) % visitors.length]!.conversationId);
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
    fleet.cookie = await login(proc.url);
    await Promise.all(cutting.splice(0));
    await Promise.all(clients.map(connect));
  }
  stopping = true;
  await Promise.all(cutting.splice(0));
  for (const c of clients) if (!c.ready) await connect(c);

  // Drain: let every outbox empty.
  const left = await fleet.drain(clients);
  if (left) {
    log(`VIOLATION: ${left} messages never acked`);
    violations++;
  }
  const found = await checkRun(clients, (id) => transcript(proc.url, fleet.cookie, id), log);
  violations += found.violations;
  for (const c of clients) c.ws?.close();
  await proc.kill9();
  await data.remove();
  const healed = clients.reduce((n, c) => n + c.healed, 0);
  log(
    `did (${testStore}): ${VISITORS} visitors + ${AGENTS} agents, ${kills} kill -9 and ${terms} SIGTERM restarts, ${cuts} sockets cut, ${dbKills} times every database connection killed, ${clients.reduce((n, c) => n + c.n, 0)} messages sent, ${healed} holes fetched, in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  log(
    `found: ${found.acked} acked, ${found.stored} stored in ${found.conversations} conversations, every client complete: ${found.complete}, ${violations} violation(s)`,
  );
  process.exit(violations ? 1 : 0);
}

main().catch((err) => {
  console.error('[faults] failed:', err);
  process.exit(1);
});
