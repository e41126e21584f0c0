import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { startAtendo, tempDataDir } from './atendo.mjs';
import { createDatabase } from './postgres.mjs';
import { ROOT, freePort } from './proc.mjs';

/** `ioredis` as the server has it (server/package.json): no dependency of the bench's own. */
const { Redis } = createRequire(resolve(ROOT, 'server/package.json'))('ioredis');

/** The Redis the cluster runs on: BENCH_REDIS_URL, else the local default. Each run gets a key prefix of its own. */
export const REDIS_URL = process.env.BENCH_REDIS_URL || 'redis://127.0.0.1:6379';

function client() {
  const r = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null, connectTimeout: 3000 });
  r.on('error', () => {});
  return r;
}

/** Whether Redis answers, and its version. */
export async function probeRedis() {
  const r = client();
  try {
    await r.connect();
    const info = await r.info('server');
    return { ok: true, url: REDIS_URL, version: /redis_version:(\S+)/.exec(info)?.[1] ?? '?' };
  } catch (err) {
    return { ok: false, url: REDIS_URL, reason: String(err?.message ?? err) };
  } finally {
    r.disconnect();
  }
}

/**
 * `n` Atendo instances as a cluster: one fresh PostgreSQL database, one Redis key prefix, one data
 * directory (the shared uploads), one public address (the first's, as a load balancer's would be).
 */
export async function startCluster(n = 2) {
  const database = await createDatabase();
  const prefix = `atendo_b:${randomBytes(4).toString('hex')}:`;
  const dataDir = tempDataDir();
  const ports = [];
  for (let i = 0; i < n; i++) ports.push(await freePort());
  const publicUrl = `http://127.0.0.1:${ports[0]}`;
  const instances = [];
  try {
    for (let i = 0; i < n; i++) {
      instances.push(
        await startAtendo({
          dataDir,
          port: ports[i],
          // The first one migrates (and is checked to); the others find the schema there.
          database: i === 0 ? database : null,
          env: {
            ATENDO_DATABASE_URL: database.url,
            ATENDO_REDIS_URL: REDIS_URL,
            ATENDO_REDIS_PREFIX: prefix,
            ATENDO_INSTANCE_ID: `bench${i}`,
            ATENDO_PUBLIC_URL: publicUrl,
          },
        }),
      );
    }
  } catch (err) {
    for (const s of instances) await s.stop();
    await cleanup();
    throw err;
  }
  async function cleanup() {
    rmSync(dataDir, { recursive: true, force: true });
    await database.drop();
    const r = client();
    try {
      await r.connect();
      let cursor = '0';
      do {
        const [next, keys] = await r.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
        cursor = next;
        if (keys.length) await r.del(...keys);
      } while (cursor !== '0');
    } catch {
      /* Redis gone: its keys expire or stay under a prefix no one uses */
    } finally {
      r.disconnect();
    }
  }
  return {
    instances,
    base: publicUrl,
    database,
    pids: instances.map((s) => s.pid),
    async stop() {
      for (const s of instances) await s.stop();
    },
    cleanup,
  };
}
