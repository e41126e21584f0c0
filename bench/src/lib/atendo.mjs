import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createDatabase, query } from './postgres.mjs';
import { PROBE, ROOT, freePort, spawnNode, stop, waitHttp } from './proc.mjs';

export const ADMIN = { email: 'bench@example.com', password: 'bench-password-123' };
export const BENCH_LIMITS = {
  ATENDO_MAX_CONNECTIONS_PER_IP: '1000000',
  ATENDO_RATE_MESSAGES_PER_MINUTE: '1000000',
  ATENDO_RATE_MESSAGES_PER_IP_PER_MINUTE: '100000000',
  ATENDO_RATE_FRAMES_PER_MINUTE: '1000000',
  ATENDO_RATE_CONVERSATIONS_PER_IP_PER_HOUR: '100000000',
};
/**
 * The server measured: this checkout's build, or another build for an A/B run
 * (`BENCH_ATENDO_MAIN=/path/to/other/checkout/server/dist/main.js`, the same harness and load).
 */
export const MAIN = process.env.BENCH_ATENDO_MAIN ? resolve(process.env.BENCH_ATENDO_MAIN) : resolve(ROOT, 'server/dist/main.js');

export function tempDataDir() {
  return mkdtempSync(join(tmpdir(), 'atendo-bench-'));
}

/**
 * The real server, built (`server/dist/main.js`), in its own process, with a data directory of
 * its own. Resolves once /healthz answers, with the time that took.
 *
 * `database` (from lib/postgres.mjs `createDatabase()`): the server stores in that PostgreSQL
 * database (ATENDO_DATABASE_URL) instead of the SQLite file in its data directory; `cleanup()`
 * drops it. Uploaded files stay in the data directory either way.
 */
export async function startAtendo({ dataDir = tempDataDir(), port, env = {}, nodeArgs = [], database = null } = {}) {
  port ??= await freePort();
  const base = `http://127.0.0.1:${port}`;
  const t0 = performance.now();
  // `pnpm bench --cpu-prof` (or BENCH_CPU_PROF=<dir>): every Atendo process writes a V8 CPU profile.
  const prof = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  // BENCH_SERVER_NODE_ARGS: V8/Node flags for the server under test only (e.g. GC settings in an A/B).
  const extra = process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const child = spawnNode([...prof, ...extra, ...nodeArgs, '--import', PROBE, MAIN], {
    ipc: true,
    env: {
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      ATENDO_DATA_DIR: dataDir,
      ATENDO_PUBLIC_URL: base,
      ATENDO_ADMIN_EMAIL: ADMIN.email,
      ATENDO_ADMIN_PASSWORD: ADMIN.password,
      // All load comes from 127.0.0.1: lift the per-address abuse limits (they still run on every
      // frame, so their cost is measured), as thousands of real visitors would come from thousands.
      ...BENCH_LIMITS,
      ...(database ? { ATENDO_DATABASE_URL: database.url } : {}),
      ...env,
    },
  });
  let ready;
  try {
    ready = await waitHttp(`${base}/healthz`, { child, timeoutMs: 60_000 });
    // A build without PostgreSQL (an A/B against an older checkout) ignores ATENDO_DATABASE_URL and
    // would be measured on SQLite under PostgreSQL's name: the migrated schema says it did not.
    if (database) {
      const [{ n }] = await query(
        database.url,
        "SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public' AND table_name = 'sites'",
      );
      if (n !== 1) throw new Error(`${MAIN} did not create its schema in ${database.name}: it does not use ATENDO_DATABASE_URL (a build without PostgreSQL?)`);
    }
  } catch (err) {
    await stop(child);
    rmSync(dataDir, { recursive: true, force: true });
    await database?.drop();
    throw err;
  }
  return {
    child,
    pid: child.pid,
    port,
    base,
    dataDir,
    database,
    store: database ? 'postgres' : 'sqlite',
    healthzMs: ready - t0,
    async stop() {
      await stop(child);
    },
    /** After stop(): the data directory and the PostgreSQL database (if any) are removed. */
    async cleanup() {
      rmSync(dataDir, { recursive: true, force: true });
      await database?.drop();
    },
  };
}

/** Atendo on `store` ('sqlite' or 'postgres'): on PostgreSQL in a fresh database of its own (atendo_b_…). */
export async function startAtendoOn(store, opts = {}) {
  if (store !== 'postgres') return startAtendo(opts);
  return startAtendo({ ...opts, database: await createDatabase() });
}

/** Log in as the bench admin; returns the cookie header and the default site's id. */
export async function login(base) {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(ADMIN),
  });
  if (!res.ok) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const sites = await (await fetch(`${base}/api/v1/sites`, { headers: { cookie } })).json();
  return { cookie, siteId: sites.items[0].siteId ?? sites.items[0].id };
}
