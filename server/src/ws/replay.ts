/** Replays on hello and `history.get` pages: messages from storage, bounded in count and bytes. */
import { AppError } from '../domain/errors';
import { LIMITS, type Message } from '@atendo/shared';
import { messageFrame, messageJson, send, sendText, type Connection } from './connection';
import type { SocketContext } from './context';
import { encodeFrame, toJson } from './frames';

/**
 * The longest run of `messages` whose JSON fits in `maxBytes` (at least one message, so a page
 * always moves on); `cut` when some were left for the next page.
 */
export function bytePage(messages: readonly Message[], maxBytes: number): { messages: readonly Message[]; bytes: number; cut: boolean } {
  let bytes = 0;
  for (let i = 0; i < messages.length; i++) {
    const size = Buffer.byteLength(messageJson(messages[i]!)) + 30;
    if (i > 0 && bytes + size > maxBytes) return { messages: messages.slice(0, i), bytes, cut: true };
    bytes += size;
  }
  return { messages, bytes, cut: false };
}

/**
 * Hold live copies of these conversations' messages for this socket until `replay` has sent what
 * storage has (call before the socket is registered with the hub). Storage is read after the
 * socket is registered, so nothing committed in between is missed; a live copy published while
 * the reads are in flight waits here and goes out after the replay, unless the replay sent it.
 */
export function holdLive(conn: Connection, conversationIds: readonly string[]): void {
  conn.held ??= new Map();
  for (const id of conversationIds) if (!conn.held.has(id)) conn.held.set(id, []);
}

/**
 * Resume: replay, from storage, every message after the client's contiguous seq. A gap larger
 * than `replayLimit`, or a replay past its byte budget (half the socket buffer cap, and for a
 * visitor what its address may still ask for), is never left as a silent hole: the client gets
 * `resync` for what was not sent and fetches it page by page. Call `holdLive` first.
 */
export async function replay(
  ctx: SocketContext,
  conn: Connection,
  conversationIds: readonly string[],
  resume: Readonly<Record<string, number>>,
): Promise<void> {
  const { services, guard, replayLimit } = ctx;
  const replayed = (conn.replayed ??= new Map());
  let budget = Math.floor(ctx.config.limits.maxSocketBufferBytes / 2);
  try {
    for (const id of conversationIds) {
      try {
        const after = resume[id] ?? 0;
        const lastSeq = await services.conversations.lastSeq(id);
        // What the client holds, and what this replay sends, never goes to this socket again as a
        // live copy. Never above what exists: a client claiming more (a restored backup, a buggy
        // integration) would otherwise lose every live copy up to its number.
        replayed.set(id, Math.min(after, lastSeq));
        if (lastSeq <= after) continue;
        if (lastSeq - after > replayLimit || budget <= 0 || (conn.state.kind === 'visitor' && !(await guard.historyLeft(conn.ip)).ok)) {
          send(conn, { type: 'resync', conversationId: id, lastSeq });
          continue;
        }
        const page = bytePage(await services.conversations.messages(id, after, replayLimit), budget);
        if (conn.state.kind === 'visitor' && !(await guard.historyBytes(conn.ip, page.bytes)).ok) {
          budget = 0;
          send(conn, { type: 'resync', conversationId: id, lastSeq });
          continue;
        }
        budget -= page.bytes;
        for (const message of page.messages) {
          sendText(conn.ws, messageFrame(messageJson(message)));
          replayed.set(id, message.seq);
        }
        if (page.cut) send(conn, { type: 'resync', conversationId: id, lastSeq });
      } finally {
        release(conn, id);
      }
    }
  } finally {
    // A read that failed stops the replay: what is held for the conversations after it goes out
    // (the client heals the gap with history.get), nothing stays held for the socket's lifetime.
    for (const id of conversationIds) release(conn, id);
  }
}

/** The live copies held during a conversation's replay, in the order they came, minus what the replay sent. */
export function release(conn: Connection, conversationId: string): void {
  const held = conn.held?.get(conversationId);
  if (!held) return;
  conn.held!.delete(conversationId);
  const floor = conn.replayed?.get(conversationId) ?? 0;
  for (const h of held) if (h.seq > floor && conn.ws.readyState === conn.ws.OPEN) sendText(conn.ws, h.text);
}

/** `history.get`: one page after `after`, bounded in count and in bytes; a visitor's address pays its bytes. */
export async function history(
  ctx: SocketContext,
  conn: Connection,
  frame: { conversationId: string; after: number; limit?: number | undefined },
): Promise<void> {
  const { guard, services } = ctx;
  const limit = frame.limit ?? LIMITS.historyPage;
  const visitor = conn.state.kind === 'visitor';
  const tooMuch = (retryAfterMs: number) => new AppError('rate_limited', `Too much history requested; try again in ${Math.ceil(retryAfterMs / 1000)} s`);
  // An address past its budget is refused before anything is read or serialized.
  const left = visitor ? await guard.historyLeft(conn.ip) : { ok: true as const };
  if (!left.ok) throw tooMuch(left.retryAfterMs);
  const rows = await services.conversations.messages(frame.conversationId, frame.after, limit + 1);
  const page = bytePage(rows.slice(0, limit), LIMITS.historyPageBytes);
  if (visitor) {
    const allowed = await guard.historyBytes(conn.ip, page.bytes);
    if (!allowed.ok) throw tooMuch(allowed.retryAfterMs);
  }
  sendText(
    conn.ws,
    encodeFrame('history', {
      conversationId: toJson(frame.conversationId),
      after: toJson(frame.after),
      messages: `[${page.messages.map(messageJson).join(',')}]`,
      more: toJson(page.cut || rows.length > limit),
    }),
  );
}
