import type { Db } from './client';

/**
 * Full-text indexing of messages in batches (migration 0007). A trigger per inserted message made
 * FTS5 flush its pending index on that statement's savepoint, about half the cost of storing a
 * message (`pnpm bench`); one INSERT … SELECT over every row above a high-water mark costs a few
 * microseconds a message.
 *
 * Invariant: a message is in `messages_fts` exactly when its rowid <= `search_progress.last_rowid`.
 * `catchUp` indexes what is above the mark and moves the mark, inside the caller's transaction when
 * there is one, else in its own. The send path calls `soon` instead: it indexes once a second or
 * once 2,000 messages wait, because FTS5 writes a segment (and merges segments) per transaction and
 * that was a third of a small batch's commit (`pnpm bench`). A search calls `catchUp` before it
 * reads, so a message is still found as soon as it is acked.
 */
export class SearchIndexer {
  private st: ReturnType<SearchIndexer['prepare']> | undefined;

  constructor(private db: Db) {}

  private prepare() {
    const c = this.db.$client;
    return {
      index: c.prepare(
        `INSERT INTO messages_fts(rowid, body)
           SELECT rowid, body FROM messages WHERE rowid > (SELECT last_rowid FROM search_progress WHERE name = 'messages')`,
      ),
      behind: c.prepare(`SELECT coalesce((SELECT max(rowid) FROM messages), 0) > (SELECT last_rowid FROM search_progress WHERE name = 'messages')`).pluck(),
      mark: c.prepare(`UPDATE search_progress SET last_rowid = (SELECT coalesce(max(rowid), 0) FROM messages) WHERE name = 'messages'`),
    };
  }

  /** Stored since the send path last indexed, and when that was. */
  private waiting = 0;
  private indexedAt = 0;

  /** The send path, inside its transaction: index now if a second has passed or many messages wait. */
  soon(stored: number, now = Date.now()): number {
    this.waiting += stored;
    if (this.waiting < 2000 && now - this.indexedAt < 1000) return 0;
    this.waiting = 0;
    this.indexedAt = now;
    return this.catchUp();
  }

  /** Index every message above the mark; returns how many were indexed. */
  catchUp(): number {
    const st = (this.st ??= this.prepare());
    const c0 = this.db.$client;
    // Nothing to do is answered by a read: no write lock (the writer thread may hold it).
    if (!c0.inTransaction && !st.behind.get()) return 0;
    const run = () => {
      const n = st.index.run().changes;
      if (n) st.mark.run();
      return n;
    };
    const c = this.db.$client;
    return c.inTransaction ? run() : c.transaction(run).immediate();
  }
}
