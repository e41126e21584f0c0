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
  description:
    'Visitors Atendo knows (they have chatted, or the widget started their session) with a widget open now, on any instance, the longest-browsing first: ' +
    'each `{ visitorId, siteId, name, email, currentPage, since, returning }`. `site` absent or empty: every site.',
  tag,
  auth: 'session',
  scope: 'visitors:read',
  query: SiteFilterQuerySchema,
  responses: { 200: '`{ items: LiveVisitor[] }`' },
});
const profile = route({
  summary: 'A visitor’s profile: who, where now, their session and history',
  description:
    'The console’s sidebar: name, e-mail, whether the identity is verified, language, time zone, referrer, user agent, custom attributes, ' +
    'the current page and this visit’s pages, whether a widget is open now, and their 20 latest conversations (newest first).',
  tag,
  auth: 'session',
  scope: 'visitors:read',
  params: IdParamSchema,
  responses: { 200: '`{ visitor: VisitorProfile }`', 404: 'No such visitor' },
});
const start = route({
  summary: 'Start a conversation with a visitor on the site (proactive)',
  description:
    'The agent writes first. The message goes into the visitor’s unresolved (open or pending) conversation, or into a new one assigned to the agent. ' +
    'The visitor’s widget gets the message and a `conversation.status` frame; every console the row. `clientId` makes it idempotent: a retry with the same one is answered again and stores nothing. ' +
    'Webhooks: `conversation.created` (a new conversation), `message.created`.',
  tag,
  auth: 'session',
  params: IdParamSchema,
  body: ProactiveSchema,
  responses: {
    201: '`{ conversation }`',
    404: 'No such visitor',
    409: 'That `clientId` was used for another text',
  },
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
