import { startAtendo, login } from '../lib/atendo.mjs';
import { probeMemory, rssOf, sleep, stop } from '../lib/proc.mjs';
import { runLoad } from './relay.mjs';

/**
 * Section 4: memory per idle connected visitor. N visitors connect and say hello (what the widget
 * does when the panel opens) from a separate process; the server's RSS comes from /proc and its
 * heap from a probe preloaded into it, both after a full GC, before and after.
 */
export async function connections({ visitors }) {
  const s = await startAtendo();
  let load;
  try {
    const { siteId } = await login(s.base);
    await sleep(300);
    const before = await probeMemory(s.child);
    const rssBefore = rssOf(s.pid);
    const r = await runLoad(
      { mode: 'connect', kind: 'atendo', url: `ws://127.0.0.1:${s.port}/ws`, origin: s.base, siteId, visitors, parallel: 200 },
      { timeoutMs: 120_000 },
    );
    load = r.child;
    await sleep(500);
    const after = await probeMemory(s.child);
    const rssAfter = rssOf(s.pid);
    const n = r.connected || 1;
    return {
      visitors,
      connected: r.connected,
      failed: r.failed,
      firstError: r.firstError,
      connectMs: r.ms,
      connectsPerSecond: Math.round(r.connected / (r.ms / 1000)),
      rssBefore,
      rssAfter,
      rssPerVisitor: Math.round((rssAfter - rssBefore) / n),
      heapBefore: before.heapUsed,
      heapAfter: after.heapUsed,
      heapPerVisitor: Math.round((after.heapUsed - before.heapUsed) / n),
      heapTotalBefore: before.heapTotal,
      heapTotalAfter: after.heapTotal,
      externalPerVisitor: Math.round((after.external - before.external) / n),
    };
  } finally {
    if (load) {
      load.send('close');
      await Promise.race([load.exited, sleep(3000)]);
      await stop(load);
    }
    await s.stop();
    await s.cleanup();
  }
}
