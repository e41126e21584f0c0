import type { Connection } from './connection';

/** Typing frames closer together than this (per socket and conversation) are not relayed. */
const TYPING_RELAY_MS = 1000;

/** Relay a typing frame unless the same socket said so for this conversation a moment ago. */
const lastTyping = new WeakMap<Connection, Map<string, number>>();
export function typingAllowed(conn: Connection, conversationId: string, active: boolean): boolean {
  let seen = lastTyping.get(conn);
  if (!seen) lastTyping.set(conn, (seen = new Map()));
  const now = Date.now();
  if (active && now - (seen.get(conversationId) ?? 0) < TYPING_RELAY_MS) return false;
  if (seen.size > 50) seen.clear();
  seen.set(conversationId, active ? now : 0);
  return true;
}
