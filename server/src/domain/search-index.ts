import type { Db } from '../db/client';

/**
 * Full-text indexing of messages in batches (migration 0007). A trigger per inserted message made
 * FTS5 flush its pending index on that statement's savepoint, about half the cost of storing a
 * message (`pnpm bench`); one INSERT … SELECT over every row above a high-water mark costs a few
 * microseconds a message.
 *
 * Invariant: a message is in `messages_fts` exactly when its rowid <= `search_progress.last_rowid`.
 * `catchUp` indexes what is above the mark and moves the mark, inside the caller's transaction when
 * there is one (the send path: a message is searchable as soon as it is acked), else in its own.
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
      mark: c.prepare(`UPDATE search_progress SET last_rowid = (SELECT coalesce(max(rowid), 0) FROM messages) WHERE name = 'messages'`),
    };
  }

  /** Index every message above the mark; returns how many were indexed. */
  catchUp(): number {
    const st = (this.st ??= this.prepare());
    const run = () => {
      const n = st.index.run().changes;
      if (n) st.mark.run();
      return n;
    };
    const c = this.db.$client;
    return c.inTransaction ? run() : c.transaction(run).immediate();
  }
}
