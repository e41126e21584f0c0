// Preloaded (`node --import probe.mjs`) into a server under test: answers memory questions over the
// IPC channel the bench opened, so the server needs no debug endpoint. Inert without a channel.
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import v8 from 'node:v8';
import vm from 'node:vm';

if (process.send) {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc');
  // Where a server's latency tail comes from: its event loop's delays and its GC pauses, since the
  // last `bench:stalls` (the relay section asks after each server's run).
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  let gcs = [];
  /** Pauses over 5 ms by kind (V8's minor = scavenge, major = mark-compact, incremental, weak callbacks). */
  let long = {};
  /** Each pause over 5 ms with its epoch time, to line it up with a measured window. */
  let pauses = [];
  const KINDS = { 1: 'major', 2: 'minor', 4: 'incremental', 8: 'weakcb' };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      gcs.push(e.duration);
      if (e.duration > 5) {
        const kind = KINDS[e.detail?.kind] ?? String(e.detail?.kind);
        long[kind] = (long[kind] ?? 0) + 1;
        if (pauses.length < 10_000) pauses.push({ at: Math.round(performance.timeOrigin + e.startTime), ms: Math.round(e.duration * 100) / 100, kind });
      }
    }
  }).observe({ entryTypes: ['gc'] });
  const ms = (ns) => Math.round(ns / 1e4) / 100;
  process.on('message', (m) => {
    if (m?.type === 'bench:stalls') {
      const sorted = gcs.sort((a, b) => a - b);
      const over = (t) => sorted.filter((d) => d > t).length;
      process.send({
        type: 'bench:stalls',
        stalls: {
          loopDelay: { p50: ms(loop.percentile(50)), p99: ms(loop.percentile(99)), p999: ms(loop.percentile(99.9)), max: ms(loop.max) },
          gc: {
            count: sorted.length,
            totalMs: Math.round(sorted.reduce((a, b) => a + b, 0)),
            maxMs: Math.round((sorted.at(-1) ?? 0) * 100) / 100,
            over5ms: over(5),
            over10ms: over(10),
            over5msByKind: long,
          },
          pauses,
        },
      });
      loop.reset();
      gcs = [];
      long = {};
      pauses = [];
      return;
    }
    if (!m || m.type !== 'bench:memory') return;
    if (m.gc) {
      gc();
      gc();
    }
    const mem = process.memoryUsage();
    process.send({
      type: 'bench:memory',
      memory: { rss: mem.rss, heapUsed: mem.heapUsed, heapTotal: mem.heapTotal, external: mem.external, arrayBuffers: mem.arrayBuffers },
    });
  });
  // The channel must not keep a server alive after it was told to stop.
  process.channel?.unref();
}
