import Database from 'better-sqlite3';
import { join } from 'node:path';
import { login, startAtendo } from '../lib/atendo.mjs';
import { fsyncCost } from '../lib/disk.mjs';
import { runLoad } from './relay.mjs';

/**
 * Section 3: messages stored and acked per second, sustained. Closed loop: every visitor keeps a
 * few sends in flight, so the server is never idle; one agent watches, as in production. Afterwards
 * the database is opened to check that every acked message is really stored.
 */
export async function persistence({ visitors, window, warmS, measureS }) {
  const s = await startAtendo();
  try {
    const { cookie, siteId } = await login(s.base);
    const pragma = {};
    const r = await runLoad(
      { mode: 'throughput', kind: 'atendo', url: `ws://127.0.0.1:${s.port}/ws`, origin: s.base, serverPid: s.pid, cookie, siteId, visitors, agents: 1, window, warmS, measureS },
      { timeoutMs: (measureS + 60) * 1000 },
    );
    await s.stop();
    const db = new Database(join(s.dataDir, 'atendo.db'), { readonly: true });
    const stored = db.prepare("SELECT count(*) AS n FROM messages WHERE client_id LIKE 'b%'").get().n;
    pragma.journal_mode = db.pragma('journal_mode', { simple: true });
    db.close();
    // The floor of every ack's latency: one durable write on this disk, where the database lives.
    const fsync = fsyncCost(s.dataDir);
    const cpuPerMessageUs = r.throughput.coresUsed?.server ? Math.round((r.throughput.coresUsed.server * 1e6) / r.throughput.rate) : null;
    return { visitors, window, ...r.throughput, cpuPerMessageUs, fsync, storedBenchMessages: stored, ackedBenchMessages: r.throughput.ackedTotal, durability: `journal_mode=${pragma.journal_mode}, synchronous=FULL (server setting), ack after commit`, errors: r.errors, firstError: r.firstError };
  } finally {
    await s.stop();
    s.cleanup();
  }
}
