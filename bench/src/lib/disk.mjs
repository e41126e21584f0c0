import { closeSync, fdatasyncSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { summarize } from './stats.mjs';

/**
 * What one durable commit costs on this disk: a 4 KB write + fdatasync, `runs` times, appending
 * (a WAL that grows) and overwriting (SQLite reuses its WAL from the start after a checkpoint).
 * With synchronous=FULL every commit waits for one of these before its acks can go out, so it is
 * the floor of the ack latency whatever the server does.
 */
export function fsyncCost(dir, runs = 200) {
  const tmp = mkdtempSync(join(dir, 'fsync-'));
  const fd = openSync(join(tmp, 'probe'), 'w+');
  const block = Buffer.alloc(4096, 7);
  const time = (offset) => {
    const samples = [];
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      writeSync(fd, block, 0, block.length, offset(i));
      fdatasyncSync(fd);
      samples.push(performance.now() - t);
    }
    return summarize(samples);
  };
  try {
    const append = time((i) => i * block.length);
    const overwrite = time((i) => (i % 64) * block.length);
    return { append: { p50: append.p50, p99: append.p99 }, overwrite: { p50: overwrite.p50, p99: overwrite.p99 } };
  } finally {
    closeSync(fd);
    rmSync(tmp, { recursive: true, force: true });
  }
}
