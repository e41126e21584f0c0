import type { SearchHit } from '@atendo/shared';
import type { SearchStore } from '../storage/search';
import type { ConversationService } from './conversations';

/** About 200 characters of `body` around the first word of the query. */
export function excerpt(body: string, input: string): string {
  const first = input.match(/[\p{L}\p{N}]+/u)?.[0]?.toLowerCase();
  const at = first ? body.toLowerCase().indexOf(first) : -1;
  if (body.length <= 200) return body;
  const start = Math.max(0, at - 60);
  return (start > 0 ? '…' : '') + body.slice(start, start + 200).trim() + (start + 200 < body.length ? '…' : '');
}

/**
 * Full-text search over messages and visitors' names and e-mails (SearchStore): one hit per
 * conversation, visitors first, then messages, newest first.
 */
export class SearchService {
  constructor(
    private store: SearchStore,
    private conversations: ConversationService,
  ) {}

  async search(input: string, limit = 20): Promise<SearchHit[]> {
    // Several hits may be in one conversation: read a few more message rows than we show.
    const found = await this.store.search(input, { visitors: limit, messages: limit * 5 });
    const hits: SearchHit[] = [];
    const seen = new Set<string>();
    const add = async (conversationId: string, hit: Omit<SearchHit, 'conversation'>) => {
      if (seen.has(conversationId) || hits.length >= limit) return;
      seen.add(conversationId);
      hits.push({ conversation: await this.conversations.get(conversationId), ...hit });
    };
    for (const r of found.visitors) {
      await add(r.conversationId, { match: 'visitor', excerpt: [r.name, r.email].filter(Boolean).join(' · '), messageSeq: null });
    }
    for (const r of found.messages) await add(r.conversationId, { match: 'message', excerpt: excerpt(r.body, input), messageSeq: r.seq });
    return hits;
  }
}
