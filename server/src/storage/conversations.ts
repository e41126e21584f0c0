/**
 * Conversations and their messages: the send path's storage. The heart of it is `appendBatch`, the
 * group commit: one transaction stores many messages, assigns each its seq (1, 2, 3… per
 * conversation, no holes), answers retries, opens a visitor's first conversation and auto-assigns it.
 */
import type { ConversationStatus, ViewCounts } from '@atendo/shared';
import type { AttachmentRow, ConversationRow, MessageRow } from './types';

/**
 * Who is sending: a visitor (by id), an agent (by id and display name), or the answer bot (into a
 * conversation it names, only while it has not answered there and no agent has written there).
 */
export type Sender = { kind: 'visitor'; visitorId: string; siteId: string } | { kind: 'agent'; agentId: string; agentName: string } | { kind: 'bot' };

export interface SendInput {
  /** Omitted by a visitor's first message: the visitor's open conversation is used, or one is opened. */
  conversationId?: string | undefined;
  clientId: string;
  body: string;
  /** A file the sender uploaded; an empty body then becomes the file's name. */
  attachmentId?: string | undefined;
  /** Opaque id of the connection sending, passed through to the event. */
  origin?: string | undefined;
  /** 'email': a visitor's answer that came by e-mail (stored on the message). */
  via?: 'email' | undefined;
  /** The bot's message only: its JSON `BotCard` (the articles it offers), stored on the message. */
  meta?: string | undefined;
  /**
   * A visitor's first message to a site whose answer bot answers now: a conversation it opens is not
   * auto-assigned (the bot's hand-over assigns it, or the bot assigns it when it does not answer).
   */
  deferAssignment?: boolean | undefined;
}

/** One message of a batch. */
export interface Send {
  sender: Sender;
  input: SendInput;
}

/** A conversation with what its wire shape needs of its visitor. */
export interface ConversationRecord extends ConversationRow {
  visitorName: string | null;
  visitorVerified: boolean;
  visitorEmail: string | null;
}

/** A message with the file it carries (null: none, or the file was deleted). */
export interface MessageRecord extends MessageRow {
  attachment: AttachmentRow | null;
}

/** What `appendBatch` did with one message: stored (or found stored: a retry), or refused. */
export type StoredSlot =
  | {
      ok: true;
      message: MessageRecord;
      /** False when this was a retry of an already stored message. */
      created: boolean;
      /** This message opened its conversation (a visitor's first). */
      opened: boolean;
    }
  | {
      ok: false;
      /** An AppError: not_found (conversation, attachment), conflict (client id reused), bad_request. */
      error: unknown;
    };

/** A committed batch as plain data: one slot per message, in order, and each conversation touched as committed. */
export interface StoredBatch {
  stored: StoredSlot[];
  conversations: Record<string, ConversationRecord>;
}

/** An inbox view, one page (see shared InboxQuery). */
export interface InboxView {
  status: ConversationStatus | 'all';
  scope: 'unassigned' | 'mine' | 'all';
  /** The agent asking (for `mine`). */
  agentId?: string | undefined;
  siteId?: string | undefined;
  /** Keyset: only rows after this one in the order (lastActivityAt, id) descending. */
  after?: { lastActivityAt: number; id: string } | undefined;
  limit: number;
}

/** A visitor's conversation as the widget lists it. */
export interface VisitorConversationRow {
  id: string;
  status: ConversationStatus;
  lastSeq: number;
  agentReadSeq: number;
  visitorReadSeq: number;
  /** The end of conversation survey was answered. */
  rated: boolean;
  /** The answer bot here (null: it never answered). */
  botState: ConversationRow['botState'];
  /** The team's messages after `visitorReadSeq`. */
  unread: number;
}

/**
 * Batches stored on a thread (or connection) of their own, beside the event loop. Optional: an
 * implementation that has one offers it as `ConversationStore.offThread`, and the send queue
 * (ws/send-queue.ts) hands it batches while collecting the next.
 */
export interface OffThreadAppender {
  /** True when a batch can go there now (the first ask may start it; until it is up, false). */
  available(): boolean;
  /** False once it has died (or was closed): batches are then stored with `appendBatch`. */
  readonly alive: boolean;
  /** As `ConversationStore.appendBatch`; rejects when the thread died or the commit failed (nothing of the batch is stored). */
  appendBatch(sends: readonly Send[], assignable: readonly string[]): Promise<StoredBatch>;
}

export interface ConversationStore {
  /** A conversation with its visitor's name, verified flag and e-mail. */
  get(id: string): Promise<ConversationRecord | undefined>;
  /** One page of an inbox view, newest activity first (keyset: a deep page costs what the first does). */
  list(view: InboxView): Promise<ConversationRecord[]>;
  /** A visitor's conversations, newest activity first, at most `limit`. */
  forVisitor(visitorId: string, limit: number): Promise<VisitorConversationRow[]>;
  /** Messages with seq > `after`, in seq order, at most `limit`, each with its file. */
  messagesAfter(conversationId: string, after: number, limit: number): Promise<MessageRecord[]>;
  /** The visitor a conversation belongs to (undefined: no such conversation). */
  visitorOf(conversationId: string): Promise<string | undefined>;
  /** Highest seq of a conversation (0 when empty or unknown). */
  lastSeq(conversationId: string): Promise<number>;
  /** Conversations with unread visitor messages per inbox view (unassigned / mine / all × status). */
  unreadCounts(agentId: string, siteId?: string): Promise<ViewCounts>;

  /**
   * Resolve, set pending or reopen; false when it already had that status (or does not exist).
   * Reopening drops an assignee who was deactivated meanwhile.
   */
  setStatus(id: string, status: ConversationStatus): Promise<boolean>;
  /**
   * Agents have read up to `seq`: unread goes to 0 when the newest message is covered
   * (`unreadCleared`), and the agents' read receipt moves to min(seq, lastSeq), never backwards
   * (`receipt`: the new value, null when it did not move).
   */
  markRead(id: string, seq: number): Promise<{ unreadCleared: boolean; receipt: number | null }>;
  /** The visitor's read receipt moves to min(seq, lastSeq), never backwards; the new value, or null. */
  markVisitorRead(id: string, seq: number): Promise<number | null>;
  /**
   * Proactive support: the visitor's conversation that is not resolved, or a new one (open,
   * assigned to `agentId`), decided in one transaction. Undefined when the visitor does not exist.
   */
  openForAgent(visitorId: string, agentId: string): Promise<{ id: string; opened: boolean } | undefined>;

  /**
   * Group commit: store the messages in order in ONE transaction. Per message: the next seq of its
   * conversation; a retry (same conversation and client id, same body) answered with the stored
   * message (`created: false`); the same client id with another body refused with a `conflict`
   * AppError in its slot; a refusal (not_found, bad_request) in its slot while the rest of the batch
   * is stored. A visitor's message without a conversation id goes to their open or pending
   * conversation, or opens one (once, however many such messages race), auto-assigned to the first
   * of `assignable` (agent ids connected right now) that is online, active and under capacity,
   * assigned longest ago. A file must be the sender's own upload, of the conversation's site, and
   * not in another conversation; it is linked to the message's conversation. A visitor's message
   * reopens a resolved or pending conversation. Rejects (storing nothing of the batch) only when
   * the commit itself fails: an acked message is stored and a failed one is not, and its sender
   * retries with the same client id. Batches given at once (see `parallelBatches`) that share a
   * conversation commit in the order they were given.
   */
  appendBatch(sends: readonly Send[], assignable?: readonly string[]): Promise<StoredBatch>;
  /** Where batches can be stored off the event loop, if this implementation has such a place. */
  readonly offThread?: OffThreadAppender | undefined;
  /**
   * How many batches `appendBatch` may be given at once (absent: one at a time). An implementation
   * that commits them on connections of its own keeps each conversation's order itself (PostgreSQL:
   * a batch waits for the earlier ones that share a conversation), so the send queue need not wait for one batch's round trips before the next.
   */
  readonly parallelBatches?: number;
}
