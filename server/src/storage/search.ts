/**
 * Full-text search over messages and over visitors' names and e-mails. Words are matched as
 * prefixes with case and accents folded ("joao" finds "João", "ana@exa" finds "ana@example.com"),
 * every word must match, newest first.
 */

/** A message that matched. */
export interface MessageHitRow {
  conversationId: string;
  seq: number;
  body: string;
}

/** A visitor that matched, once per conversation of theirs. */
export interface VisitorHitRow {
  conversationId: string;
  name: string | null;
  email: string | null;
}

export interface SearchStore {
  /**
   * What the user typed, as given (the store turns it into its own query syntax; operators and
   * punctuation are plain text, never errors). Messages stored so far are all found, even those the
   * send path has not indexed yet. Visitors: newest first, their conversations by activity; messages:
   * newest first. Both empty when the text has no letter or digit.
   */
  search(text: string, limits: { visitors: number; messages: number }): Promise<{ visitors: VisitorHitRow[]; messages: MessageHitRow[] }>;
  /** Index every message not indexed yet (at start-up: rows written by a seed or a restore); returns how many. */
  catchUp(): Promise<number>;
}
