import { Hono } from 'hono';
import { ProactiveSchema, SiteFilterQuerySchema, type ConversationResponse, type LiveVisitorListResponse, type VisitorProfileResponse } from '@atendo/shared';
import type { AppDeps, AppEnv } from '../context';
import { requireAgent } from '../session';
import { jsonBody, query } from '../validate';

/**
 * Mounted at /live/visitors: who is on the site now, a visitor's profile for the sidebar, and
 * agent-initiated conversations (proactive support).
 */
export function liveVisitorRoutes({ services }: AppDeps) {
  return new Hono<AppEnv>()
    .use(requireAgent(services))
    .get('/', (c) => c.json<LiveVisitorListResponse>({ items: services.presence.liveVisitors(query(c, SiteFilterQuerySchema).site) }))
    .get('/:id', (c) => c.json<VisitorProfileResponse>({ visitor: services.profiles.profile(c.req.param('id')) }))
    .post('/:id/conversations', async (c) => {
      const { clientId, body } = await jsonBody(c, ProactiveSchema);
      const agent = c.get('agent');
      const { conversation } = services.inbox.startWithVisitor(agent, c.req.param('id'), clientId, body);
      return c.json<ConversationResponse>({ conversation }, 201);
    });
}
