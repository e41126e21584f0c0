import Database from 'better-sqlite3';
import { join } from 'node:path';
import { login, startAtendoOn } from '../lib/atendo.mjs';
import { fsyncCost } from '../lib/disk.mjs';
import { query } from '../lib/postgres.mjs';
import { runLoad } from './relay.mjs';
import { startCluster } from '../lib/cluster.mjs';

/**
 * Section 3: messages stored and acked per second, sustained. Closed loop: every visitor keeps a
 * few sends in flight, so the server is never idle; one agent watches, as in production. Afterwards
 * the database is opened to check that every acked message is really stored.
 *
 * A closed loop measures the server only when it offers enough sends at once: its rate is at most
 * the sends in flight ÷ the ack latency (Little's law). With 2,000 in flight the rate was that
 * window's, with neither server thread busy (`pnpm bench`); so there is one phase per window, the
 * larger keeping twice as many in flight, and the server's capacity is the best of them.
 *
 * `store: 'postgres'` runs the same load on PostgreSQL (a fresh database); the CPU its backends
 * used for this database is measured beside the server's (`coresUsed.database`): on one box they
 * share the cores, so a message's cost is the server's plus the database's.
 */
export async function persistence({ visitors, windows, warmS, measureS, store = 'sqlite' }) {
  // `cluster`: two instances on PostgreSQL and Redis, visitors split between them, the agent on the first.
  const cluster = store === 'cluster' ? await startCluster(2) : null;
  const s = cluster
    ? { ...cluster.instances[0], database: cluster.database, stop: () => cluster.stop(), cleanup: () => cluster.cleanup() }
    : await startAtendoOn(store);
  try {
    const { cookie, siteId } = await login(s.base);
    const r = await runLoad(
      {
        mode: 'throughput',
        kind: 'atendo',
        url: `ws://127.0.0.1:${s.port}/ws`,
        ...(cluster ? { visitorUrls: cluster.instances.map((i) => `ws://127.0.0.1:${i.port}/ws`), serverPids: cluster.pids } : {}),
        origin: cluster ? cluster.base : s.base,
        serverPid: s.pid,
        database: s.database?.name,
        cookie,
        siteId,
        visitors,
        agents: 1,
        windows,
        warmS,
        measureS,
      },
      { timeoutMs: (windows.length * (measureS + warmS + 5) + 60) * 1000 },
    );
    await s.stop();
    const { stored, durability } = s.database ? await checkPostgres(s.database.url) : checkSqlite(s.dataDir);
    // The floor of every ack's latency: one durable write on this disk, where the SQLite file lives
    // (PostgreSQL's WAL is on the same machine; its own flush method is in `durability`).
    const fsync = fsyncCost(s.dataDir);
    const phases = r.throughput.map(withBudget);
    const best = phases.reduce((a, b) => (b.rate > a.rate ? b : a));
    const ackedBenchMessages = phases.reduce((n, p) => n + p.ackedTotal, 0);
    return {
      store,
      visitors,
      ...best,
      phases,
      fsync,
      storedBenchMessages: stored,
      ackedBenchMessages,
      durability,
      errors: r.errors,
      firstError: r.firstError,
    };
  } finally {
    await s.stop();
    await s.cleanup();
  }
}

/** Bench messages really in the SQLite file (their client ids start with 'b'), and its journal mode. */
function checkSqlite(dataDir) {
  const db = new Database(join(dataDir, 'atendo.db'), { readonly: true });
  const stored = db.prepare("SELECT count(*) AS n FROM messages WHERE client_id LIKE 'b%'").get().n;
  const journal = db.pragma('journal_mode', { simple: true });
  db.close();
  return { stored, durability: `journal_mode=${journal}, synchronous=FULL (server setting), ack after commit` };
}

/** The same count in PostgreSQL, and the settings that make its commits durable. */
async function checkPostgres(url) {
  const [row] = await query(
    url,
    `SELECT (SELECT count(*)::int FROM messages WHERE client_id LIKE 'b%') AS n,
            current_setting('fsync') AS fsync, current_setting('synchronous_commit') AS sc, current_setting('wal_sync_method') AS wsm`,
  );
  return { stored: row.n, durability: `PostgreSQL fsync=${row.fsync}, synchronous_commit=${row.sc}, wal_sync_method=${row.wsm}, ack after commit` };
}

/** A phase's CPU per message: the server's, and split over every thread of the box that works for it. */
function withBudget(phase) {
  const cores = phase.coresUsed;
  const perMessage = (c) => (typeof c === 'number' && phase.rate ? Math.round((c * 1e6) / phase.rate) : null);
  const budget = cores?.threads
    ? {
        eventLoopUs: perMessage(cores.threads.eventLoop),
        writerUs: perMessage(cores.threads.busiestOther),
        otherServerUs: perMessage(cores.threads.rest),
        loadGeneratorUs: perMessage(cores.loadGenerator),
        // PostgreSQL's backends for this database (null on SQLite, whose work is in the writer thread).
        databaseUs: perMessage(cores.database),
      }
    : null;
  if (budget) budget.totalUs = budget.eventLoopUs + budget.writerUs + budget.otherServerUs + budget.loadGeneratorUs + (budget.databaseUs ?? 0);
  return { ...phase, cpuPerMessageUs: perMessage(cores?.server), cpuBudget: budget };
}
