import { Hono } from 'hono';
import {
  IdParamSchema,
  ProactiveSchema,
  SiteFilterQuerySchema,
  type ConversationResponse,
  type LiveVisitorListResponse,
  type VisitorProfileResponse,
} from '@atendo/shared';
import type { AppDeps, AppEnv } from '../context';
import { requireAgent, scope } from '../session';
import { jsonBody, params, query } from '../validate';

/**
 * Mounted at /live/visitors: who is on the site now, a visitor's profile for the sidebar, and
 * agent-initiated conversations (proactive support).
 */
export function liveVisitorRoutes({ services }: AppDeps) {
  return new Hono<AppEnv>()
    .use(requireAgent(services))
    .get('/', scope('visitors:read'), async (c) =>
      c.json<LiveVisitorListResponse>({ items: services.presence.liveVisitors(query(c, SiteFilterQuerySchema).site) }),
    )
    .get('/:id', scope('visitors:read'), async (c) => c.json<VisitorProfileResponse>({ visitor: await services.profiles.profile(params(c, IdParamSchema).id) }))
    .post('/:id/conversations', async (c) => {
      const { id } = params(c, IdParamSchema);
      const { clientId, body } = await jsonBody(c, ProactiveSchema);
      const agent = c.get('agent');
      const { conversation } = await services.inbox.startWithVisitor(agent, id, clientId, body);
      return c.json<ConversationResponse>({ conversation }, 201);
    });
}
