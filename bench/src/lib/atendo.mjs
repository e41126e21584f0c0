import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
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
 */
export async function startAtendo({ dataDir = tempDataDir(), port, env = {}, nodeArgs = [] } = {}) {
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
      ...env,
    },
  });
  const ready = await waitHttp(`${base}/healthz`, { child, timeoutMs: 60_000 });
  return {
    child,
    pid: child.pid,
    port,
    base,
    dataDir,
    healthzMs: ready - t0,
    async stop() {
      await stop(child);
    },
    cleanup() {
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
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
