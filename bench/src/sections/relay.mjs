import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { login, startAtendoOn } from '../lib/atendo.mjs';
import { startCluster } from '../lib/cluster.mjs';
import { freePort, probeStalls, spawnNode, stop, waitHttp } from '../lib/proc.mjs';

const LOAD = fileURLToPath(new URL('../load/load.mjs', import.meta.url));
const SERVERS = {
  floor: fileURLToPath(new URL('../servers/ws-floor.mjs', import.meta.url)),
  socketio: fileURLToPath(new URL('../servers/socketio.mjs', import.meta.url)),
  // Not in the default run: `--servers=atendo,durable` (the floor with an fsync'd SQLite commit per batch).
  durable: fileURLToPath(new URL('../servers/durable-floor.mjs', import.meta.url)),
};

/** Run the load generator in its own process; resolves with what it reports. */
export function runLoad(task, { timeoutMs }) {
  const child = spawnNode([LOAD, JSON.stringify(task)], { ipc: true });
  return new Promise((ok, fail) => {
    const t = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`load generator took longer than ${timeoutMs} ms`));
    }, timeoutMs);
    child.on('message', (m) => {
      clearTimeout(t);
      if (m.type === 'result') ok(m.result);
      else if (m.type === 'failed') fail(new Error(m.error));
      // Connect mode: the sockets stay open; the caller measures, then tells the child to leave.
      else if (m.type === 'connected') ok({ ...m, child });
    });
    child.once('exit', (code) => {
      clearTimeout(t);
      fail(new Error(`load generator exited (${code}) without a result\n${child.output()}`));
    });
  });
}

async function startPeer(kind) {
  const port = await freePort();
  const child = spawnNode([SERVERS[kind]], { env: { PORT: String(port) } });
  await waitHttp(`http://127.0.0.1:${port}/healthz`, { child });
  return { child, port };
}

/**
 * A webhook receiver on 127.0.0.1 that counts what it is sent (and answers 204 at once): the
 * `atendo-webhooks` run subscribes it to every message, to measure what the outbox costs.
 */
async function startReceiver() {
  let count = 0;
  const ids = new Set();
  let firstAt = 0;
  let lastAt = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      count++;
      ids.add(req.headers['webhook-id']);
      lastAt = Date.now();
      firstAt ||= lastAt;
      res.writeHead(204).end();
    });
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return {
    url: `http://127.0.0.1:${server.address().port}/hooks`,
    stats: () => ({ received: count, unique: ids.size, firstAt, lastAt }),
    close: () => new Promise((ok) => server.close(ok)),
  };
}

/** Wait (bounded) until the receiver has as many deliveries as `want`, or nothing new came for `idleMs`. */
async function settle(receiver, want, { idleMs = 5000, maxMs = 120_000 } = {}) {
  const start = Date.now();
  let last = receiver.stats().received;
  let lastChange = Date.now();
  for (;;) {
    const { received } = receiver.stats();
    if (received >= want) return true;
    if (received !== last) {
      last = received;
      lastChange = Date.now();
    }
    if (Date.now() - lastChange > idleMs || Date.now() - start > maxMs) return false;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Atendo's key in `servers` on each store: `atendo` (SQLite, as before PostgreSQL existed),
 * `atendo-postgres`, and `atendo-cluster` (two instances on PostgreSQL and Redis).
 */
export const atendoKey = (store) => (store === 'postgres' ? 'atendo-postgres' : store === 'cluster' ? 'atendo-cluster' : 'atendo');

/**
 * The servers to run, in order: `atendo` stands for Atendo on every store measured; `webhooks` for
 * Atendo on SQLite with a webhook subscribed to every message (`atendo-webhooks`).
 */
function serverList(servers = ['atendo', 'webhooks', 'floor', 'socketio'], stores = ['sqlite']) {
  return servers.flatMap((k) => (k === 'atendo' ? stores.map(atendoKey) : k === 'webhooks' ? ['atendo-webhooks'] : [k]));
}

/**
 * Section 2: the same load (N visitors, M agents, fixed rates) through Atendo (persisting, acking
 * after commit) on each store, a bare ws relay (the floor) and a plain Socket.IO relay. Servers run
 * one at a time; Atendo on PostgreSQL in a fresh database.
 */
export async function relay(opts) {
  const { visitors, agents, rates, warmS, measureS, drainMs } = opts;
  const stepBudget = rates.length * (warmS + measureS + 4) * 1000 + 60_000;
  const out = { visitors, agents, rates, warmS, measureS, drainMs, servers: {} };
  /** The relay load against Atendo: `where` says which sockets go where and which processes to watch. */
  const atendoLoad = (where) =>
    runLoad({ mode: 'relay', kind: 'atendo', ...where, visitors, agents, rates, warmS, measureS, drainMs }, { timeoutMs: stepBudget });
  for (const kind of serverList(opts.servers, opts.stores)) {
    let server;
    try {
      if (kind === 'atendo-cluster') {
        // Visitors on the first instance, agents on the second: every message crosses the bus.
        const c = await startCluster(2);
        server = { stop: () => c.stop(), cleanup: () => c.cleanup() };
        const [a, b] = c.instances;
        const { cookie, siteId } = await login(a.base);
        out.servers[kind] = await atendoLoad({
          url: `ws://127.0.0.1:${a.port}/ws`,
          agentUrl: `ws://127.0.0.1:${b.port}/ws`,
          origin: c.base,
          serverPid: a.pid,
          serverPids: c.pids,
          database: c.database.name,
          cookie,
          siteId,
        });
      } else if (kind.startsWith('atendo')) {
        const receiver = kind === 'atendo-webhooks' ? await startReceiver() : null;
        const s = await startAtendoOn(kind === 'atendo-postgres' ? 'postgres' : 'sqlite', receiver ? { env: { ATENDO_WEBHOOK_ALLOW_PRIVATE: '1' } } : {});
        server = { stop: () => s.stop(), cleanup: async () => (await s.cleanup(), await receiver?.close()) };
        const { cookie, siteId } = await login(s.base);
        if (receiver) {
          const res = await fetch(`${s.base}/api/v1/webhooks`, {
            method: 'POST',
            headers: { cookie, origin: s.base, 'content-type': 'application/json' },
            body: JSON.stringify({ url: receiver.url, events: ['message.created'] }),
          });
          if (res.status !== 201) throw new Error(`creating the webhook failed: ${res.status} ${await res.text()}`);
        }
        await probeStalls(s.child);
        out.servers[kind] = await atendoLoad({
          url: `ws://127.0.0.1:${s.port}/ws`,
          origin: s.base,
          serverPid: s.pid,
          database: s.database?.name,
          cookie,
          siteId,
        });
        // The server's own event-loop delays and GC pauses over the run: a tail the load generator
        // reports with none here is made on the load generator's side or in the kernel.
        const stalls = await probeStalls(s.child).catch((err) => ({ error: String(err?.message ?? err) }));
        const { pauses = [], ...summary } = stalls;
        out.servers[kind].serverStalls = summary;
        if (receiver) {
          // Every message stored is one delivery: wait until none has come for a while, then say how
          // many came (each webhook-id once?) and how long after the load the last one did.
          const loadEnd = Date.now();
          // Bounded: at rates the outbox cannot keep up with, deliveries go on for minutes.
          await settle(receiver, Number.POSITIVE_INFINITY, { idleMs: 3000, maxMs: 20_000 });
          const got = receiver.stats();
          const settled = Date.now() - got.lastAt >= 3000;
          out.servers[kind].webhooks = { received: got.received, unique: got.unique, settled, lastAfterLoadMs: Math.max(0, got.lastAt - loadEnd) };
        }
        // Per step: the server's GC pauses over 5 ms inside the measured window.
        for (const step of out.servers[kind].steps ?? []) {
          const inside = step.window ? pauses.filter((p) => p.at >= step.window.from && p.at <= step.window.to) : [];
          step.serverGcOver5ms = {
            count: inside.length,
            totalMs: Math.round(inside.reduce((a, p) => a + p.ms, 0)),
            maxMs: Math.max(0, ...inside.map((p) => p.ms)),
          };
        }
      } else {
        const p = await startPeer(kind);
        server = { stop: () => stop(p.child), cleanup: async () => {} };
        const url = kind === 'socketio' ? `http://127.0.0.1:${p.port}` : `ws://127.0.0.1:${p.port}/ws`;
        out.servers[kind] = await runLoad(
          { mode: 'relay', kind, url, siteId: 'x', serverPid: p.child.pid, visitors, agents, rates, warmS, measureS, drainMs },
          { timeoutMs: stepBudget },
        );
      }
    } catch (err) {
      out.servers[kind] = { error: String(err?.message ?? err).slice(0, 500) };
    } finally {
      await server?.stop();
      await server?.cleanup();
    }
  }
  return out;
}
