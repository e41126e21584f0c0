import { Hono } from 'hono';
import {
  ConversationListQuerySchema,
  LIMITS,
  MessageListQuerySchema,
  ReadBodySchema,
  SetStatusSchema,
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
      const q = query(c, ConversationListQuerySchema);
      return c.json<ConversationListResponse>(convs.list({ status: q.status, cursor: q.cursor, limit: q.limit ?? LIMITS.inboxPage }));
    })
    .get('/:id', (c) => c.json<ConversationResponse>({ conversation: convs.get(c.req.param('id')) }))
    .get('/:id/messages', (c) => {
      const q = query(c, MessageListQuerySchema);
      const id = c.req.param('id');
      convs.get(id); // 404 for an unknown conversation rather than an empty list
      return c.json<MessageListResponse>({ items: convs.messages(id, q.after ?? 0, q.limit ?? LIMITS.historyPage) });
    })
    .post('/:id/status', async (c) => {
      const { status } = await jsonBody(c, SetStatusSchema);
      return c.json<ConversationResponse>({ conversation: convs.setStatus(c.req.param('id'), status) });
    })
    .post('/:id/read', async (c) => {
      const { seq } = await jsonBody(c, ReadBodySchema);
      return c.json<ConversationResponse>({ conversation: convs.markRead(c.req.param('id'), seq) });
    });
}
