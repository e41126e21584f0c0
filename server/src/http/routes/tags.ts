import { Hono } from 'hono';
import type { TagListResponse } from '@atendo/shared';
import type { AppDeps, AppEnv } from '../context';
import { requireAgent } from '../session';
import { route } from '../spec';

const catalogue = route({
  summary: 'List the tags in use',
  description: 'Every name used on a conversation so far, alphabetically, for suggestions. A conversation’s tags are set with `PUT /conversations/{id}/tags`.',
  tag: 'Conversations',
  auth: 'session',
  scope: 'conversations:read',
  responses: { 200: '`{ items: string[] }`' },
});

/** The tag catalogue, for suggestions (a conversation's tags are set with PUT /conversations/:id/tags). */
export function tagRoutes({ services }: AppDeps) {
  return new Hono<AppEnv>().use(requireAgent(services)).get('/', catalogue, async (c) => c.json<TagListResponse>({ items: await services.tags.catalogue() }));
}
