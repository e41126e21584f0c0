import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { storageContractSuite } from '../contract/suite';
import { aSite, anAgent } from '../contract/fixtures';
import { openPostgresStorage, type PostgresStorage } from './index';
import { describeStartError, openPgDb, pgMigrationsFolder, type PgDb } from './client';
import { createEmptyTestDatabase, createTestDatabase, openTestPgStorage, pgSkipReason, pgTestUrl } from './testing';

// The contract suite against PostgreSQL: every test on a fresh database copied from a migrated
// template (testing.ts). When PostgreSQL does not answer, one line says the suite is skipped —
// unless CI or ATENDO_TEST_DATABASE_URL asks for PostgreSQL: then pgSkipReason throws and the file fails.
const skip = await pgSkipReason();
if (skip) {
  console.warn(`\n  ${skip}\n`);
  describe.skip('storage contract: postgres', () => it('needs PostgreSQL', () => {}));
} else {
  storageContractSuite('postgres', openTestPgStorage);
}

describe.skipIf(!!skip)('postgres client', () => {
  it('instances starting together on an empty database migrate once, one after the other', async () => {
    const test = await createEmptyTestDatabase();
    const dbs: PgDb[] = [];
    try {
      // Without the advisory lock, drizzle's migrator in each would read "nothing applied" and run
      // 0000 at once: duplicate-object errors (42P07/42710) or unique violations on its journal.
      const opened = await Promise.allSettled(Array.from({ length: 4 }, () => openPgDb(test.url, { pool: 2 })));
      for (const r of opened) if (r.status === 'fulfilled') dbs.push(r.value);
      expect(opened.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason))).toEqual([]);
      const journal = JSON.parse(readFileSync(join(pgMigrationsFolder(), 'meta/_journal.json'), 'utf8')) as { entries: unknown[] };
      const { rows } = await dbs[0]!.$client.query<{ n: number }>('SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations');
      expect(rows[0]!.n).toBe(journal.entries.length);
    } finally {
      await Promise.all(dbs.map((db) => db.$client.end()));
      await test.drop();
    }
  });

  it('first-start bootstrap under withStartLock: instances starting together make one site and one admin', async () => {
    const test = await createTestDatabase();
    const instances = await Promise.all(Array.from({ length: 4 }, () => openPostgresStorage(test.url, { pool: 2, migrate: false })));
    try {
      // What domain/bootstrap.ts does through the stores: check, then create. Without the lock all
      // four see an empty database: four sites, and three admins refused on the unique e-mail.
      const boot = (storage: PostgresStorage) =>
        storage.withStartLock(async () => {
          if (!(await storage.sites.first())) await aSite(storage, { name: 'My website' });
          if ((await storage.agents.count()) === 0) await anAgent(storage, { email: 'admin@example.com', role: 'admin' });
        });
      const results = await Promise.allSettled(instances.map(boot));
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'fulfilled']);
      expect(await instances[0]!.sites.list()).toHaveLength(1);
      expect(await instances[0]!.agents.count()).toBe(1);
    } finally {
      await Promise.all(instances.map((s) => s.close()));
      await test.drop();
    }
  });

  it('the atendo text search configuration folds case and accents and splits e-mail addresses', async () => {
    const test = await createTestDatabase();
    const db = await openPgDb(test.url, { pool: 1, migrate: false });
    try {
      const matches = async (text: string, query: string) =>
        (
          await db.$client.query<{ m: boolean }>(
            `SELECT to_tsvector('atendo', regexp_replace($1, '[[:punct:]]+', ' ', 'g')) @@ to_tsquery('atendo', $2) AS m`,
            [text, query],
          )
        ).rows[0]!.m;
      expect(await matches('Não recebi o pacote', 'nao:*')).toBe(true);
      expect(await matches('ПРИВЕТ, как дела', 'привет:*')).toBe(true);
      expect(await matches('Café com açúcar', 'acucar:* & cafe:*')).toBe(true);
      expect(await matches('write to ana.souza@example.com', 'example:*')).toBe(true);
      expect(await matches('Café com açúcar', 'cha:*')).toBe(false);
      // The generated columns use that configuration: an inserted row is found by its folded words.
      const { rows } = await db.$client.query<{ expr: string }>(
        `SELECT pg_get_expr(d.adbin, d.adrelid) AS expr FROM pg_attrdef d JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum
          WHERE a.attname = 'search_vector' ORDER BY d.adrelid::regclass::text`,
      );
      expect(rows.map((r) => r.expr)).toEqual([expect.stringContaining("'atendo'"), expect.stringContaining("'atendo'")]);
    } finally {
      await db.$client.end();
      await test.drop();
    }
  });

  it('describeStartError says in one line what is wrong with the URL or the server', async () => {
    const base = new URL(pgTestUrl());
    const attempt = async (url: string) => {
      try {
        const db = await openPgDb(url, { migrate: false, pool: 1 });
        try {
          await db.$client.query('SELECT 1');
        } finally {
          await db.$client.end();
        }
        return 'opened';
      } catch (err) {
        return describeStartError(err);
      }
    };
    expect(await attempt('not a url')).toMatch(/^ATENDO_DATABASE_URL is not a valid PostgreSQL URL/);
    expect(await attempt('mysql://u@h/db')).toMatch(/^ATENDO_DATABASE_URL is not a valid PostgreSQL URL/);
    expect(await attempt(`postgres://${base.username || 'postgres'}@127.0.0.1:1/db`)).toMatch(/^PostgreSQL refused the connection/);
    expect(await attempt(`postgres://${base.username || 'postgres'}@nohost.invalid/db`)).toMatch(/^PostgreSQL host not found/);
    expect(await attempt(urlWith(base, { database: 'atendo_t_does_not_exist' }))).toMatch(/^PostgreSQL database does not exist/);
    expect(await attempt(urlWith(base, { user: 'atendo_t_no_such_role' }))).toMatch(/^PostgreSQL refused the credentials/);
    expect(describeStartError(Object.assign(new Error('permission denied for schema public'), { code: '42501' }))).toMatch(/^PostgreSQL permission denied/);
    for (const line of [await attempt('not a url'), await attempt(`postgres://u@127.0.0.1:1/db`)]) expect(line).not.toContain('\n');
  });
});

function urlWith(base: URL, change: { database?: string; user?: string }): string {
  const url = new URL(base.toString());
  if (change.database) url.pathname = `/${change.database}`;
  if (change.user) url.username = change.user;
  return url.toString();
}
