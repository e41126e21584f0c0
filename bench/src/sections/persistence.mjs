import Database from 'better-sqlite3';
import { join } from 'node:path';
import { login, startAtendo } from '../lib/atendo.mjs';
import { fsyncCost } from '../lib/disk.mjs';
import { runLoad } from './relay.mjs';

/**
 * Section 3: messages stored and acked per second, sustained. Closed loop: every visitor keeps a
 * few sends in flight, so the server is never idle; one agent watches, as in production. Afterwards
 * the database is opened to check that every acked message is really stored.
 *
 * A closed loop measures the server only when it offers enough sends at once: its rate is at most
 * the sends in flight ÷ the ack latency (Little's law). With 2,000 in flight the rate was that
 * window's, with neither server thread busy (`pnpm bench`); so there is one phase per window, the
 * larger keeping twice as many in flight, and the server's capacity is the best of them.
 */
export async function persistence({ visitors, windows, warmS, measureS }) {
  const s = await startAtendo();
  try {
    const { cookie, siteId } = await login(s.base);
    const pragma = {};
    const r = await runLoad(
      {
        mode: 'throughput',
        kind: 'atendo',
        url: `ws://127.0.0.1:${s.port}/ws`,
        origin: s.base,
        serverPid: s.pid,
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
    const db = new Database(join(s.dataDir, 'atendo.db'), { readonly: true });
    const stored = db.prepare("SELECT count(*) AS n FROM messages WHERE client_id LIKE 'b%'").get().n;
    pragma.journal_mode = db.pragma('journal_mode', { simple: true });
    db.close();
    // The floor of every ack's latency: one durable write on this disk, where the database lives.
    const fsync = fsyncCost(s.dataDir);
    const phases = r.throughput.map(withBudget);
    const best = phases.reduce((a, b) => (b.rate > a.rate ? b : a));
    const ackedBenchMessages = phases.reduce((n, p) => n + p.ackedTotal, 0);
    return {
      visitors,
      ...best,
      phases,
      fsync,
      storedBenchMessages: stored,
      ackedBenchMessages,
      durability: `journal_mode=${pragma.journal_mode}, synchronous=FULL (server setting), ack after commit`,
      errors: r.errors,
      firstError: r.firstError,
    };
  } finally {
    await s.stop();
    s.cleanup();
  }
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
      }
    : null;
  if (budget) budget.totalUs = budget.eventLoopUs + budget.writerUs + budget.otherServerUs + budget.loadGeneratorUs;
  return { ...phase, cpuPerMessageUs: perMessage(cores?.server), cpuBudget: budget };
}
