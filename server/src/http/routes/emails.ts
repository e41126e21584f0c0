import { Hono } from 'hono';
import { IdParamSchema, type ConversationEmailsResponse } from '@atendo/shared';
import type { AppDeps, AppEnv } from '../context';
import { requireAgent } from '../session';
import { route } from '../spec';

const list = route({
  summary: 'A conversation’s e-mails: whether e-mail is on, and each e-mail’s state',
  description:
    'What the console shows about the e-mails Atendo sends a visitor who left (agents’ replies; see docs/operating.md, “E-mail”).\n\n' +
    '- `enabled`: `ATENDO_SMTP_URL` is set. With e-mail off the list still holds what was sent while it was on (queued ones wait until it is on again).\n' +
    '- `delaySeconds`: `ATENDO_EMAIL_DELAY_SECONDS`, how long a reply waits to be read in the chat before it is e-mailed.\n' +
    '- `emails`: the conversation’s outbox rows, oldest first, each `{ id, state, subject, createdAt, sentAt, nextAttemptAt, attempts, lastError }`. ' +
    '`state` is `queued` (waiting for `nextAttemptAt`; after a failed try `lastError` says why), `sending` (a worker holds it), `sent` (`sentAt`) or `failed` (for good; `lastError` is the mail server’s answer).\n\n' +
    'Recipient, bodies, headers and the reply address are never in the answer.',
  tag: 'E-mail',
  auth: 'session',
  scope: 'conversations:read',
  params: IdParamSchema,
  responses: { 200: '`{ enabled, delaySeconds, emails: ConversationEmail[] }`', 404: 'No such conversation' },
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
