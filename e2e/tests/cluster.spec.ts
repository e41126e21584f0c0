/**
 * Two Atendo instances on one PostgreSQL database and one Redis, behind Debian's haproxy with the
 * configuration the docs give (docs/cluster/haproxy.cfg): round robin, no stickiness, WebSocket
 * upgrade, health checks on /readyz. A visitor on /demo and an agent in the console chat through
 * it; one instance is killed mid-chat; the conversation goes on with nothing lost or shown twice.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { Redis } from 'ioredis';
import { ADMIN, agentAndVisitor, expect, test as base } from './fixtures';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SERVER = join(ROOT, 'server', 'dist', 'main.js');
const HAPROXY = process.env.ATENDO_HAPROXY || '/usr/sbin/haproxy';
const PG_ADMIN = process.env.ATENDO_TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS = process.env.ATENDO_TEST_REDIS_URL || 'redis://127.0.0.1:6379';

function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => res(port));
    });
  });
}

async function until(what: string, check: () => Promise<boolean>, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: PG_ADMIN });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

interface Cluster {
  url: string;
  /** SIGKILL one instance, as a crash would. */
  kill(name: 'a' | 'b'): Promise<void>;
  /** The instance the visitor's widget is connected to (from the cluster's registry in Redis). */
  visitorsInstance(): Promise<'a' | 'b'>;
  log(): string;
}

const test = base.extend<{ cluster: Cluster }>({
  // oxlint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from this pattern
  cluster: async ({}, use) => {
    const [lb, pa, pb] = [await freePort(), await freePort(), await freePort()];
    const url = `http://localhost:${lb}`;
    const tag = randomBytes(4).toString('hex');
    const dbName = `atendo_e2e_cluster_${tag}`;
    await admin((c) => c.query(`CREATE DATABASE ${dbName}`));
    const dbUrl = new URL(PG_ADMIN);
    dbUrl.pathname = `/${dbName}`;
    const prefix = `atendo_e2e:${tag}:`;
    // One data directory for both: the uploads are shared, as a mounted volume would be.
    const dataDir = mkdtempSync(join(tmpdir(), 'atendo-e2e-cluster-'));
    let output = '';
    const children = new Map<string, ChildProcess>();
    const start = async (name: 'a' | 'b', port: number) => {
      const child = spawn(process.execPath, [SERVER], {
        env: {
          ...process.env,
          PORT: String(port),
          HOST: '127.0.0.1',
          ATENDO_DATA_DIR: dataDir,
          ATENDO_PUBLIC_URL: url,
          ATENDO_ADMIN_EMAIL: ADMIN.email,
          ATENDO_ADMIN_PASSWORD: ADMIN.password,
          NODE_ENV: 'production',
          ATENDO_DEMO: '1',
          ATENDO_TRUST_PROXY: '1',
          ATENDO_DATABASE_URL: dbUrl.toString(),
          ATENDO_REDIS_URL: REDIS,
          ATENDO_REDIS_PREFIX: prefix,
          ATENDO_INSTANCE_ID: name,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout!.on('data', (d) => (output += `[${name}] ${d}`));
      child.stderr!.on('data', (d) => (output += `[${name}] ${d}`));
      children.set(name, child);
      await until(`instance ${name}`, async () => (await fetch(`http://127.0.0.1:${port}/readyz`)).ok);
    };
    const cfgDir = mkdtempSync(join(tmpdir(), 'atendo-haproxy-'));
    let haproxy: ChildProcess | null = null;
    try {
      await start('a', pa);
      await start('b', pb);
      // The documented configuration, with this test's ports.
      const cfg = readFileSync(join(ROOT, 'docs', 'cluster', 'haproxy.cfg'), 'utf8')
        .replace('127.0.0.1:8080', `127.0.0.1:${lb}`)
        .replace('127.0.0.1:3001', `127.0.0.1:${pa}`)
        .replace('127.0.0.1:3002', `127.0.0.1:${pb}`);
      writeFileSync(join(cfgDir, 'haproxy.cfg'), cfg);
      haproxy = spawn(HAPROXY, ['-db', '-f', join(cfgDir, 'haproxy.cfg')], { stdio: ['ignore', 'pipe', 'pipe'] });
      haproxy.stdout!.on('data', (d) => (output += `[haproxy] ${d}`));
      haproxy.stderr!.on('data', (d) => (output += `[haproxy] ${d}`));
      await until('haproxy', async () => (await fetch(`${url}/readyz`)).ok);
      await use({
        url,
        async kill(name) {
          const child = children.get(name)!;
          const exited = new Promise((r) => child.once('exit', r));
          child.kill('SIGKILL');
          await exited;
        },
        async visitorsInstance() {
          const redis = new Redis(REDIS);
          try {
            for (const key of await redis.keys(`${prefix}inst:*:visitors`)) {
              if ((await redis.hlen(key)) > 0) return key.slice(prefix.length + 'inst:'.length).startsWith('a.') ? 'a' : 'b';
            }
            throw new Error('no instance holds the visitor');
          } finally {
            redis.disconnect();
          }
        },
        log: () => output,
      });
    } finally {
      haproxy?.kill('SIGTERM');
      await Promise.all(
        [...children.values()].map(async (child) => {
          if (child.exitCode !== null || child.signalCode !== null) return;
          const exited = new Promise((r) => child.once('exit', r));
          child.kill('SIGTERM');
          await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
          if (child.exitCode === null) child.kill('SIGKILL');
        }),
      );
      await admin((c) => c.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`));
      const redis = new Redis(REDIS);
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length) await redis.del(...keys);
      redis.disconnect();
      rmSync(dataDir, { recursive: true, force: true });
      rmSync(cfgDir, { recursive: true, force: true });
    }
  },
  baseURL: async ({ cluster }, use) => use(cluster.url),
});

test('through haproxy, a chat goes on when one of two instances is killed: nothing lost, nothing twice', async ({ browser, cluster }) => {
  test.setTimeout(90_000);
  const { agent, visitor, panel, composer, close } = await agentAndVisitor(browser);
  const log = panel.getByRole('log');
  await composer.fill('Visitor, one');
  await composer.press('Enter');
  await expect(log.locator('.row.pending')).toHaveCount(0);
  await agent
    .getByRole('list', { name: /conversations/i })
    .getByRole('link', { name: /Visitor, one/ })
    .click();
  const transcript = agent.getByRole('log');
  await expect(transcript.getByText('Visitor, one')).toBeVisible();
  const reply = agent.getByRole('textbox', { name: /reply/i });
  await reply.fill('Agent, one');
  await reply.press('Enter');
  await expect(log.getByText('Agent, one')).toBeVisible();

  // The visitor's instance dies. Whoever was connected to it reconnects through haproxy to the other.
  await cluster.kill(await cluster.visitorsInstance());
  await composer.fill('Visitor, two');
  await composer.press('Enter');
  await expect(log.locator('.row.pending')).toHaveCount(0, { timeout: 20_000 });
  await expect(transcript.getByText('Visitor, two')).toBeVisible({ timeout: 20_000 });
  await reply.fill('Agent, two');
  await reply.press('Enter');
  await expect(log.getByText('Agent, two')).toBeVisible({ timeout: 20_000 });

  // Every message once on each side, in order.
  for (const text of ['Visitor, one', 'Agent, one', 'Visitor, two', 'Agent, two']) {
    await expect(log.getByText(text)).toHaveCount(1);
    await expect(transcript.getByText(text)).toHaveCount(1);
  }
  const order = await transcript.innerText();
  expect(order.indexOf('Visitor, one')).toBeLessThan(order.indexOf('Visitor, two'));
  expect(order.indexOf('Visitor, two')).toBeLessThan(order.indexOf('Agent, two'));
  await visitor.screenshot({ path: 'screenshots/cluster-widget-after-kill.png' });
  await agent.screenshot({ path: 'screenshots/cluster-console-after-kill.png' });
  await close();
});
