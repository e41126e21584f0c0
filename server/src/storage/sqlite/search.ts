import type { MessageHitRow, SearchStore, VisitorHitRow } from '../search';
import type { Db } from './client';
import { SearchIndexer } from './search-index';

/**
 * Turn what an agent typed into an FTS5 query: every word becomes a quoted phrase of its letter and
 * digit runs with a prefix star ("ana@exa" → "ana exa"*), words are ANDed. Quoting means FTS5
 * operators and punctuation in the input are plain text, never syntax errors.
 */
export function ftsQuery(input: string): string | null {
  const words = input
    .split(/\s+/)
    .map((w) => w.match(/[\p{L}\p{N}]+/gu)?.join(' ') ?? '')
    .filter(Boolean)
    .slice(0, 8);
  return words.length ? words.map((w) => `"${w}"*`).join(' ') : null;
}

/**
 * Full-text search over messages and visitors' names and e-mails: FTS5 tables with the unicode61
 * tokenizer and remove_diacritics 2 (migration 0003); visitors_fts kept in step by triggers,
 * messages_fts in batches (search-index.ts, migration 0007). Newest first: FTS5 walks its index in
 * rowid order and stops at the limit, so a common word costs no more than a rare one (`pnpm bench`
 * measures it on 1M messages).
 */
export class SqliteSearchStore implements SearchStore {
  /** Full-text indexing of new messages, in batches: the send path (conversations.ts) calls `soon`. */
  readonly indexer: SearchIndexer;
  private st: ReturnType<SqliteSearchStore['prepare']> | undefined;

  constructor(readonly db: Db) {
    this.indexer = new SearchIndexer(db);
  }

  private prepare() {
    const c = this.db.$client;
    return {
      messages: c.prepare<[string, number], MessageHitRow>(
        `SELECT m.conversation_id AS conversationId, m.seq AS seq, m.body AS body
           FROM messages_fts f JOIN messages m ON m.rowid = f.rowid
          WHERE messages_fts MATCH ? ORDER BY f.rowid DESC LIMIT ?`,
      ),
      visitors: c.prepare<[string, number], VisitorHitRow>(
        `SELECT c.id AS conversationId, v.name AS name, v.email AS email
           FROM (SELECT rowid FROM visitors_fts WHERE visitors_fts MATCH ? ORDER BY rowid DESC LIMIT ?) f
           JOIN visitors v ON v.rowid = f.rowid
           JOIN conversations c ON c.visitor_id = v.id
          ORDER BY c.last_activity_at DESC`,
      ),
    };
  }

  async search(text: string, limits: { visitors: number; messages: number }): Promise<{ visitors: VisitorHitRow[]; messages: MessageHitRow[] }> {
    const q = ftsQuery(text);
    if (!q) return { visitors: [], messages: [] };
    // Messages the send path has not indexed yet (at most a second's worth) are found too.
    this.indexer.catchUp();
    const st = (this.st ??= this.prepare());
    return { visitors: st.visitors.all(q, limits.visitors), messages: st.messages.all(q, limits.messages) };
  }

  async catchUp(): Promise<number> {
    return this.indexer.catchUp();
  }
}
