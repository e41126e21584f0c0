import type { Db } from './client';

/** Pages FTS5 writes per merge step: a step takes about 15 ms, so sends and the event loop go on between steps. */
const MERGE_PAGES = 128;
/** How long a checkpoint waits for the writer thread's transaction, per try, and how often it tries. */
const CHECKPOINT_WAIT_MS = 250;
const CHECKPOINT_TRIES = 20;

const pause = (ms: number) => new Promise<void>((ok) => setTimeout(ok, ms));

/**
 * After an erasure: nothing of the deleted rows stays readable in the database files.
 * - `secure_delete` (client.ts) zeroes rows as they are deleted, in the table and its indexes;
 * - FTS5 only appends a delete marker when a row leaves a full-text index: the older segment keeps the
 *   tokens (and `%_idx` the first term of each of its leaf pages) until segments are merged. Both
 *   indexes are merged down to one segment here, in small steps (`merge` with a negative page count
 *   is an incremental `optimize`), each its own short transaction. That rewrites the whole index:
 *   about 2 s a million messages, in steps of about 15 ms (measured: 200,000 messages, 0.35-0.6 s);
 * - the WAL still holds the pages as they were before the erasure: a TRUNCATE checkpoint copies the
 *   current pages into the database file and empties the WAL. It waits for the writer thread's
 *   transaction in flight (a few milliseconds) and blocks its next one while it copies; it is tried
 *   again while the thread is mid-commit.
 * Returns false when the WAL could not be emptied (an in-memory database has none: true).
 */
export async function scrubDeleted(db: Db, opts: { maxSteps?: number } = {}): Promise<boolean> {
  const c = db.$client;
  const total = c.prepare('SELECT total_changes()').pluck();
  for (const table of ['messages_fts', 'visitors_fts']) {
    const merge = c.prepare(`INSERT INTO ${table}(${table}, rank) VALUES('merge', ?)`);
    // A segment written meanwhile (the send path indexes once a second) restarts the merge over
    // everything, so with a large index and steady traffic it could chase new segments for ever:
    // after twice the index's pages, one `optimize` finishes it in a single transaction.
    const pages = c.prepare(`SELECT count(*) FROM ${table}_data`).pluck().get() as number;
    let done = false;
    const maxSteps = opts.maxSteps ?? Math.ceil((2 * pages) / MERGE_PAGES) + 10;
    for (let step = 0; step < maxSteps; step++) {
      const before = total.get() as number;
      merge.run(-MERGE_PAGES);
      // FTS5's own test for "no work left": a step that wrote nothing changed fewer than 2 rows.
      if ((done = (total.get() as number) - before < 2)) break;
      await pause(0);
    }
    if (!done) c.exec(`INSERT INTO ${table}(${table}) VALUES('optimize')`);
  }
  if (c.memory) return true;
  const usual = c.pragma('busy_timeout', { simple: true }) as number;
  for (let tries = 0; tries < CHECKPOINT_TRIES; tries++) {
    // A short wait per try: the event loop is blocked while it waits.
    c.pragma(`busy_timeout = ${CHECKPOINT_WAIT_MS}`);
    let busy = 1;
    try {
      busy = (c.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[])[0]!.busy;
    } catch (err) {
      if ((err as { code?: string }).code !== 'SQLITE_BUSY') throw err;
    } finally {
      c.pragma(`busy_timeout = ${usual}`);
    }
    if (busy === 0) return true;
    await pause(50);
  }
  return false;
}
