import { rssOf, sleep } from '../lib/proc.mjs';
import { startAtendo } from '../lib/atendo.mjs';

/** Section 6: process start → /healthz answering, and RSS once idle. First start creates the database. */
export async function startup({ runs = 3 } = {}) {
  const first = await startAtendo();
  const out = { firstStartMs: Math.round(first.healthzMs), restartMs: [], idleRss: null };
  try {
    await sleep(1000);
    out.idleRss = rssOf(first.pid);
    await first.stop();
    // Later starts: the database exists (migrations already applied), as on every restart.
    for (let i = 0; i < runs; i++) {
      const s = await startAtendo({ dataDir: first.dataDir });
      out.restartMs.push(Math.round(s.healthzMs));
      await s.stop();
    }
    out.healthzMs = Math.max(out.firstStartMs, ...out.restartMs);
    return out;
  } finally {
    await first.stop();
    await first.cleanup();
  }
}
