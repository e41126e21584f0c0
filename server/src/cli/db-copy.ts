/**
 * `pnpm db:copy --to postgres://…` : copy an Atendo SQLite database into an empty PostgreSQL one.
 *
 * Every table of the schema is copied (sites, agents and their sessions, visitors, conversations,
 * messages, notes, ratings, articles, attachments' metadata, e-mail state…), parents before children,
 * in batches, rows already there kept (`ON CONFLICT DO NOTHING`): after an interruption, the same
 * command with `--resume` carries on. Then it verifies: the same number of rows in every table, and
 * for every conversation the same last seq and the same highest message seq on both sides.
 * The search index is not copied: PostgreSQL computes its own (a generated column).
 *
 * Stop Atendo first (or copy from a backup): rows written to the SQLite file after a table was
 * copied would not be in PostgreSQL, and `--resume` keeps rows already copied as they are (it
 * assumes the source did not change in between). The source is only read, never migrated: a file
 * from an older version is refused until this version has started on it once. Uploaded files stay where they are (ATENDO_DATA_DIR/uploads).
 */
import { getTableColumns, getTableName, sql, type Table } from 'drizzle-orm';
import { getTableConfig as pgTableConfig, type PgTable } from 'drizzle-orm/pg-core';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { redactDatabaseUrl } from '../config';
import { openPgDb, describeStartError, type PgDb } from '../storage/postgres/client';
import * as pgSchema from '../storage/postgres/schema';
import { migrationsFolder, openDb, type Db } from '../storage/sqlite/client';
import * as sqliteSchema from '../storage/sqlite/schema';

const BATCH = 500;

export interface CopyOptions {
  from: string;
  to: string;
  /** Copy into a database that already holds rows (an interrupted copy): rows there are kept. */
  resume?: boolean;
  log?: (line: string) => void;
}

export interface CopyReport {
  tables: { name: string; rows: number; copied: number }[];
  conversations: number;
}

type Pair = { name: string; sqlite: Table; pg: PgTable };

/** The schema's tables in both dialects, parents before children (by their foreign keys). */
export function tablePairs(): Pair[] {
  const pairs = new Map<string, Pair>();
  for (const [key, value] of Object.entries(pgSchema)) {
    const lite = (sqliteSchema as Record<string, unknown>)[key];
    if (!isTable(value) || !isTable(lite)) continue;
    pairs.set(getTableName(value), { name: getTableName(value), sqlite: lite, pg: value as PgTable });
  }
  const ordered: Pair[] = [];
  const seen = new Set<string>();
  const visit = (name: string, path: Set<string>) => {
    if (seen.has(name) || path.has(name)) return;
    const pair = pairs.get(name);
    if (!pair) return;
    path.add(name);
    for (const fk of pgTableConfig(pair.pg).foreignKeys) {
      const parent = getTableName(fk.reference().foreignTable);
      if (parent !== name) visit(parent, path);
    }
    path.delete(name);
    seen.add(name);
    ordered.push(pair);
  };
  for (const name of [...pairs.keys()].sort()) visit(name, new Set());
  return ordered;
}

function isTable(value: unknown): value is Table {
  return typeof value === 'object' && value !== null && Symbol.for('drizzle:IsDrizzleTable') in value;
}

/** How many of this version's SQLite migrations the file has not had. */
function migrationsBehind(lite: Db): number {
  const journal = JSON.parse(readFileSync(resolve(migrationsFolder(), 'meta/_journal.json'), 'utf8')) as { entries: unknown[] };
  let applied = 0;
  try {
    applied = (lite.$client.prepare('SELECT count(*) AS n FROM __drizzle_migrations').get() as { n: number }).n;
  } catch {
    // No migrations table: not an Atendo database, or an empty file.
  }
  return Math.max(0, journal.entries.length - applied);
}

async function pgCount(pg: PgDb, table: PgTable): Promise<number> {
  const rows = await pg.select({ n: sql<number>`count(*)::int` }).from(table);
  return rows[0]?.n ?? 0;
}

function liteCount(lite: Db, table: Table): number {
  return (lite.$client.prepare(`SELECT count(*) AS n FROM "${getTableName(table)}"`).get() as { n: number }).n;
}

/** Copy `from` (a SQLite file) into `to` (PostgreSQL, migrated here) and verify. Throws on any difference. */
export async function copyDatabase(opts: CopyOptions): Promise<CopyReport> {
  const log = opts.log ?? (() => {});
  if (!existsSync(opts.from)) throw new Error(`No SQLite database at ${opts.from}`);
  // Read as it is: the copy never changes the source (not even by migrating it).
  const lite = openDb(opts.from, { migrate: false });
  const behind = migrationsBehind(lite);
  if (behind) {
    lite.$client.close();
    throw new Error(
      `${opts.from} is ${behind} migration(s) behind this version of Atendo: start this version on it once (it migrates at start), stop it, then copy`,
    );
  }
  let pg: PgDb | null = null;
  try {
    try {
      pg = await openPgDb(opts.to, { pool: 4 });
    } catch (err) {
      throw new Error(`${redactDatabaseUrl(opts.to)}: ${describeStartError(err)}`);
    }
    const pairs = tablePairs();
    if (!opts.resume) {
      for (const pair of pairs) {
        if ((await pgCount(pg, pair.pg)) > 0) {
          throw new Error(
            `The target already holds data (table ${pair.name}). Copy into an empty database; if an earlier copy was interrupted, run again with --resume (rows already there are kept).`,
          );
        }
      }
    }
    const report: CopyReport = { tables: [], conversations: 0 };
    // One read transaction on the source: every table from the same snapshot.
    lite.$client.exec('BEGIN');
    try {
      for (const pair of pairs) {
        const copied = await copyTable(lite, pg, pair);
        report.tables.push({ name: pair.name, rows: liteCount(lite, pair.sqlite), copied });
        log(`  ${pair.name.padEnd(22)} ${copied} rows`);
      }
      report.conversations = await verify(lite, pg, pairs);
    } finally {
      lite.$client.exec('COMMIT');
    }
    return report;
  } finally {
    lite.$client.close();
    await pg?.$client.end();
  }
}

/** Rows in rowid order, BATCH at a time, inserted with their ids; conflicts (a resumed copy) kept as they are. */
async function copyTable(lite: Db, pg: PgDb, pair: Pair): Promise<number> {
  const columns = getTableColumns(pair.sqlite);
  let after = 0;
  let copied = 0;
  for (;;) {
    const rows = (await lite
      .select({ _rowid: sql<number>`rowid`, ...columns })
      .from(pair.sqlite)
      .where(sql`rowid > ${after}`)
      .orderBy(sql`rowid`)
      .limit(BATCH)) as ({ _rowid: number } & Record<string, unknown>)[];
    if (rows.length === 0) return copied;
    after = rows[rows.length - 1]!._rowid;
    const values = rows.map((r) => {
      const row: Record<string, unknown> = { ...r };
      delete row._rowid;
      return row;
    });
    await pg.insert(pair.pg).values(values).onConflictDoNothing();
    copied += rows.length;
  }
}

/** The same row count in every table; every conversation's last seq and highest message seq the same. */
async function verify(lite: Db, pg: PgDb, pairs: Pair[]): Promise<number> {
  for (const pair of pairs) {
    const a = liteCount(lite, pair.sqlite);
    const b = await pgCount(pg, pair.pg);
    if (a !== b) throw new Error(`Verification failed: ${pair.name} has ${a} rows in SQLite and ${b} in PostgreSQL`);
  }
  const seqSql = `SELECT c.id AS id, c.last_seq AS last, coalesce(max(m.seq), 0) AS top
    FROM conversations c LEFT JOIN messages m ON m.conversation_id = c.id GROUP BY c.id, c.last_seq ORDER BY c.id`;
  const a = lite.$client.prepare(seqSql).all() as { id: string; last: number; top: number }[];
  const b = (await pg.$client.query<{ id: string; last: string | number; top: string | number }>(seqSql)).rows;
  if (a.length !== b.length) throw new Error(`Verification failed: ${a.length} conversations in SQLite, ${b.length} in PostgreSQL`);
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x.id !== y.id || x.last !== Number(y.last) || x.top !== Number(y.top)) {
      throw new Error(
        `Verification failed: conversation ${x.id} has last seq ${x.last} (messages to ${x.top}) in SQLite, ${y.id} ${y.last} (${y.top}) in PostgreSQL`,
      );
    }
  }
  return a.length;
}

async function main() {
  const { values } = parseArgs({
    options: { from: { type: 'string' }, to: { type: 'string' }, resume: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h' } },
  });
  const usage = 'Usage: pnpm db:copy --to postgres://user:password@host:5432/atendo [--from ./data/atendo.db] [--resume]';
  if (values.help) return console.log(usage);
  const to = values.to ?? process.env.ATENDO_DATABASE_URL;
  if (!to) throw new Error(`--to is required.\n${usage}`);
  const from = resolve(values.from ?? resolve(process.env.ATENDO_DATA_DIR || './data', 'atendo.db'));
  console.log(`Copying ${from} into ${redactDatabaseUrl(to)}${values.resume ? ' (resuming)' : ''}`);
  const started = Date.now();
  const report = await copyDatabase({ from, to, resume: values.resume, log: (l) => console.log(l) });
  const rows = report.tables.reduce((n, t) => n + t.rows, 0);
  console.log(
    `Verified: ${rows} rows in ${report.tables.length} tables, the last seq of ${report.conversations} conversations the same on both sides (${Math.round((Date.now() - started) / 1000)} s).`,
  );
  console.log(`Start Atendo with ATENDO_DATABASE_URL=${redactDatabaseUrl(to)} (and the same ATENDO_DATA_DIR, for uploaded files).`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  });
}
