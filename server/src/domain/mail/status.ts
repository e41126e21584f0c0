/**
 * What the console shows about a conversation's e-mail: whether e-mail is on, the delay before an
 * agent's reply is e-mailed, and each e-mail of the conversation with its state. Present whether or
 * not e-mail is on (the MailService exists only when it is): with e-mail off, e-mails queued or
 * sent while it was on still show.
 */
import type { ConversationEmail, ConversationEmailsResponse } from '@atendo/shared';
import type { MailConfig } from '../../config';
import type { MailStore } from '../../storage/mail';
import type { MailOutboxRow } from '../../storage/types';

/** The wire form of an outbox row: no recipient, bodies, headers or reply address. */
export function emailWire(row: MailOutboxRow): ConversationEmail {
  return {
    id: row.id,
    state: row.state,
    subject: row.subject,
    createdAt: row.createdAt,
    sentAt: row.sentAt,
    nextAttemptAt: row.state === 'queued' || row.state === 'sending' ? row.nextAttemptAt : null,
    attempts: row.attempts,
    lastError: row.lastError,
  };
}

export class MailStatusService {
  constructor(
    private store: MailStore,
    /** 404s for an unknown conversation. */
    private conversations: { get(id: string): Promise<unknown> },
    private config: Pick<MailConfig, 'smtpUrl' | 'delayMs'> | undefined,
  ) {}

  /** A conversation's e-mails, oldest first, and whether e-mail is on; `not_found` for an unknown conversation. */
  async forConversation(conversationId: string): Promise<ConversationEmailsResponse> {
    await this.conversations.get(conversationId);
    const rows = await this.store.forConversation(conversationId);
    return {
      enabled: Boolean(this.config?.smtpUrl),
      delaySeconds: Math.round((this.config?.delayMs ?? 120_000) / 1000),
      emails: rows.map(emailWire),
    };
  }
}
