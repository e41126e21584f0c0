/**
 * `pnpm test:cluster`: three Atendo instances on one PostgreSQL database and one Redis (a key
 * prefix of its own), visitors and agents spread so that a conversation's visitor and its agents
 * sit on other instances, everyone writing. Faults, one per round:
 * - `kill -9` of an instance, in turn; its clients reconnect to another after 200–800 ms (as
 *   through a load balancer) and the instance starts again a round later;
 * - once, every Redis connection of the cluster killed (`CLIENT KILL`);
 * - once, an instance stopped (SIGSTOP) while the stream is trimmed past it (XTRIM), then let go:
 *   it must find the hole and send its clients to storage. A publisher of the test writes an entry
 *   while it is stopped: the cluster may write none then (the stopped instance can hold locks the
 *   others wait on), and a trim of entries it had read would leave no hole to find.
 * Then the checks of fault-kit.ts: every acked message stored exactly once, seqs 1..n, every client
 * holds every message of its conversations (and a visitor nothing else), no message twice on a
 * socket. Prints what it did and found; exits 1 on any violation. About 30 s.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { login } from '../helpers';
import { createPgDatabase } from '../pg-db';
import { dropPrefix, redisAnswers, redisClient, testPrefix, testRedisUrl } from '../redis';
import { siteIdOf, startProc, transcript, type ServerProc } from '../delivery/proc';
import { checkRun, Fleet, makeClient, type Client } from '../delivery/fault-kit';
import { RedisBus } from '../../src/state/redis/bus';

const INSTANCES = 3;
const VISITORS = Number(process.env.FAULT_VISITORS ?? 6);
const AGENTS = Number(process.env.FAULT_AGENTS ?? 3);
const ROUNDS = Number(process.env.FAULT_ROUNDS ?? 9);
const ROUND_MS = Number(process.env.FAULT_ROUND_MS ?? 1500);
const SEND_EVERY_MS = Number(process.env.FAULT_SEND_EVERY_MS ?? 15);
const RUN = Math.random().toString(36).slice(2).padEnd(12, '0');
const log = (s: string) => console.log(`[cluster-faults] ${s}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Gaps the instances said they found in the bus. */
const countGaps = (logs: string[]) => (logs.join('\n').match(/events may have been missed/g) ?? []).length;

async function main() {
  if (!(await redisAnswers())) return;
  const started = Date.now();
  const db = await createPgDatabase();
  const prefix = testPrefix('cluster-faults');
  const dataDir = mkdtempSync(join(tmpdir(), 'atendo-cluster-faults-'));
  const publicUrl = 'http://127.0.0.1:1';
  const env = (i: number) => ({
    ATENDO_DATABASE_URL: db.url,
    ATENDO_REDIS_URL: testRedisUrl,
    ATENDO_REDIS_PREFIX: prefix,
    ATENDO_PUBLIC_URL: publicUrl,
    ATENDO_INSTANCE_ID: `i${i}`,
  });
  const procs: (ServerProc | null)[] = [];
  /** What instances wrote to stderr, killed ones included. */
  const logs: string[] = [];
  const ports: number[] = [];
  for (let i = 0; i < INSTANCES; i++) {
    const p = await startProc(dataDir, undefined, env(i));
    procs.push(p);
    ports.push(Number(new URL(p.url).port));
  }
  const alive = () => procs.map((p, i) => (p ? i : -1)).filter((i) => i >= 0);
  const fleet = new Fleet(await siteIdOf(procs[0]!.url), await login(procs[0]!.url), publicUrl);
  log(`${INSTANCES} instances on ports ${ports.join(', ')}, database ${db.name}, Redis prefix ${prefix}`);

  // Where each client connects: its own instance while it lives, else the next live one.
  const home = new Map<Client, number>();
  let stopping = false;
  let moves = 0;
  const target = (c: Client) => {
    const live = alive();
    const want = home.get(c)!;
    const i = live.includes(want) ? want : (live[(live.indexOf(want) + 1 + live.length) % live.length] ?? live[0]!);
    return { i, wsUrl: `ws://127.0.0.1:${ports[i]}/ws` };
  };
  const reconnecting = new Set<Promise<void>>();
  const onClose = (c: Client) => {
    if (stopping) return;
    // As through a load balancer: a moment later, to an instance that is up.
    const p = sleep(200 + Math.random() * 600).then(async () => {
      if (stopping || c.ready) return;
      moves++;
      await connect(c);
    });
    reconnecting.add(p);
    void p.finally(() => reconnecting.delete(p));
  };
  /** The instance each client's socket is on. */
  const on = new Map<Client, number>();
  const connect = async (c: Client) => {
    const t = target(c);
    on.set(c, t.i);
    await fleet.connect(c, t, onClose);
  };

  const clients: Client[] = [];
  // Visitor v sits on instance v mod 3; agent a on (a + 1) mod 3, and writes to the visitors of other instances.
  for (let v = 0; v < VISITORS; v++) {
    const c = makeClient(`v${v}`, 'visitor');
    home.set(c, v % INSTANCES);
    clients.push(c);
  }
  for (let a = 0; a < AGENTS; a++) {
    const c = makeClient(`a${a}`, 'agent');
    home.set(c, (a + 1) % INSTANCES);
    clients.push(c);
  }
  await Promise.all(clients.map(connect));
  const visitors = clients.filter((c) => c.kind === 'visitor');

  let violations = 0;
  let kills = 0;
  let redisKills = 0;
  let trims = 0;
  let down: number | null = null;
  let stopped: number | null = null;
  let stoppedProc: ServerProc | null = null;
  let gapsBeforeTrim = 0;
  let trimAt = 0;
  /** The instance let go after the trim, until this round ends. */
  let trimmedProc: ServerProc | null = null;
  let trimmedAt = 0;
  const admin = redisClient();
  // A publisher of the cluster's bus, as an instance is (the real class, never reading).
  const probe = new RedisBus(admin, admin, 'fault-probe', { stream: `${prefix}events`, retentionMs: 5 * 60_000 });
  for (let round = 0; round < ROUNDS; round++) {
    const until = Date.now() + ROUND_MS;
    let faulted = false;
    // The round with the trim lasts until the instance let go has found the hole (at most 10 s):
    // killing it first (the next fault) would leave nothing to check.
    const awaitingGap = () => trimmedProc !== null && Date.now() < trimmedAt + 10_000 && !countGaps([trimmedProc.stderr()]);
    while (Date.now() < until || awaitingGap()) {
      fleet.write(clients, RUN, (a) => {
        const others = visitors.filter((v) => home.get(v) !== home.get(a));
        return others[(a.n + round) % others.length]?.conversationId;
      });
      if (!faulted && Date.now() > until - ROUND_MS / 2) {
        faulted = true;
        if (round === 2) {
          // Every Redis connection of this cluster (not other tests'), by the names the instances give them.
          const list = String(await admin.client('LIST'));
          const ids = [...list.matchAll(/id=(\d+) .*?name=(\S*)/g)].filter((m) => m[2]!.startsWith(prefix)).map((m) => m[1]!);
          for (const id of ids) await admin.client('KILL', 'ID', id).catch(() => {});
          redisKills++;
          log(`round ${round + 1}: killed ${ids.length} Redis connections of the cluster`);
        } else if (round === 5) {
          // An instance stops reading while the others go on; the stream is trimmed past it; it comes back.
          // The live instance with the fewest clients: the others' clients go on writing meanwhile.
          const load = (i: number) => clients.filter((c) => on.get(c) === i).length;
          stopped = alive().sort((x, y) => load(x) - load(y))[0]!;
          procs[stopped]!.child.kill('SIGSTOP');
          // While it is stopped the others may write nothing (it can hold their conversations' locks):
          // an entry it cannot read is written by a publisher of this test, so the trim takes one.
          // Two: a read it had waiting (XREAD BLOCK) is answered with the first at once, into its socket.
          probe.emit({ type: 'cache.changed', what: 'webhooks' });
          probe.emit({ type: 'cache.changed', what: 'webhooks' });
          trimAt = Date.now() + 300;
        }
      }
      if (stopped !== null && Date.now() >= trimAt) {
        // Nothing so far (kills, the Redis connections killed) may have looked like a gap: that would close every socket for nothing.
        gapsBeforeTrim = countGaps([...logs, ...procs.map((p) => p?.stderr() ?? '')]);
        stoppedProc = trimmedProc = procs[stopped]!;
        trimmedAt = Date.now();
        const removed = await admin.xtrim(`${prefix}events`, 'MAXLEN', 0);
        procs[stopped]!.child.kill('SIGCONT');
        trims++;
        log(`round ${round + 1}: instance ${stopped} stopped, the stream trimmed (${removed} entries), instance ${stopped} let go`);
        stopped = null;
      }
      await sleep(SEND_EVERY_MS);
    }
    trimmedProc = null;
    for (const i of alive()) {
      const p = procs[i]!;
      if (p.child.exitCode !== null || p.child.signalCode !== null) {
        log(`VIOLATION: instance ${i} exited by itself during round ${round + 1}: ${p.stderr().slice(-2000)}`);
        violations++;
        procs[i] = null;
      }
    }
    if (round === ROUNDS - 1) break;
    // The instance killed last round comes back; the next one dies.
    if (down !== null) {
      procs[down] = await startProc(dataDir, ports[down], env(down));
      log(`round ${round + 1}: instance ${down} started again`);
    }
    down = round % INSTANCES;
    const unacked = clients.reduce((n, c) => n + c.outbox.size, 0);
    await procs[down]!.kill9();
    logs.push(procs[down]!.stderr());
    procs[down] = null;
    kills++;
    log(`round ${round + 1}: kill -9 of instance ${down}, ${unacked} messages unacked in outboxes`);
  }
  if (down !== null && !procs[down]) procs[down] = await startProc(dataDir, ports[down], env(down));
  stopping = true;
  await Promise.all(reconnecting);
  for (const c of clients) if (!c.ready) await connect(c);
  const left = await fleet.drain(clients);
  if (left) {
    log(`VIOLATION: ${left} messages never acked`);
    violations++;
  }
  const url = procs.find(Boolean)!.url;
  const found = await checkRun(clients, (id) => transcript(url, fleet.cookie, id), log);
  violations += found.violations;

  for (const p of procs) if (p) logs.push(p.stderr());
  const gaps = countGaps(logs);
  if (gapsBeforeTrim) {
    log(`VIOLATION: ${gapsBeforeTrim} gap(s) found in the bus before anything was lost (kills and Redis connection kills lose nothing)`);
    violations++;
  }
  // The instance stopped while the stream was trimmed past it must have found the hole itself.
  if (stoppedProc && !countGaps([stoppedProc.stderr()])) {
    if (process.env.FAULT_DEBUG) log(stoppedProc.stderr().slice(-4000));
    log('VIOLATION: the instance the stream was trimmed past did not find the gap');
    violations++;
  }
  for (const c of clients) c.ws?.close();
  await Promise.all(procs.map((p) => p?.kill9() ?? Promise.resolve()));
  admin.disconnect();
  await db.drop();
  await dropPrefix(prefix);
  rmSync(dataDir, { recursive: true, force: true });
  const healed = clients.reduce((n, c) => n + c.healed, 0);
  log(
    `did: ${INSTANCES} instances, ${VISITORS} visitors + ${AGENTS} agents, ${kills} kill -9, ${redisKills} Redis connection kill, ${trims} trim past an instance (${gaps} gap(s) found by instances), ${moves} reconnects, ${clients.reduce((n, c) => n + c.n, 0)} messages sent, ${healed} holes fetched, in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  log(
    `found: ${found.acked} acked, ${found.stored} stored in ${found.conversations} conversations, every client complete: ${found.complete}, ${violations} violation(s)`,
  );
  process.exit(violations ? 1 : 0);
}

main().catch((err) => {
  console.error('[cluster-faults] failed:', err);
  process.exit(1);
});
