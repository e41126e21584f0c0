import type { SearchHit } from '@atendo/shared';
import type { Db } from '../storage/sqlite/client';
import type { ConversationService } from './conversations';

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

/** About 200 characters of `body` around the first word of the query. */
export function excerpt(body: string, input: string): string {
  const first = input.match(/[\p{L}\p{N}]+/u)?.[0]?.toLowerCase();
  const at = first ? body.toLowerCase().indexOf(first) : -1;
  if (body.length <= 200) return body;
  const start = Math.max(0, at - 60);
  return (start > 0 ? '…' : '') + body.slice(start, start + 200).trim() + (start + 200 < body.length ? '…' : '');
}

/**
 * Full-text search over messages and visitors' names and e-mails (FTS5 tables kept in step by
 * triggers, migration 0003). Newest first: FTS5 walks its index in rowid order and stops at the
 * limit, so a common word costs no more than a rare one (`pnpm bench` measures it on 1M messages).
 */
export class SearchService {
  private st: ReturnType<SearchService['prepare']> | undefined;
  constructor(
    private db: Db,
    private conversations: ConversationService,
  ) {}

  private prepare() {
    const c = this.db.$client;
    return {
      messages: c.prepare<[string, number], { conversationId: string; seq: number; body: string }>(
        `SELECT m.conversation_id AS conversationId, m.seq AS seq, m.body AS body
           FROM messages_fts f JOIN messages m ON m.rowid = f.rowid
          WHERE messages_fts MATCH ? ORDER BY f.rowid DESC LIMIT ?`,
      ),
      visitors: c.prepare<[string, number], { conversationId: string; name: string | null; email: string | null }>(
        `SELECT c.id AS conversationId, v.name AS name, v.email AS email
           FROM (SELECT rowid FROM visitors_fts WHERE visitors_fts MATCH ? ORDER BY rowid DESC LIMIT ?) f
           JOIN visitors v ON v.rowid = f.rowid
           JOIN conversations c ON c.visitor_id = v.id
          ORDER BY c.last_activity_at DESC`,
      ),
    };
  }

  search(input: string, limit = 20): SearchHit[] {
    const q = ftsQuery(input);
    if (!q) return [];
    // Messages the send path has not indexed yet (at most a second's worth) are found too.
    this.conversations.searchIndex.catchUp();
    const st = (this.st ??= this.prepare());
    const hits: SearchHit[] = [];
    const seen = new Set<string>();
    const add = (conversationId: string, hit: Omit<SearchHit, 'conversation'>) => {
      if (seen.has(conversationId) || hits.length >= limit) return;
      seen.add(conversationId);
      hits.push({ conversation: this.conversations.get(conversationId), ...hit });
    };
    for (const r of st.visitors.all(q, limit)) {
      add(r.conversationId, { match: 'visitor', excerpt: [r.name, r.email].filter(Boolean).join(' · '), messageSeq: null });
    }
    // Several hits may be in one conversation: read a few more rows than we show.
    for (const r of st.messages.all(q, limit * 5)) add(r.conversationId, { match: 'message', excerpt: excerpt(r.body, input), messageSeq: r.seq });
    return hits;
  }
}
