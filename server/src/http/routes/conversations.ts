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
/** What every change of a conversation does besides its answer. */
const reachesEveryone = 'Every agent’s console gets the changed row (a `conversation` frame) and the visitor’s widget a `conversation.status` frame.';
const list = route({
  summary: 'List conversations (an inbox view)',
  description:
    'A view: `scope` (`unassigned`, `mine`, `all`; default `all`) × `status` (`open`, `pending`, `resolved` or `all`; default `open`) × `site` ' +
    '(absent or empty: every site), newest activity first.\n\n' +
    'Keyset pagination: pass the previous page’s `nextCursor` as `cursor` (deep pages cost what the first does); `limit` 1–100, default 50. ' +
    'An API token is no agent: `scope=mine` with one is a 400 (ask for `unassigned` or `all`).',
  tag,
  auth: 'session',
  scope: 'conversations:read',
  query: InboxQuerySchema,
  responses: {
    200: '`{ items: Conversation[], nextCursor }`; `nextCursor` is null on the last page',
    400: 'A malformed query or cursor, or `scope=mine` with an API token',
  },
});
const counts = route({
  summary: 'Unread conversations per view (the signed-in agent’s)',
  description:
    'How many conversations hold unread visitor messages, per view and status, for the inbox’s badges; “mine” is the signed-in agent’s. ' +
    '`site` absent or empty: every site. Read from a partial index of the unread conversations, never the whole table.',
  tag,
  auth: 'session',
  query: SiteFilterQuerySchema,
  responses: { 200: '`{ unread: { unassigned, mine, all } }`, each `{ open, pending, resolved }`' },
});
const assign = route({
  summary: 'Assign a conversation (or unassign it with `agentId: null`)',
  description:
    'Assign, transfer to another agent, or unassign (`agentId: null`). ' +
    reachesEveryone +
    ' The two agents’ loads change (`agent.presence` frames); the new assignee is e-mailed “assigned to you” (batched; when e-mail is on and they want it) unless they assigned it to themselves. ' +
    'Webhook: `conversation.assigned`. Assigning it to its current assignee changes nothing.',
  tag,
  auth: 'session',
  scope: 'conversations:write',
  params: IdParamSchema,
  body: AssignSchema,
  responses: {
    200: '`{ conversation }`',
    404: 'No such conversation or agent',
    409: 'The agent is deactivated (deactivated agents take no conversations)',
  },
});
const setTags = route({
  summary: 'Set a conversation’s tags',
  description:
    'The whole list, replacing the old one: at most 20 tags, each 1–40 letters, digits, spaces, `-` and `_`, trimmed and lower-cased; duplicates are dropped. ' +
    'New names join the catalogue (`GET /tags`). ' +
    'Every agent’s console gets the changed row (a `conversation` frame).',
  tag,
  auth: 'session',
  scope: 'conversations:write',
  params: IdParamSchema,
  body: TagsSchema,
  responses: { 200: '`{ conversation }` with its tags', 404: 'No such conversation' },
});
const get = route({
  summary: 'Get a conversation',
  description:
    'With the visitor’s name, e-mail and whether their identity is verified, its unread count, read marks, tags and `rating` (`{ csat, nps, comment, ratedAt }`, or null before the visitor answered the survey).',
  tag,
  auth: 'session',
  scope: 'conversations:read',
  params: IdParamSchema,
  responses: { 200: '`{ conversation }`', 404: 'No such conversation' },
});
const messages = route({
  summary: 'List a conversation’s messages',
  description:
    'Ascending `seq`, those after `after` (a seq; default 0: from the start); `limit` 1–500, default 100. For the next page, pass the last `seq` you got as `after`. ' +
    'Messages are sent over the WebSocket (`message.send`), not here. Internal notes are not messages: see the notes.',
  tag,
  auth: 'session',
  scope: 'conversations:read',
  params: IdParamSchema,
  query: MessageListQuerySchema,
  responses: { 200: '`{ items: Message[] }`, ascending `seq`', 404: 'No such conversation' },
});
const status = route({
  summary: 'Set a conversation’s status (open, pending, resolved)',
  description:
    '`pending` means waiting on the visitor; a visitor’s next message reopens a pending or resolved conversation by itself. ' +
    'On `resolved` the widget asks the site’s survey (CSAT, NPS) when it is on. Reopening a conversation whose assignee was deactivated meanwhile leaves it unassigned. ' +
    reachesEveryone +
    ' Webhook: `conversation.status_changed`. Setting the status it has changes nothing.',
  tag,
  auth: 'session',
  scope: 'conversations:write',
  params: IdParamSchema,
  body: SetStatusInputSchema,
  responses: { 200: '`{ conversation }`', 404: 'No such conversation' },
});
const read = route({
  summary: 'Mark a conversation read up to a seq (the signed-in agent)',
  description:
    'The agents have read up to `seq`: the unread count resets once the newest message is covered (every console gets the row), ' +
    'and the visitor sees _Seen ✓✓_ (a `read` frame). The socket’s `conversation.read` does the same.',
  tag,
  auth: 'session',
  params: IdParamSchema,
  body: ReadBodySchema,
  responses: { 200: '`{ conversation }`', 404: 'No such conversation' },
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
