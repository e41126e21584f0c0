/**
 * E-mail: the durable outbox (every e-mail is a row before it is sent; workers claim due rows with a
 * lease), reply addresses' hashed tokens, and per conversation the state of continuity e-mail (what
 * was covered, the open window, the thread's Message-IDs). Each method is one unit of work; the
 * races between instances (two claim the same row, two close the same window) are decided inside.
 */
import type { ConversationMailRow, MailInboundRow, MailOutboxRow, MailReplyTokenRow } from './types';

/** Closing a continuity window: with an e-mail, or without one (the visitor had read the messages). */
export interface WindowClose {
  conversationId: string;
  /**
   * The `mailedSeq` the decision was made from. When it is no longer the stored one (another
   * worker or instance closed this window meanwhile) nothing is written.
   */
  fromSeq: number;
  /** The last agent message seq covered: `mailedSeq` becomes this. */
  toSeq: number;
  /** Agent messages after `toSeq` already noticed open the next window, due then; else none is open. */
  reopenAt: number;
  /** The e-mail to enqueue (its dedupe key decides it is enqueued once), with its reply token's row and Message-ID. */
  mail?: { row: MailOutboxRow; token: MailReplyTokenRow | null; messageId: string } | undefined;
}

export interface MailStore {
  /**
   * An agent message with this seq was written: `pendingSeq` rises to it and, unless a window is
   * open (or the seq is already covered), a window opens, due at `dueAt`.
   */
  noteAgentMessage(conversationId: string, seq: number, dueAt: number): Promise<void>;
  /** Conversations whose window is due at `now` or before, the earliest first, at most `limit`. */
  dueWindows(now: number, limit: number): Promise<ConversationMailRow[]>;
  conversationMail(conversationId: string): Promise<ConversationMailRow | undefined>;
  /**
   * One transaction: unless `mailedSeq` moved from `fromSeq` ('stale'), enqueue the e-mail (once per
   * dedupe key), store its reply token, set `mailedSeq` to `toSeq`, remember the thread's
   * Message-IDs, and reopen the window when newer agent messages wait. 'enqueued' when the e-mail is
   * a new row, 'closed' when the window closed without one (none given, or its key was taken).
   */
  closeWindow(close: WindowClose): Promise<'enqueued' | 'closed' | 'stale'>;
  /** Enqueue an e-mail (and its reply token) unless its dedupe key is taken; false when it was. */
  enqueue(row: MailOutboxRow, token?: MailReplyTokenRow | null): Promise<boolean>;
  /**
   * Claim up to `limit` due rows in ONE transaction: queued ones whose `nextAttemptAt` has come and
   * sending ones whose lease ended (a crash), earliest first; they become `sending` with a lease
   * until `now + leaseMs`, so no other claimer gets them before then (on PostgreSQL: `FOR UPDATE SKIP LOCKED`).
   */
  claim(now: number, leaseMs: number, limit: number): Promise<MailOutboxRow[]>;
  /** A claimed row went out: `sent`, its reply address forgotten (the token's hash stays). */
  markSent(id: string, now: number): Promise<void>;
  /**
   * A claimed row failed: `attempts + 1`, the error kept; queued again at `retryAt`, or `failed`
   * for good when `retryAt` is null (its reply address forgotten).
   */
  markFailed(id: string, error: string, retryAt: number | null): Promise<void>;
  get(id: string): Promise<MailOutboxRow | undefined>;
  /** A conversation's e-mails, oldest first. */
  forConversation(conversationId: string): Promise<MailOutboxRow[]>;
  /** The conversation a reply token (by its SHA-256 hex hash) belongs to. */
  conversationForTokenHash(tokenHash: string): Promise<string | undefined>;
  /** The incoming e-mail stored under this Message-ID, if one was. */
  inboundByMessageId(messageId: string): Promise<MailInboundRow | undefined>;
  /** Remember an incoming e-mail as stored; false when its Message-ID was already there (the row is unchanged). */
  recordInbound(row: MailInboundRow): Promise<boolean>;
}
