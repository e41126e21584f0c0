import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import * as schema from './schema';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

/** Find the checked-in migrations (./migrations) whether we run from src/ (tsx, tests) or from the dist bundle. */
export function migrationsFolder(): string {
  const here = import.meta.dirname;
  for (const candidate of [resolve(here, 'migrations'), resolve(here, '../src/storage/sqlite/migrations')]) {
    if (existsSync(resolve(candidate, 'meta/_journal.json'))) return candidate;
  }
  throw new Error('Cannot find the SQLite migrations folder (server/src/storage/sqlite/migrations)');
}

/**
 * Open (or create) the database at `file` (':memory:' for tests), set the pragmas Atendo's delivery
 * promise depends on, and apply pending migrations.
 *
 * WAL with synchronous=FULL: a transaction is fsynced before `commit` returns, so an acknowledged
 * message survives both a process crash and a power loss (see docs/operating.md, "Durability").
 */
export function openDb(file: string, opts: { migrate?: boolean } = {}): Db {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // Deleted rows are overwritten with zeros, on every connection (the writer thread's opens the file
  // here too): an erased visitor's text must not stay readable in free space (the rest of
  // that promise, FTS segments and the WAL, is storage/sqlite/scrub.ts). ON, not FAST: FAST leaves freed pages
  // as they were. On the send path it zeroes pages the FTS merges free (more to write to the WAL);
  // measured with storeBatch on a file, ON and OFF interleaved, it was within noise.
  sqlite.pragma('secure_delete = ON');
  // 16 MiB page cache instead of SQLite's 2 MiB: a message touches the messages table, its indexes,
  // the FTS index and five inbox indexes; with 2 MiB those pages kept being evicted and re-read
  // (`pnpm bench`: +60 % stored messages per second). Pages are cached only as they are used.
  sqlite.pragma('cache_size = -16384');
  // Checkpoint the WAL every 10,000 pages (about 40 MB) instead of every 1,000: the same pages are
  // rewritten by commit after commit (inbox rows and indexes), and a checkpoint copies each page
  // once however often it changed (`pnpm bench`: commits cost about half as much). The file is
  // cut back to 64 MB after a checkpoint.
  sqlite.pragma('wal_autocheckpoint = 10000');
  sqlite.pragma('journal_size_limit = 67108864');
  const db = drizzle(sqlite, { schema }) as Db;
  // The writer thread's connection opens a database the event loop has already migrated.
  if (opts.migrate !== false) migrate(db, { migrationsFolder: migrationsFolder() });
  return db;
}
