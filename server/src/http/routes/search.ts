import { Hono } from 'hono';
import { SearchQuerySchema, type SearchResponse } from '@atendo/shared';
import type { AppDeps, AppEnv } from '../context';
import { requireAgent } from '../session';
import { route } from '../spec';

const search = route({
  summary: 'Search messages and visitors’ names and e-mails',
  description: 'One hit per conversation, newest first.',
  tag: 'Conversations',
  auth: 'session',
  scope: 'conversations:read',
  query: SearchQuerySchema,
  responses: { 200: '`{ items }`' },
});

/** GET /search?q=: messages, visitors' names and e-mails (FTS5), one hit per conversation, newest first. */
export function searchRoutes({ services }: AppDeps) {
  return new Hono<AppEnv>().use(requireAgent(services)).get('/', search, async (c) => {
    const q = search.query(c);
    return c.json<SearchResponse>({ items: await services.search.search(q.q, q.limit ?? 20) });
  });
}
