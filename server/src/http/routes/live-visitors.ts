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
import { requireAgent } from '../session';
import { route } from '../spec';

const tag = 'Visitors';
const live = route({
  summary: 'List the visitors on the sites now',
  tag,
  auth: 'session',
  scope: 'visitors:read',
  query: SiteFilterQuerySchema,
  responses: { 200: '`{ items }`' },
});
const profile = route({
  summary: 'A visitor’s profile: who, where now, their session and history',
  tag,
  auth: 'session',
  scope: 'visitors:read',
  params: IdParamSchema,
  responses: { 200: '`{ visitor }`', 404: 'No such visitor' },
});
const start = route({
  summary: 'Start a conversation with a visitor on the site (proactive)',
  tag,
  auth: 'session',
  params: IdParamSchema,
  body: ProactiveSchema,
  responses: { 201: '`{ conversation }`', 404: 'No such visitor' },
});

/**
 * Mounted at /live/visitors: who is on the site now, a visitor's profile for the sidebar, and
 * agent-initiated conversations (proactive support).
 */
export function liveVisitorRoutes({ services }: AppDeps) {
  return new Hono<AppEnv>()
    .use(requireAgent(services))
    .get('/', live, async (c) => c.json<LiveVisitorListResponse>({ items: services.presence.liveVisitors(live.query(c).site) }))
    .get('/:id', profile, async (c) => c.json<VisitorProfileResponse>({ visitor: await services.profiles.profile(profile.params(c).id) }))
    .post('/:id/conversations', start, async (c) => {
      const { id } = start.params(c);
      const { clientId, body } = await start.body(c);
      const agent = c.get('agent');
      const { conversation } = await services.inbox.startWithVisitor(agent, id, clientId, body);
      return c.json<ConversationResponse>({ conversation }, 201);
    });
}
