import { Hono } from 'hono';
import {
  AssignSchema,
  InboxQuerySchema,
  SetStatusInputSchema,
  SiteFilterQuerySchema,
  TagsSchema,
  type ViewCountsResponse,
  LIMITS,
  MessageListQuerySchema,
  ReadBodySchema,
  type ConversationListResponse,
  type ConversationResponse,
  type MessageListResponse,
} from '@atendo/shared';
import type { AppDeps, AppEnv } from '../context';
import { requireAgent } from '../session';
import { jsonBody, query } from '../validate';

/** The inbox: conversations and their transcripts, for agents. */
export function conversationRoutes({ services }: AppDeps) {
  const convs = services.conversations;
  return new Hono<AppEnv>()
    .use(requireAgent(services))
    .get('/', (c) => {
      // A view: scope (unassigned / mine / all) × status (× site), keyset-paginated by `cursor`.
      const q = query(c, InboxQuerySchema);
      return c.json<ConversationListResponse>(
        convs.list({ status: q.status, scope: q.scope, agentId: c.get('agent').id, siteId: q.site, cursor: q.cursor, limit: q.limit ?? LIMITS.inboxPage }),
      );
    })
    .get('/counts', (c) => {
      const q = query(c, SiteFilterQuerySchema);
      return c.json<ViewCountsResponse>({ unread: services.inbox.unreadCounts(c.get('agent').id, q.site) });
    })
    .post('/:id/assign', async (c) => {
      const { agentId } = await jsonBody(c, AssignSchema);
      return c.json<ConversationResponse>({ conversation: services.team.assign(c.req.param('id'), agentId) });
    })
    .put('/:id/tags', async (c) => {
      const { tags } = await jsonBody(c, TagsSchema);
      return c.json<ConversationResponse>({ conversation: services.tags.set(c.req.param('id'), tags) });
    })
    .get('/:id', (c) => c.json<ConversationResponse>({ conversation: convs.get(c.req.param('id')) }))
    .get('/:id/messages', (c) => {
      const q = query(c, MessageListQuerySchema);
      const id = c.req.param('id');
      convs.get(id); // 404 for an unknown conversation rather than an empty list
      return c.json<MessageListResponse>({ items: convs.messages(id, q.after ?? 0, q.limit ?? LIMITS.historyPage) });
    })
    .post('/:id/status', async (c) => {
      const { status } = await jsonBody(c, SetStatusInputSchema);
      return c.json<ConversationResponse>({ conversation: convs.setStatus(c.req.param('id'), status) });
    })
    .post('/:id/read', async (c) => {
      const { seq } = await jsonBody(c, ReadBodySchema);
      return c.json<ConversationResponse>({ conversation: convs.markRead(c.req.param('id'), seq) });
    });
}
