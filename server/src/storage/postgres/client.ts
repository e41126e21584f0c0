import pg from 'pg';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as schema from './schema';

export type PgDb = NodePgDatabase<typeof schema> & { $client: pg.Pool };

export interface PgOpenOptions {
  /** Most connections this process opens (pg.Pool `max`); default 10. */
  pool?: number;
  /** Apply pending migrations before returning (default true). */
  migrate?: boolean;
}

/**
 * The advisory lock key every Atendo instance takes while migrating ("atendo" in ASCII): drizzle's
 * pg migrator takes no lock and reads the last applied migration outside its transaction, so two
 * instances starting together on an empty database would both run 0000 and one would crash.
 */
export const MIGRATION_LOCK_KEY = 0x617465_6e646f;

/**
 * Find the checked-in migrations (./migrations) whether we run from src/ (tsx, tests) or from the
 * dist bundle. The journal must say `postgresql`: from dist/, `./migrations` could be SQLite's.
 */
export function pgMigrationsFolder(): string {
  const here = import.meta.dirname;
  for (const candidate of [resolve(here, 'migrations'), resolve(here, '../src/storage/postgres/migrations')]) {
    const journal = resolve(candidate, 'meta/_journal.json');
    if (existsSync(journal) && (JSON.parse(readFileSync(journal, 'utf8')) as { dialect?: string }).dialect === 'postgresql') return candidate;
  }
  throw new Error('Cannot find the PostgreSQL migrations folder (server/src/storage/postgres/migrations)');
}

/**
 * Open a pool on `url` and, unless told not to, apply pending migrations.
 *
 * TLS is what the URL asks for (`?sslmode=require`, `verify-full`, `sslrootcert=…`): node-postgres
 * reads those parameters from the connection string itself. Note that node-postgres 8 treats
 * `require` as `verify-full` (it checks the certificate and host name, and warns once); libpq's
 * encrypt-without-verifying `require` is `?uselibpqcompat=true&sslmode=require`. Durability of an acknowledged message
 * is the server's `synchronous_commit` (on by default), not a setting of ours.
 */
export async function openPgDb(url: string, opts: PgOpenOptions = {}): Promise<PgDb> {
  checkUrl(url);
  const pool = new pg.Pool({ connectionString: url, max: opts.pool ?? 10 });
  // A connection the server ends (a restart, a failover, pg_terminate_backend) emits 'error': on the
  // pool while idle, on the client itself while checked out (in a transaction between two queries).
  // Unhandled, either would crash the process. The query in flight fails where it is handled (a
  // batch's senders get an error and retry); the pool opens fresh connections for the next ones.
  let lastLogged = 0;
  const lost = (err: Error) => {
    if (Date.now() - lastLogged < 10_000) return;
    lastLogged = Date.now();
    console.warn(`PostgreSQL connection lost: ${err.message}`);
  };
  pool.on('error', lost);
  pool.on('connect', (client) => client.on('error', lost));
  try {
    if (opts.migrate !== false) await migratePg(pool);
  } catch (err) {
    await pool.end().catch(() => {});
    throw err;
  }
  return drizzle(pool, { schema }) as PgDb;
}

/** A URL node-postgres would misread (it takes "not a url" for a host name): refused before connecting. */
export class PgUrlError extends Error {
  readonly code = 'ATENDO_PG_URL';
}

function checkUrl(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new PgUrlError(`not a URL: ${JSON.stringify(url.replace(/\/\/[^@/]*@/, '//…@'))}`);
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw new PgUrlError(`the scheme must be postgres:// or postgresql://, not ${parsed.protocol}//`);
  }
}

/**
 * Apply pending migrations while holding `pg_advisory_lock(MIGRATION_LOCK_KEY)`, on the connection
 * that holds the lock (a session lock; the migrator's own transaction runs on that same connection),
 * so instances starting together migrate one after the other; the later ones find nothing to do.
 */
export async function migratePg(pool: pg.Pool): Promise<void> {
  await withAdvisoryLock(pool, MIGRATION_LOCK_KEY, async (client) => {
    await migrate(drizzle(client, { schema }), { migrationsFolder: pgMigrationsFolder() });
  });
}

/** The advisory lock key of first-start bootstrap (default site, first admin): see withAdvisoryLock. */
export const BOOTSTRAP_LOCK_KEY = MIGRATION_LOCK_KEY + 1;
/** Auto-assignment: batches pick an assignee one at a time across instances (storage/postgres/conversations.ts). */
export const ASSIGN_LOCK_KEY = 0x617465_6e6431;

/**
 * Run `fn` while this process holds the session advisory lock `key` on a dedicated connection of
 * `pool` (handed to `fn`; `fn` may also use the pool). Every instance that runs the same step under
 * the same key waits for the one before: e.g. first-start bootstrap under BOOTSTRAP_LOCK_KEY, so N
 * instances starting on an empty database create one default site and one first admin.
 */
export async function withAdvisoryLock<T>(pool: pg.Pool, key: number, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('SELECT pg_advisory_lock($1)', [key]);
    try {
      return await fn(client);
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [key]).catch((err: Error) => {
        broken = err;
      });
    }
  } catch (err) {
    broken ??= err as Error;
    throw err;
  } finally {
    // A connection that failed mid-way may still hold the lock: destroy it rather than pool it.
    client.release(broken);
  }
}

/** A node-postgres / libpq error as it arrives: SQLSTATE in `code`, or a system error's code. */
interface PgLikeError {
  code?: string;
  message?: string;
  errors?: unknown[];
}

/**
 * One clear line for why the server could not open PostgreSQL at start: a wrong URL, an unreachable
 * server, refused credentials, a missing database or missing permissions. Anything else keeps its message.
 */
export function describeStartError(err: unknown): string {
  const e = (err ?? {}) as PgLikeError;
  // `connect ECONNREFUSED` to both ::1 and 127.0.0.1 arrives as an AggregateError.
  const inner = Array.isArray(e.errors) && e.errors.length ? (e.errors[0] as PgLikeError) : undefined;
  const code = e.code ?? inner?.code;
  const msg = e.message || inner?.message || String(err);
  switch (code) {
    case 'ECONNREFUSED':
      return `PostgreSQL refused the connection (is the server running, and on that host and port?): ${msg}`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `PostgreSQL host not found (check the host in ATENDO_DATABASE_URL): ${msg}`;
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `PostgreSQL server unreachable (network or firewall): ${msg}`;
    case '28P01':
    case '28000':
      return `PostgreSQL refused the credentials (check user and password in ATENDO_DATABASE_URL): ${msg}`;
    case '3D000':
      return `PostgreSQL database does not exist (create it, or fix its name in ATENDO_DATABASE_URL): ${msg}`;
    case '42501':
      return `PostgreSQL permission denied (the user must own the database or have CREATE on it to migrate): ${msg}`;
    case '3F000':
      return `PostgreSQL schema missing (check search_path / the user's schema): ${msg}`;
  }
  if (code === 'ATENDO_PG_URL' || err instanceof TypeError || /Invalid URL|invalid connection string/i.test(msg)) {
    return `ATENDO_DATABASE_URL is not a valid PostgreSQL URL (postgres://user:password@host:5432/database): ${msg}`;
  }
  if (/SSL|TLS|certificate/i.test(msg)) {
    return `PostgreSQL TLS failed (check sslmode / sslrootcert in ATENDO_DATABASE_URL): ${msg}`;
  }
  return `PostgreSQL could not be opened: ${msg}`;
}
