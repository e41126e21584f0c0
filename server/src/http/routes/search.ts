import { Hono } from 'hono';
import { SearchQuerySchema, type SearchResponse } from '@atendo/shared';
import type { AppDeps, AppEnv } from '../context';
import { requireAgent } from '../session';
import { route } from '../spec';

const search = route({
  summary: 'Search messages and visitors’ names and e-mails',
  description:
    'Full-text (SQLite FTS5, or PostgreSQL’s text search): every word of `q` (1–200 characters, trimmed), the last one as a prefix, ignoring case and accents. ' +
    'One hit per conversation: visitors whose name or e-mail match first, then messages, newest first; `limit` 1–50, default 20. ' +
    'Each hit is `{ conversation, match: "visitor" | "message", excerpt, messageSeq }` (`excerpt` about 200 characters around the match; `messageSeq` null for a visitor hit).',
  tag: 'Conversations',
  auth: 'session',
  scope: 'conversations:read',
  query: SearchQuerySchema,
  responses: { 200: '`{ items: SearchHit[] }`' },
});

/** GET /search?q=: messages, visitors' names and e-mails (FTS5), one hit per conversation, newest first. */
export function searchRoutes({ services }: AppDeps) {
  return new Hono<AppEnv>().use(requireAgent(services)).get('/', search, async (c) => {
    const q = search.query(c);
    return c.json<SearchResponse>({ items: await services.search.search(q.q, q.limit ?? 20) });
  });
}
