/** What the agents' console keeps beside conversations: canned replies, internal notes, tags. */
import type { CannedReplyRow, NoteRow } from './types';

/** Canned replies: shared answers agents insert with `/shortcut`. A shortcut is unique. */
export interface CannedReplyStore {
  /** Every reply, by shortcut. */
  list(): Promise<CannedReplyRow[]>;
  /** Store a new reply unless its shortcut is taken (decided in one transaction: of racing creates one wins). False when taken. */
  create(row: CannedReplyRow): Promise<boolean>;
  /**
   * Replace shortcut and body: 'taken' when another reply holds the shortcut (checked first),
   * undefined when there is no such reply, else the row after.
   */
  update(id: string, input: { shortcut: string; body: string }): Promise<CannedReplyRow | 'taken' | undefined>;
  /** False when there is no such reply. */
  remove(id: string): Promise<boolean>;
}

/** Internal notes on a conversation: agents only, outside the messages' seq sequence. */
export interface NoteStore {
  /** A conversation's notes, oldest first (by `createdAt`; among notes of one millisecond the order is unspecified). */
  list(conversationId: string): Promise<NoteRow[]>;
  add(row: NoteRow): Promise<void>;
}

/** Tags on conversations, and the catalogue of the names used so far (for suggestions). */
export interface TagStore {
  /** Every name ever used, alphabetically. */
  catalogue(): Promise<string[]>;
  /**
   * Replace a conversation's tags and add the new names to the catalogue (`now` as their creation
   * time), in one transaction. False when there is no such conversation (nothing is written then).
   */
  setConversationTags(conversationId: string, names: readonly string[], now: number): Promise<boolean>;
}
