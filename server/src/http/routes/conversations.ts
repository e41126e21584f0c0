import { Hono, type Context } from 'hono';
import {
  AssignSchema,
  IdParamSchema,
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
import { agentIdOf, requireAgent, scope } from '../session';
import { AppError } from '../../domain/errors';
import { jsonBody, params, query } from '../validate';

/** The agent whose "mine" view this is; an API token has none (it asks for `unassigned` or `all`). */
function mineOf(c: Context<AppEnv>, scope: string | undefined): string {
  const id = agentIdOf(c);
  if (id === null && scope === 'mine') throw new AppError('bad_request', 'scope=mine needs a signed-in agent; an API token lists unassigned or all');
  return id ?? '';
}

/** The inbox: conversations and their transcripts, for agents (and API tokens with conversations:read/write). */
export function conversationRoutes({ services }: AppDeps) {
  const convs = services.conversations;
  return new Hono<AppEnv>()
    .use(requireAgent(services))
    .get('/', scope('conversations:read'), async (c) => {
      // A view: scope (unassigned / mine / all) × status (× site), keyset-paginated by `cursor`.
      const q = query(c, InboxQuerySchema);
      return c.json<ConversationListResponse>(
        await convs.list({
          status: q.status,
          scope: q.scope,
          agentId: mineOf(c, q.scope),
          siteId: q.site,
          cursor: q.cursor,
          limit: q.limit ?? LIMITS.inboxPage,
        }),
      );
    })
    .get('/counts', async (c) => {
      const q = query(c, SiteFilterQuerySchema);
      return c.json<ViewCountsResponse>({ unread: await services.inbox.unreadCounts(c.get('agent').id, q.site) });
    })
    .post('/:id/assign', scope('conversations:write'), async (c) => {
      const { id } = params(c, IdParamSchema);
      const { agentId } = await jsonBody(c, AssignSchema);
      const conversation = await services.team.assign(id, agentId);
      // "Assigned to you" e-mail (batched), unless the agent assigned it to themselves.
      services.mail?.agentNotify?.assigned(id, agentId, agentIdOf(c));
      return c.json<ConversationResponse>({ conversation });
    })
    .put('/:id/tags', scope('conversations:write'), async (c) => {
      const { id } = params(c, IdParamSchema);
      const { tags } = await jsonBody(c, TagsSchema);
      return c.json<ConversationResponse>({ conversation: await services.tags.set(id, tags) });
    })
    .get('/:id', scope('conversations:read'), async (c) => c.json<ConversationResponse>({ conversation: await convs.get(params(c, IdParamSchema).id) }))
    .get('/:id/messages', scope('conversations:read'), async (c) => {
      const { id } = params(c, IdParamSchema);
      const q = query(c, MessageListQuerySchema);
      await convs.get(id); // 404 for an unknown conversation rather than an empty list
      return c.json<MessageListResponse>({ items: await convs.messages(id, q.after ?? 0, q.limit ?? LIMITS.historyPage) });
    })
    .post('/:id/status', scope('conversations:write'), async (c) => {
      const { id } = params(c, IdParamSchema);
      const { status } = await jsonBody(c, SetStatusInputSchema);
      return c.json<ConversationResponse>({ conversation: await convs.setStatus(id, status) });
    })
    .post('/:id/read', async (c) => {
      const { id } = params(c, IdParamSchema);
      const { seq } = await jsonBody(c, ReadBodySchema);
      return c.json<ConversationResponse>({ conversation: await convs.markRead(id, seq) });
    });
}
