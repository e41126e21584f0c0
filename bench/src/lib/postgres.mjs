import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { ROOT } from './proc.mjs';

/**
 * `pg` as the server has it (server/package.json): the bench measures the server, so it uses the
 * same client library and version, and needs no dependency of its own to create databases.
 */
const pg = createRequire(resolve(ROOT, 'server/package.json'))('pg');

/**
 * The cluster the bench creates its databases in: BENCH_DATABASE_URL (any database of it; a user
 * allowed to CREATE DATABASE), else the local default. Each Atendo run gets a database of its own.
 */
export const ADMIN_URL = process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

/** The URL without its password, for the printed report and results.json. */
export function redact(url) {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}

/** One short-lived connection: run `fn(client)` and close. */
export async function withClient(url, fn) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * Whether PostgreSQL answers at ADMIN_URL, and the settings that decide what a commit costs
 * (printed beside the figures: `fsync=off` or `synchronous_commit=off` would not be a like-for-like
 * comparison with SQLite's synchronous=FULL).
 */
export async function probePostgres() {
  try {
    return await withClient(ADMIN_URL, async (c) => {
      const settings = {};
      for (const name of ['server_version', 'fsync', 'synchronous_commit', 'wal_sync_method', 'shared_buffers', 'max_connections']) {
        settings[name] = (await c.query(`SELECT current_setting($1) AS v`, [name])).rows[0].v;
      }
      return { ok: true, url: redact(ADMIN_URL), settings };
    });
  } catch (err) {
    return { ok: false, url: redact(ADMIN_URL), reason: String(err?.message ?? err).slice(0, 200) };
  }
}

/**
 * A fresh, empty database for one Atendo run (`atendo_b_<random>`), so no run sees another's rows
 * or pays for another's bloat. `drop()` removes it (WITH (FORCE): a server killed mid-run may leave
 * connections behind).
 */
export async function createDatabase() {
  const name = `atendo_b_${randomBytes(5).toString('hex')}`;
  await withClient(ADMIN_URL, (c) => c.query(`CREATE DATABASE ${name}`));
  const u = new URL(ADMIN_URL);
  u.pathname = `/${name}`;
  return {
    name,
    url: u.toString(),
    async drop() {
      await withClient(ADMIN_URL, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

/** One query on `url`; resolves with its rows. */
export function query(url, text, params = []) {
  return withClient(url, async (c) => (await c.query(text, params)).rows);
}
