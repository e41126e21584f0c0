import { Hono } from 'hono';
import { IdParamSchema, type ConversationEmailsResponse } from '@atendo/shared';
import type { AppDeps, AppEnv } from '../context';
import { requireAgent, scope } from '../session';
import { params } from '../validate';

/**
 * A conversation's e-mails (mounted under /conversations): whether e-mail is on, and each e-mail's
 * state. Agents only, like the conversation itself; never visitors.
 */
export function conversationEmailRoutes({ services }: AppDeps) {
  return new Hono<AppEnv>()
    .use(requireAgent(services))
    .get('/:id/emails', scope('conversations:read'), async (c) =>
      c.json<ConversationEmailsResponse>(await services.mailStatus.forConversation(params(c, IdParamSchema).id)),
    );
}
