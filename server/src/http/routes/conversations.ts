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
import { agentIdOf, requireAgent } from '../session';
import { route } from '../spec';
import { AppError } from '../../domain/errors';

/** The agent whose "mine" view this is; an API token has none (it asks for `unassigned` or `all`). */
function mineOf(c: Context<AppEnv>, scope: string | undefined): string {
  const id = agentIdOf(c);
  if (id === null && scope === 'mine') throw new AppError('bad_request', 'scope=mine needs a signed-in agent; an API token lists unassigned or all');
  return id ?? '';
}

const tag = 'Conversations';
const list = route({
  summary: 'List conversations',
  description: 'A view: scope (unassigned, mine, all) × status (× site), newest activity first, paginated by `cursor` (the previous page’s `nextCursor`).',
  tag,
  auth: 'session',
  scope: 'conversations:read',
  query: InboxQuerySchema,
  responses: { 200: '`{ items, nextCursor }`' },
});
const counts = route({
  summary: 'Unread conversations per view (the signed-in agent’s)',
  tag,
  auth: 'session',
  query: SiteFilterQuerySchema,
  responses: { 200: '`{ unread }`' },
});
const assign = route({
  summary: 'Assign a conversation (or unassign it with `agentId: null`)',
  tag,
  auth: 'session',
  scope: 'conversations:write',
  params: IdParamSchema,
  body: AssignSchema,
  responses: { 200: '`{ conversation }`', 404: 'No such conversation or agent' },
});
const setTags = route({
  summary: 'Set a conversation’s tags',
  tag,
  auth: 'session',
  scope: 'conversations:write',
  params: IdParamSchema,
  body: TagsSchema,
  responses: { 200: '`{ conversation }`', 404: 'No such conversation' },
});
const get = route({
  summary: 'Get a conversation',
  tag,
  auth: 'session',
  scope: 'conversations:read',
  params: IdParamSchema,
  responses: { 200: '`{ conversation }`', 404: 'No such conversation' },
});
const messages = route({
  summary: 'List a conversation’s messages',
  description: 'Oldest first, from `after` (a seq). Internal notes are not messages: see the notes.',
  tag,
  auth: 'session',
  scope: 'conversations:read',
  params: IdParamSchema,
  query: MessageListQuerySchema,
  responses: { 200: '`{ items }`', 404: 'No such conversation' },
});
const status = route({
  summary: 'Set a conversation’s status (open, pending, resolved)',
  tag,
  auth: 'session',
  scope: 'conversations:write',
  params: IdParamSchema,
  body: SetStatusInputSchema,
  responses: { 200: '`{ conversation }`', 404: 'No such conversation' },
});
const read = route({
  summary: 'Mark a conversation read up to a seq (the signed-in agent)',
  tag,
  auth: 'session',
  params: IdParamSchema,
  body: ReadBodySchema,
  responses: { 200: '`{ conversation }`' },
});

/** The inbox: conversations and their transcripts, for agents (and API tokens with conversations:read/write). */
export function conversationRoutes({ services }: AppDeps) {
  const convs = services.conversations;
  return new Hono<AppEnv>()
    .use(requireAgent(services))
    .get('/', list, async (c) => {
      const q = list.query(c);
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
    .get('/counts', counts, async (c) => {
      const q = counts.query(c);
      return c.json<ViewCountsResponse>({ unread: await services.inbox.unreadCounts(c.get('agent').id, q.site) });
    })
    .post('/:id/assign', assign, async (c) => {
      const { id } = assign.params(c);
      const { agentId } = await assign.body(c);
      const conversation = await services.team.assign(id, agentId);
      // "Assigned to you" e-mail (batched), unless the agent assigned it to themselves.
      services.mail?.agentNotify?.assigned(id, agentId, agentIdOf(c));
      return c.json<ConversationResponse>({ conversation });
    })
    .put('/:id/tags', setTags, async (c) => {
      const { id } = setTags.params(c);
      const { tags } = await setTags.body(c);
      return c.json<ConversationResponse>({ conversation: await services.tags.set(id, tags) });
    })
    .get('/:id', get, async (c) => c.json<ConversationResponse>({ conversation: await convs.get(get.params(c).id) }))
    .get('/:id/messages', messages, async (c) => {
      const { id } = messages.params(c);
      const q = messages.query(c);
      await convs.get(id); // 404 for an unknown conversation rather than an empty list
      return c.json<MessageListResponse>({ items: await convs.messages(id, q.after ?? 0, q.limit ?? LIMITS.historyPage) });
    })
    .post('/:id/status', status, async (c) => {
      const { id } = status.params(c);
      const { status: next } = await status.body(c);
      return c.json<ConversationResponse>({ conversation: await convs.setStatus(id, next) });
    })
    .post('/:id/read', read, async (c) => {
      const { id } = read.params(c);
      const { seq } = await read.body(c);
      return c.json<ConversationResponse>({ conversation: await convs.markRead(id, seq) });
    });
}
