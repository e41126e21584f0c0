import { Hono } from 'hono';
import { IdParamSchema, type ConversationEmailsResponse } from '@atendo/shared';
import type { AppDeps, AppEnv } from '../context';
import { requireAgent } from '../session';
import { route } from '../spec';

const list = route({
  summary: 'A conversation’s e-mails: whether e-mail is on, and each e-mail’s state',
  tag: 'E-mail',
  auth: 'session',
  scope: 'conversations:read',
  params: IdParamSchema,
  responses: { 200: '`{ enabled, items }`', 404: 'No such conversation' },
});

/**
 * A conversation's e-mails (mounted under /conversations): whether e-mail is on, and each e-mail's
 * state. Agents only, like the conversation itself; never visitors.
 */
export function conversationEmailRoutes({ services }: AppDeps) {
  return new Hono<AppEnv>()
    .use(requireAgent(services))
    .get('/:id/emails', list, async (c) => c.json<ConversationEmailsResponse>(await services.mailStatus.forConversation(list.params(c).id)));
}
