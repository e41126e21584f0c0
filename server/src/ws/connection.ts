import type { WebSocket } from 'ws';
import { CloseCode, type Agent, type Message, type ServerFrame } from '@atendo/shared';
import { encodeFrame, toJson, type Json } from './frames';
import type { VisitorIdentity } from '../domain/visitors';

/** One live socket and who is behind it. */
export interface Connection {
  id: string;
  ws: WebSocket;
  /** Origin header of the upgrade request, if any. */
  origin: string | undefined;
  ip: string;
  cookieHeader: string | undefined;
  /** User-Agent of the upgrade request (visitor sidebar: browser and OS). */
  userAgent?: string | undefined;
  /** Visitor sockets: what hello said about the page and device, stored once the visitor exists. */
  session?: import('../domain/visitor-profile').SessionInfo | undefined;
  alive: boolean;
  /**
   * Per conversation replayed on `hello`, the highest seq the replay sent: a live copy at or below
   * it was committed before the replay read storage (a batch the writer thread had committed but
   * not yet published), so the socket already has it (see `Hub.fresh`).
   */
  replayed?: Map<string, number>;
  /**
   * Per conversation being replayed, the live copies published meanwhile, held until the replay
   * has sent what storage had (ws/replay.ts `holdLive`): no hole, no repeat, in order.
   */
  held?: Map<string, { seq: number; text: string }[]>;
  /** The visitor this socket was counted live for (presence), once `profiles.connected` counted it. */
  liveVisitorId?: string;
  state:
    | { kind: 'pending' }
    | {
        kind: 'visitor';
        siteId: string;
        visitorId: string | null;
        locale?: string | undefined;
        pageUrl?: string | undefined;
        /** Identity to store when the first message creates the visitor (externalId only if verified). */
        pending?: VisitorIdentity | undefined;
        /** The hello carried an identity whose hash verified (with the site's secret of that moment). */
        verified?: boolean;
        /** Query parameters of page addresses the site keeps (widget settings' pageQueryParams). */
        keepParams?: readonly string[];
      }
    /** An agent's socket, with the agent as its session authenticated them at hello. */
    | { kind: 'agent'; agentId: string; sessionHash: string; agent: Agent };
}

/** Serialize and send one frame if the socket is still open. */
export function send(conn: Connection, frame: ServerFrame): void {
  if (conn.ws.readyState === conn.ws.OPEN) sendText(conn.ws, JSON.stringify(frame));
}

/** A message's JSON, made once for its copies to agents and tabs and for its ack (`pnpm bench`). */
const messageJsonCache = new WeakMap<Message, Json<Message>>();
export function messageJson(message: Message): Json<Message> {
  let json = messageJsonCache.get(message);
  if (json === undefined) messageJsonCache.set(message, (json = toJson(message)));
  return json;
}

/** `message { message }` from the message's JSON. */
export function messageFrame(json: Json<Message>): string {
  return encodeFrame('message', { message: json });
}

/** `ack { clientId, message }`, with the message's JSON made once (see `messageJson`). */
export function sendAck(conn: Connection, clientId: string, message: Message): void {
  if (conn.ws.readyState === conn.ws.OPEN) sendText(conn.ws, encodeFrame('ack', { clientId: toJson(clientId), message: messageJson(message) }));
}

type Corkable = { cork(): void; uncork(): void };
/** Sockets held by `batchWrites` (null: not batching). */
let held: Set<Corkable> | null = null;
/** A Buffer holds frame text encoded once for many sockets; it must still go out as a text frame. */
const TEXT = { binary: false };

/** Bytes one socket may have waiting to go out (ATENDO_MAX_SOCKET_BUFFER_KB); set by `attachSockets`. */
let maxBuffered = 4 * 1024 * 1024;
export function setMaxBuffered(bytes: number): void {
  maxBuffered = bytes;
}

/**
 * A client that does not read (a paused TCP reader, a stalled tab) would make the server hold
 * every frame meant for it: past `maxBuffered` bytes the socket is closed instead (4413), and
 * destroyed a moment later if the close frame cannot get out either. The client reconnects and
 * resumes from storage, so nothing is lost.
 */
function overflowed(ws: WebSocket): boolean {
  if (!(ws.bufferedAmount > maxBuffered)) return false;
  if (ws.readyState === ws.OPEN) {
    ws.close(CloseCode.TooSlow, 'too slow: frames were not read');
    setTimeout(() => ws.terminate(), 1000).unref();
  }
  return true;
}

/** Send frame text (or its UTF-8 bytes) on an open socket; inside `batchWrites` it waits for the batch's end. */
export function sendText(ws: WebSocket, data: string | Buffer): void {
  if (held) {
    // ws keeps its net.Socket in `_socket`; corking it only delays the flush, frames stay intact.
    const socket = (ws as unknown as { _socket?: Corkable })._socket;
    if (socket && !held.has(socket)) {
      // The cap applies to what is left from before the batch: a batch's own frames (a reading
      // client's share of up to 1,024 messages) are corked here and go out at its end.
      if (overflowed(ws)) return;
      socket.cork();
      held.add(socket);
    } else if (!socket && overflowed(ws)) return;
  } else if (overflowed(ws)) return;
  ws.send(data, TEXT);
}

/**
 * Hold every socket's outgoing frames while `fn` runs, then write each socket's share with one
 * syscall: a group commit answers and fans out a whole batch at once, and one write per frame was
 * the largest cost left in the send path (`pnpm bench`, --cpu-prof).
 */
export function batchWrites<T>(fn: () => T): T {
  if (held) return fn();
  const sockets = (held = new Set());
  try {
    return fn();
  } finally {
    held = null;
    for (const s of sockets) s.uncork();
  }
}
