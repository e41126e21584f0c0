import type { MessageHitRow, SearchStore, VisitorHitRow } from '../search';
import type { PgDb } from './client';

/**
 * Turn what an agent typed into a tsquery, as `ftsQuery` (sqlite/search.ts) does for FTS5: every word
 * becomes a phrase of its letter and digit runs, the last one a prefix ("ana@exa" → 'ana' <-> 'exa':*),
 * words are ANDed. Only letters and digits reach the query, each run quoted, so tsquery operators and
 * punctuation in the input are plain text, never syntax errors (never `to_tsquery` on raw input).
 * `to_tsquery('atendo', …)` then folds case and accents of each run as the indexed text was folded.
 */
export function tsQuery(input: string): string | null {
  const words = input
    .split(/\s+/)
    .map((w) => w.match(/[\p{L}\p{N}]+/gu) ?? [])
    .filter((runs) => runs.length > 0)
    .slice(0, 8);
  if (!words.length) return null;
  return words.map((runs) => `(${runs.map((r, i) => `'${r}'${i === runs.length - 1 ? ':*' : ''}`).join(' <-> ')})`).join(' & ');
}

/** How many of the newest messages the first statement reads before it asks the GIN index instead. */
export const RECENT_MESSAGES = 10_000;

/**
 * Messages, newest first by the sortable message id (newSortableId: creation time first), as FTS5's
 * rowid order on SQLite; in steps, because the planner cannot tell a rare prefix from a common one
 * (`zanzib:*` is estimated like `pedid:*`) and, left alone, walks the primary key backwards through
 * the whole table for a rare word (216 ms on 300k messages; EXPLAIN in issue 17's report), while
 * sorting every match of a word that is common in older messages reads a page per match (627 ms for
 * 45,000 matches among 1,000,000 messages).
 * 1. `recent`: the newest RECENT_MESSAGES messages, filtered: a word used in the last days fills the
 *    limit here and costs no more than that walk (the subquery's LIMIT keeps the planner on it).
 * 2. `older`, only when (1) found fewer than the limit: windows of creation time going back from
 *    the newest message, each twice as long as the one before (the first: twice the time the
 *    newest RECENT_MESSAGES messages span), the last one reaching the first message. In each window
 *    the GIN index and the primary key's range are ANDed (a bitmap of both): only the window's
 *    matches are read from the table, and the newest kept, until the limit is reached. What it
 *    costs, measured (bench `zanzibar`, 45,000 matches all older than the newest 100,000 of
 *    1,000,000 messages): 81–109 ms, against 627 ms for sorting every match. The floor is the GIN
 *    index itself: each window lists the prefix's 45,000 matches again (48 ms under EXPLAIN
 *    ANALYZE), and three windows reach that seed's old messages (probing windows for a bounded
 *    number of matches and halving the busy ones was tried: nine scans, 480–650 ms).
 */
const RECENT = `SELECT m.conversation_id AS "conversationId", m.seq, m.body, m.id
    FROM (SELECT conversation_id, seq, body, id, search_vector FROM messages ORDER BY id DESC LIMIT ${RECENT_MESSAGES}) m
   WHERE m.search_vector @@ to_tsquery('atendo', $1)
   ORDER BY m.id DESC LIMIT $2`;
/** The newest and the oldest id, and the oldest of the newest RECENT_MESSAGES (null when there are fewer). */
const SPAN = `SELECT (SELECT id FROM messages ORDER BY id DESC LIMIT 1) AS newest,
    (SELECT id FROM messages ORDER BY id LIMIT 1) AS oldest,
    (SELECT id FROM messages ORDER BY id DESC OFFSET ${RECENT_MESSAGES - 1} LIMIT 1) AS edge`;
/**
 * One window [$3, $2) of (2): its matches through the GIN index ANDed with the primary key's range
 * (the MATERIALIZED CTE keeps the planner from walking the primary key backwards instead, its
 * choice for a word it wrongly guesses common), then the newest $4 of them.
 */
const OLDER = `WITH hits AS MATERIALIZED (
      SELECT id FROM messages WHERE search_vector @@ to_tsquery('atendo', $1) AND id < $2 AND id >= $3)
  SELECT m.conversation_id AS "conversationId", m.seq, m.body, m.id
    FROM (SELECT id FROM hits ORDER BY id DESC LIMIT $4) h JOIN messages m ON m.id = h.id
   ORDER BY m.id DESC`;

/** The creation time (ms) a sortable message id starts with (see newSortableId). */
export const idTime = (id: string): number => parseInt(id.slice(0, 9), 36);
/** The smallest sortable id created at `ms` or later. */
export const idAt = (ms: number): string => Math.max(0, Math.floor(ms)).toString(36).padStart(9, '0');

/**
 * Visitors: the newest matching visitors (visitor ids are random: creation time, as SQLite's rowid
 * order), then each of their conversations, newest activity first.
 */
const VISITORS = `SELECT c.id AS "conversationId", v.name, v.email
    FROM (SELECT id, name, email, created_at FROM visitors
           WHERE search_vector @@ to_tsquery('atendo', $1)
           ORDER BY created_at DESC, id DESC LIMIT $2) v
    JOIN conversations c ON c.visitor_id = v.id
   ORDER BY c.last_activity_at DESC, c.id DESC`;

/** The two statements, for tests that EXPLAIN them (search-pg.test.ts: the GIN indexes are used). */
export const SEARCH_SQL = { recent: RECENT, older: OLDER, visitors: VISITORS } as const;

/**
 * Full-text search over messages and visitors' names and e-mails on PostgreSQL: generated `tsvector`
 * columns (`search_vector`, GIN-indexed) in the text search configuration `atendo` (a copy of
 * `simple` with `unaccent`: case and accents folded, no stemming and no stopwords, as FTS5's
 * `unicode61 remove_diacritics 2`), over the text with every run of non-alphanumerics made a space,
 * so an e-mail or a URL is split into words as unicode61 splits it (the search migration).
 *
 * The statements are unnamed on purpose: each is planned with the query's own text, so the planner
 * can weigh how common the words are (a prepared, generic plan cannot).
 */
export class PgSearchStore implements SearchStore {
  constructor(readonly db: PgDb) {}

  async search(text: string, limits: { visitors: number; messages: number }): Promise<{ visitors: VisitorHitRow[]; messages: MessageHitRow[] }> {
    const q = tsQuery(text);
    if (!q) return { visitors: [], messages: [] };
    // Visitors and messages on two pooled connections at once: neither waits for the other.
    const [visitors, messages] = await Promise.all([this.db.$client.query<VisitorHitRow>(VISITORS, [q, limits.visitors]), this.messages(q, limits.messages)]);
    return { visitors: visitors.rows, messages };
  }

  /** The newest `limit` messages matching `q`: from the newest messages, else in windows of time going back (see RECENT). */
  private async messages(q: string, limit: number): Promise<MessageHitRow[]> {
    type Hit = MessageHitRow & { id: string };
    const strip = (rows: Hit[]): MessageHitRow[] => rows.map(({ conversationId, seq, body }) => ({ conversationId, seq, body }));
    const recent = (await this.db.$client.query<Hit>(RECENT, [q, limit])).rows;
    if (recent.length >= limit) return strip(recent);
    const span = (await this.db.$client.query<{ newest: string | null; oldest: string | null; edge: string | null }>(SPAN)).rows[0];
    // Fewer messages than the recent window: (1) read them all.
    if (!span?.newest || !span.oldest || !span.edge) return strip(recent);
    const { oldest } = span;
    const hits = [...recent];
    // Windows [lo, hi), the newest first: each next one twice as long, the last from the oldest message.
    // From above the newest message: (1) and SPAN are two statements, and messages erased between
    // them would move the edge older, past messages neither read. What (1) found is not listed twice.
    let hi = idAt(idTime(span.newest) + 1);
    let width = Math.max(1, idTime(span.newest) - idTime(span.edge)) * 2;
    while (hits.length < limit && hi > oldest) {
      const from = idTime(hi) - width;
      const lo = from > idTime(oldest) && width < 2 ** 46 ? idAt(from) : oldest;
      const seen = new Set(hits.map((h) => h.id));
      const rows = (await this.db.$client.query<Hit>(OLDER, [q, hi, lo, limit])).rows.filter((h) => !seen.has(h.id));
      hits.push(...rows.slice(0, limit - hits.length));
      hi = lo;
      width *= 2;
    }
    // A message stored after (1) may be found by a window: newest first again.
    return strip(hits.sort((x, y) => (x.id < y.id ? 1 : x.id > y.id ? -1 : 0)).slice(0, limit));
  }

  /** Nothing to catch up: the search columns are generated, so a message is indexed by the statement that stores it. */
  async catchUp(): Promise<number> {
    return 0;
  }
}
