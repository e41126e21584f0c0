// Preloaded (`node --import probe.mjs`) into a server under test: answers memory questions over the
// IPC channel the bench opened, so the server needs no debug endpoint. Inert without a channel.
import v8 from 'node:v8';
import vm from 'node:vm';

if (process.send) {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc');
  process.on('message', (m) => {
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
