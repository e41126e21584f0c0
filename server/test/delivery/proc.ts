/**
 * A real Atendo server process (tsx, no build needed) on 127.0.0.1 with its own data directory, so
 * tests can `kill -9` it and start it again on the same database file. In the PostgreSQL pass
 * (ATENDO_TEST_STORE=postgres) a data directory also has a PostgreSQL database of its own, created
 * at its first start and dropped by `remove()`: every restart of that directory finds its data.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PROTOCOL_VERSION } from '@atendo/shared';
import { ADMIN, freePort, login, TestClient } from '../helpers';
import { createPgDatabase, testStore } from '../pg-db';

const SERVER_DIR = resolve(import.meta.dirname, '../..');

export interface ServerProc {
  url: string;
  wsUrl: string;
  dataDir: string;
  child: ChildProcess;
  /** SIGKILL, like a crash or an OOM kill: no shutdown code runs. */
  kill9(): Promise<void>;
  /** SIGTERM and wait for the exit (at once if it had exited already). */
  term(): Promise<void>;
  /** What the process wrote to stderr so far. */
  stderr(): string;
}

/** PostgreSQL pass: each data directory's database. */
const databases = new Map<string, Promise<Awaited<ReturnType<typeof createPgDatabase>>>>();

/** The environment that points a server of `dataDir` at its database (nothing for SQLite: the file is in the directory). */
export async function storeEnv(dataDir: string): Promise<Record<string, string>> {
  if (testStore !== 'postgres') return {};
  let db = databases.get(dataDir);
  if (!db) databases.set(dataDir, (db = createPgDatabase()));
  return { ATENDO_DATABASE_URL: (await db).url };
}

export function tempDataDir(): { dir: string; remove(): Promise<void> } {
  const dir = mkdtempSync(join(tmpdir(), 'atendo-delivery-'));
  return {
    dir,
    async remove() {
      rmSync(dir, { recursive: true, force: true });
      const db = databases.get(dir);
      databases.delete(dir);
      if (db) await (await db).drop();
    },
  };
}

/** Start `src/main.ts` and resolve once /healthz answers. */
export async function startProc(dataDir: string, port?: number, env: Record<string, string> = {}): Promise<ServerProc> {
  const p = port ?? (await freePort());
  const url = `http://127.0.0.1:${p}`;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: SERVER_DIR,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: {
      ...process.env,
      PORT: String(p),
      HOST: '127.0.0.1',
      ATENDO_DATA_DIR: dataDir,
      ATENDO_PUBLIC_URL: url,
      ATENDO_ADMIN_EMAIL: ADMIN.email,
      ATENDO_ADMIN_PASSWORD: ADMIN.password,
      ATENDO_MAX_CONNECTIONS_PER_IP: '10000',
      ATENDO_RATE_MESSAGES_PER_IP_PER_MINUTE: '1000000',
      ATENDO_RATE_CONVERSATIONS_PER_IP_PER_HOUR: '1000000',
      ATENDO_RATE_MESSAGES_PER_MINUTE: '1000000',
      ATENDO_RATE_FRAMES_PER_MINUTE: '1000000',
      ...(await storeEnv(dataDir)),
      ...env,
    },
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited: ${stderr}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) throw new Error(`server did not start: ${stderr}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    wsUrl: `ws://127.0.0.1:${p}/ws`,
    dataDir,
    child,
    async kill9() {
      if (child.exitCode === null) child.kill('SIGKILL');
      await exited;
    },
    async term() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
    stderr: () => stderr,
  };
}

/** The first site's id (the server creates one at first start). */
export async function siteIdOf(url: string): Promise<string> {
  const cookie = await login(url);
  const res = await fetch(`${url}/api/v1/sites`, { headers: { cookie } });
  const body = (await res.json()) as { items: { siteId: string }[] };
  return body.items[0]!.siteId;
}

export const visitorHello = (siteId: string, extra: Record<string, unknown> = {}) => ({
  type: 'hello',
  v: PROTOCOL_VERSION,
  role: 'visitor',
  siteId,
  ...extra,
});

export async function agentClient(url: string, wsUrl: string, cookie: string, resume?: Record<string, number>): Promise<TestClient> {
  const c = await TestClient.connect(wsUrl, { cookie, origin: url });
  c.send({ type: 'hello', v: PROTOCOL_VERSION, role: 'agent', ...(resume ? { resume } : {}) });
  await c.next('welcome');
  return c;
}

export async function visitorClient(wsUrl: string, siteId: string, token?: string, resume?: Record<string, number>): Promise<TestClient> {
  const c = await TestClient.connect(wsUrl);
  c.send(visitorHello(siteId, { ...(token ? { token } : {}), ...(resume ? { resume } : {}) }));
  await c.next('welcome');
  return c;
}

/** Every message of a conversation, from REST (what an agent's browser would load). */
export async function transcript(url: string, cookie: string, conversationId: string): Promise<{ seq: number; clientId: string; body: string }[]> {
  const out: { seq: number; clientId: string; body: string }[] = [];
  let after = 0;
  for (;;) {
    const res = await fetch(`${url}/api/v1/conversations/${conversationId}/messages?after=${after}&limit=100`, { headers: { cookie } });
    const body = (await res.json()) as { items: { seq: number; clientId: string; body: string }[] };
    if (!body.items.length) return out;
    out.push(...body.items);
    after = body.items[body.items.length - 1]!.seq;
  }
}
