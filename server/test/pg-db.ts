/**
 * The server suite's PostgreSQL pass (ATENDO_TEST_STORE=postgres, set by the `server-pg` Vitest
 * project): each test server gets a database of its own on the test PostgreSQL, created empty
 * (the server migrates it at start, as in production) and dropped when the server closes.
 */
import pg from 'pg';
import { randomBytes } from 'node:crypto';

/** Which store this run's test servers use. */
export const testStore: 'sqlite' | 'postgres' = process.env.ATENDO_TEST_STORE === 'postgres' ? 'postgres' : 'sqlite';

/** The maintenance database the test databases are created from (any database the user can connect to). */
export function adminUrl(): string {
  return process.env.ATENDO_TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
}

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A new, empty database; `drop` removes it (and ends whatever is still connected to it). */
export async function createPgDatabase(): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const name = `atendo_t_srv_${process.pid}_${randomBytes(4).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: () => admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

/** End every connection to the database at `url` from the server side (what a PostgreSQL restart or failover does to clients). */
export async function terminateConnections(url: string): Promise<number> {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  const res = await admin((c) =>
    c.query<{ n: number }>('SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [name]),
  );
  return res.rows[0]?.n ?? 0;
}

/**
 * For scripts outside Vitest (the fault tests): in the PostgreSQL pass, go on only if PostgreSQL
 * answers. Otherwise print one line and exit 0 — unless CI or ATENDO_TEST_DATABASE_URL asks for
 * PostgreSQL, where an unreachable server fails (exit 1).
 */
export async function requirePostgresOrSkip(what: string): Promise<void> {
  if (testStore !== 'postgres') return;
  try {
    await admin((c) => c.query('SELECT 1'));
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    if (process.env.CI || process.env.ATENDO_TEST_DATABASE_URL) {
      console.error(`${what}: PostgreSQL does not answer at ${new URL(adminUrl()).host} (${why}); CI needs it`);
      process.exit(1);
    }
    console.warn(`${what}: PostgreSQL does not answer at ${new URL(adminUrl()).host}: the PostgreSQL pass is SKIPPED`);
    process.exit(0);
  }
}

/**
 * Whether the PostgreSQL tests run: true when PostgreSQL answers. When it does not: false (the
 * test file skips, saying so) — unless CI or ATENDO_TEST_DATABASE_URL asks for PostgreSQL, then it throws.
 */
export async function pgAnswers(): Promise<boolean> {
  try {
    await admin((c) => c.query('SELECT 1'));
    return true;
  } catch (err) {
    const why = `PostgreSQL does not answer at ${new URL(adminUrl()).host} (${err instanceof Error ? err.message : String(err)})`;
    if (process.env.CI || process.env.ATENDO_TEST_DATABASE_URL) throw new Error(`${why}; CI needs it`);
    console.warn(`${why}: its tests are SKIPPED`);
    return false;
  }
}
