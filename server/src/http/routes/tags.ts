import { Hono } from 'hono';
import type { TagListResponse } from '@atendo/shared';
import type { AppDeps, AppEnv } from '../context';
import { requireAgent, scope } from '../session';

/** The tag catalogue, for suggestions (a conversation's tags are set with PUT /conversations/:id/tags). */
export function tagRoutes({ services }: AppDeps) {
  return new Hono<AppEnv>()
    .use(requireAgent(services))
    .get('/', scope('conversations:read'), async (c) => c.json<TagListResponse>({ items: await services.tags.catalogue() }));
}
