import { Hono } from 'hono';
import { SearchQuerySchema, type SearchResponse } from '@atendo/shared';
import type { AppDeps, AppEnv } from '../context';
import { requireAgent, scope } from '../session';
import { query } from '../validate';

/** GET /search?q=: messages, visitors' names and e-mails (FTS5), one hit per conversation, newest first. */
export function searchRoutes({ services }: AppDeps) {
  return new Hono<AppEnv>().use(requireAgent(services)).get('/', scope('conversations:read'), async (c) => {
    const q = query(c, SearchQuerySchema);
    return c.json<SearchResponse>({ items: await services.search.search(q.q, q.limit ?? 20) });
  });
}
