/**
 * The send path's refusals that do not depend on the database: the same in every store's
 * `appendBatch` (storage/sqlite/conversations.ts, storage/postgres/conversations.ts), decided before
 * the batch writes anything.
 */
import { AppError, notFound } from '../domain/errors';
import { newSortableId } from '../domain/ids';
import type { SendInput, Sender } from './conversations';
import type { Author } from '@atendo/shared';
import type { AttachmentRow, MessageRow } from './types';

/**
 * The attachment a sender may put in a message: theirs (same kind, id and site). The same answer
 * for "absent" and "someone else's": ids must not be probeable.
 */
export function senderFile(row: AttachmentRow | undefined, sender: Sender): AttachmentRow {
  if (!row || sender.kind === 'bot' || row.uploaderKind !== sender.kind) throw notFound('Attachment');
  if (sender.kind === 'visitor' ? row.uploaderId !== sender.visitorId || row.siteId !== sender.siteId : row.uploaderId !== sender.agentId) {
    throw notFound('Attachment');
  }
  return row;
}

/** Refuse an attachment for `conversationId` unless it is unattached or already there, and of that conversation's site. */
export function checkFileConversation(row: AttachmentRow, conversationId: string | null, siteId: string | null): void {
  if (row.conversationId !== null && row.conversationId !== conversationId) throw notFound('Attachment');
  if (siteId !== null && siteId !== row.siteId) throw notFound('Attachment');
}

/**
 * The bot writes once per conversation, never after a person, and never once the visitor wrote again
 * (they kept typing before it answered: an outbox flushed after a reconnect): else its message is refused.
 */
export function checkBotMayWrite(botState: string | null, agentWrote: boolean, visitorWroteAgain: boolean): void {
  if (botState !== null || agentWrote || visitorWroteAgain) throw new AppError('conflict', 'The answer bot no longer writes in this conversation');
}

/** A retry (same conversation and client id) must carry the same body: else the client id is reused, a conflict. */
export function checkRetry(storedBody: string, body: string): void {
  if (storedBody !== body) throw new AppError('conflict', 'This client id was already used for a different message');
}

/** The row of a message being stored: the next seq of its conversation, its author and file. */
export function messageRow(conversationId: string, seq: number, sender: Sender, input: SendInput, file: AttachmentRow | null): MessageRow {
  return {
    id: newSortableId(),
    conversationId,
    seq,
    clientId: input.clientId,
    author: sender.kind,
    agentId: sender.kind === 'agent' ? sender.agentId : null,
    body: input.body,
    attachmentId: file?.id ?? null,
    createdAt: Date.now(),
    // Only a visitor's message comes by e-mail.
    via: sender.kind === 'visitor' && input.via === 'email' ? 'email' : null,
    meta: sender.kind === 'bot' ? (input.meta ?? null) : null,
  };
}

/**
 * A conversation as a batch sees it: read once (on PostgreSQL, and locked), then updated once at the
 * end of the batch (each store's `bump`).
 */
export interface BatchConversation {
  visitorId: string;
  siteId: string;
  /** Highest seq so far, this batch's messages included. */
  lastSeq: number;
  /** The batch's newest message (null: none stored yet). */
  last: { body: string; author: Author; at: number } | null;
  /** Visitor messages since the batch's last agent message (or since the start of the batch). */
  unread: number;
  /** An agent wrote in this batch: unread restarts from 0. */
  resetUnread: boolean;
  /** A visitor wrote in this batch: a resolved or pending conversation reopens. */
  byVisitor: boolean;
}
