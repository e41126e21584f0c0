/**
 * Test databases on the test PostgreSQL (ATENDO_TEST_DATABASE_URL, or postgres@127.0.0.1:5432).
 *
 * Migrating is the slow part of a fresh database, so it is done once per test file (module): a
 * template database `atendo_t_tpl_<pid>_<rand>` is migrated on first use, and each test database is
 * `CREATE DATABASE atendo_t_<pid>_<rand> TEMPLATE …` (a copy, a few hundred milliseconds). Each is
 * dropped by its `drop`/`close`; the template after the file's tests (afterAll). Databases of test
 * processes that died without cleaning up are dropped when the next template is made.
 */
import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { afterAll } from 'vitest';
import { openPgDb } from './client';
import { openPostgresStorage, type PostgresStorage } from './index';

/** The URL of a database the test user can connect to and create databases from. */
export function pgTestUrl(): string {
  return process.env.ATENDO_TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
}

/** `base` with its database name replaced by `name`. */
function urlOf(name: string, base = pgTestUrl()): string {
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: pgTestUrl(), connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

let available: Promise<boolean> | undefined;

/** Whether the test PostgreSQL answers (asked once per module). */
export function pgAvailable(): Promise<boolean> {
  return (available ??= admin((c) => c.query('SELECT 1')).then(
    () => true,
    () => false,
  ));
}

/**
 * Why the PostgreSQL tests do not run, or undefined when they do. Unreachable in CI or with
 * ATENDO_TEST_DATABASE_URL set is an error (thrown): there PostgreSQL was asked for.
 */
export async function pgSkipReason(): Promise<string | undefined> {
  if (await pgAvailable()) return undefined;
  const url = new URL(pgTestUrl());
  const where = `${url.hostname}:${url.port || 5432}`;
  if (process.env.CI || process.env.ATENDO_TEST_DATABASE_URL) {
    throw new Error(`PostgreSQL does not answer at ${where}: the PostgreSQL tests cannot run (CI or ATENDO_TEST_DATABASE_URL requires them)`);
  }
  return `PostgreSQL does not answer at ${where}: the PostgreSQL storage tests are SKIPPED (set ATENDO_TEST_DATABASE_URL to run them)`;
}

const randomSuffix = () => `${process.pid}_${randomBytes(5).toString('hex')}`;

/** Drop test databases left by test processes that no longer exist (killed before their afterAll). */
async function dropOrphans(c: pg.Client): Promise<void> {
  const { rows } = await c.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname ~ '^atendo_t_(tpl_|srv_)?[0-9]+_[0-9a-f]+$'`);
  for (const { datname } of rows) {
    const pid = Number(/^atendo_t_(?:tpl_|srv_)?(\d+)_/.exec(datname)![1]);
    if (pid === process.pid || alive(pid)) continue;
    await c.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`).catch(() => {});
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Drops started by `openTestPgStorage`'s close and not awaited there: DROP DATABASE waits for a
 * checkpoint (about half a second), which would double each contract test's time. The file's
 * afterAll waits for them before the template goes.
 */
const pendingDrops = new Set<Promise<void>>();

let template: Promise<string> | undefined;

// Registered while the test file is collected (this module is imported by it), so it runs after all
// of the file's tests: the template goes with them.
afterAll(async () => {
  await Promise.all(pendingDrops);
  const name = await template?.catch(() => undefined);
  if (name) await admin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
});

/** The migrated template of this module's test databases (created and migrated on first use). */
function migratedTemplate(): Promise<string> {
  return (template ??= (async () => {
    const name = `atendo_t_tpl_${randomSuffix()}`;
    await admin(async (c) => {
      await dropOrphans(c);
      await c.query(`CREATE DATABASE "${name}"`);
    });
    // A template must have no connections when copied: the pool is ended before the first copy.
    const db = await openPgDb(urlOf(name), { pool: 1 });
    await db.$client.end();
    return name;
  })());
}

/** A fresh, migrated, empty database; `drop` removes it (ending whatever is still connected). */
export async function createTestDatabase(): Promise<TestDatabase> {
  return newDatabase(await migratedTemplate());
}

/** A fresh database with nothing in it, not even migrations (for tests of migrating itself). */
export async function createEmptyTestDatabase(): Promise<TestDatabase> {
  return newDatabase('template0');
}

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

async function newDatabase(template: string): Promise<TestDatabase> {
  const name = `atendo_t_${randomSuffix()}`;
  await admin((c) => c.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`));
  return {
    url: urlOf(name),
    name,
    drop: () => admin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
}

/** The contract suite's `open`: the stores over a fresh migrated database, removed after `close`. */
export async function openTestPgStorage(): Promise<{ storage: PostgresStorage; close(): Promise<void> }> {
  const test = await createTestDatabase();
  const storage = await openPostgresStorage(test.url, { pool: 4, migrate: false });
  return {
    storage,
    async close() {
      await storage.close();
      const drop = test.drop().finally(() => pendingDrops.delete(drop));
      pendingDrops.add(drop);
    },
  };
}
