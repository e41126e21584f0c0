import { CloseCode, type Conversation, type Message, type ServerFrame } from '@atendo/shared';
import type { DomainEvent } from '../domain/events';
import { toVisitorConversation } from '../domain/conversations';
import { batchWrites, messageFrame, messageJson, send, sendAck, sendText, type Connection } from './connection';
import { encodeFrame, toJson, type Json } from './frames';

/**
 * The broadcaster: knows which sockets are open for whom and maps domain events to frames for
 * every socket allowed to see them. A visitor only ever receives frames of their own conversations.
 */
export class Hub {
  readonly agents = new Set<Connection>();
  private visitors = new Map<string, Set<Connection>>();

  /**
   * Tests only (ATENDO_TEST_DROP_LIVE_SEQ): live copies of messages with these seqs are not sent,
   * as a lost frame would be, so tests can show that widget and console heal the hole.
   */
  constructor(private dropLiveSeqs: ReadonlySet<number> = new Set()) {}

  /**
   * Whether a live copy of `message` may go to `c`: not when the socket's resume replay already
   * sent it. Publishing is not in seq order across the writer thread and the event loop (an inline
   * commit can be published before an earlier one the thread committed), so this compares with what
   * the replay sent, never with the highest seq seen live: that would drop the late one.
   */
  private fresh(c: Connection, message: Message): boolean {
    if (this.dropLiveSeqs.size && this.dropLiveSeqs.has(message.seq)) return false;
    const held = c.held?.get(message.conversationId);
    if (held) {
      held.push({ seq: message.seq, text: messageFrame(messageJson(message)) });
      return false;
    }
    const floor = c.replayed?.get(message.conversationId);
    return floor === undefined || message.seq > floor;
  }

  addAgent(conn: Connection): void {
    this.agents.add(conn);
  }

  addVisitor(visitorId: string, conn: Connection): void {
    let set = this.visitors.get(visitorId);
    if (!set) this.visitors.set(visitorId, (set = new Set()));
    set.add(conn);
  }

  /** Whether a visitor has an open socket here. */
  hasVisitor(visitorId: string): boolean {
    return (this.visitors.get(visitorId)?.size ?? 0) > 0;
  }

  remove(conn: Connection): void {
    this.agents.delete(conn);
    if (conn.state.kind === 'visitor' && conn.state.visitorId) {
      const set = this.visitors.get(conn.state.visitorId);
      set?.delete(conn);
      if (set?.size === 0) this.visitors.delete(conn.state.visitorId);
    }
  }

  /** `message`, when given, is the message the frame carries: sockets that already have it are skipped. */
  private toVisitor(visitorId: string, frame: ServerFrame | string, except?: string, message?: Message): void {
    const set = this.visitors.get(visitorId);
    if (!set) return;
    // Serialized only if someone gets it: usually the sender is the visitor's only socket.
    let data: string | undefined;
    for (const c of set) {
      if (c.id === except || c.ws.readyState !== c.ws.OPEN || (message && !this.fresh(c, message))) continue;
      sendText(c.ws, (data ??= typeof frame === 'string' ? frame : JSON.stringify(frame)));
    }
  }

  /** Serialized once and, for several agents, encoded once: every agent socket gets the same bytes. */
  private toAgents(frame: ServerFrame | string, except?: string): void {
    if (!this.agents.size) return;
    const text = typeof frame === 'string' ? frame : JSON.stringify(frame);
    const data = this.agents.size > 1 ? Buffer.from(text) : text;
    for (const c of this.agents) if (c.id !== except && c.ws.readyState === c.ws.OPEN) sendText(c.ws, data);
  }

  /**
   * A group commit's frames, held until its end (`corked`) so that each socket gets them in seq
   * order: a sender's ack would otherwise overtake the live copy of a message committed just before
   * its own in the same batch, and the client would see a hole that is not one. Only each
   * conversation's newest message carries the agents' row (every message of a batch carries the
   * same row), unless a row of that conversation already went out during the batch (null in
   * `rows`), which is as new or newer. Acks of retries (no new message) go out last.
   */
  private batch: {
    messages: { json: Json<Message>; message: Message; visitorId: string; origin: string | undefined }[];
    rows: Map<string, Conversation | null>;
    acks: Map<string, { conn: Connection; clientId: string; message: Message }[]>;
  } | null = null;

  /** Answer a send: now, or inside a batch just before the message's copies to everyone else. */
  ack(conn: Connection, clientId: string, message: Message): void {
    if (!this.batch) return sendAck(conn, clientId, message);
    const list = this.batch.acks.get(message.id);
    if (list) list.push({ conn, clientId, message });
    else this.batch.acks.set(message.id, [{ conn, clientId, message }]);
  }

  /** A new message to its visitor's tabs (never the agents' row) and to the agents, with the row or not. */
  private publishMessage(json: Json<Message>, message: Message, visitorId: string, conversation: Conversation | null, origin: string | undefined): void {
    this.toVisitor(visitorId, messageFrame(json), origin, message);
    if (!this.agents.size) return;
    const row = conversation ? toJson(conversation) : null;
    const text = row ? encodeFrame('message', { message: json, conversation: row }) : messageFrame(json);
    const data = this.agents.size > 1 ? Buffer.from(text) : text;
    for (const c of this.agents) {
      if (c.ws.readyState !== c.ws.OPEN) continue;
      // The sending agent has its ack; an agent whose replay sent it has it too: both get the row alone.
      if (c.id !== origin && this.fresh(c, message)) sendText(c.ws, data);
      else if (row) sendText(c.ws, encodeFrame('conversation', { conversation: row }));
    }
  }

  /** Any other conversation row for agents: now, and it supersedes the one a batch would send. */
  private rowToAgents(conversation: Conversation): void {
    this.batch?.rows.set(conversation.id, null);
    this.toAgents({ type: 'conversation', conversation });
  }

  private flushBatch(batch: NonNullable<Hub['batch']>): void {
    const newest = new Map<string, number>();
    batch.messages.forEach((m, i) => newest.set(m.message.conversationId, i));
    batch.messages.forEach((m, i) => {
      for (const a of batch.acks.get(m.message.id) ?? []) sendAck(a.conn, a.clientId, a.message);
      batch.acks.delete(m.message.id);
      const row = newest.get(m.message.conversationId) === i ? (batch.rows.get(m.message.conversationId) ?? null) : null;
      this.publishMessage(m.json, m.message, m.visitorId, row, m.origin);
    });
    for (const list of batch.acks.values()) for (const a of list) sendAck(a.conn, a.clientId, a.message);
  }

  /**
   * Relay a typing indicator (not stored). Agents see everyone but themselves; the visitor's sockets
   * see agents typing (never another visitor's: a conversation has one visitor).
   */
  typing(frame: Omit<Extract<ServerFrame, { type: 'typing' }>, 'type'>, visitorId: string, origin: string): void {
    this.toAgents({ type: 'typing', ...frame }, origin);
    if (frame.author === 'agent') this.toVisitor(visitorId, { type: 'typing', ...frame }, origin);
  }

  /**
   * Every socket here is closed with 1012 (after a gap in the cluster's bus, or when this instance
   * drains), spread over `spreadMs` so their clients do not all reconnect in the same instant.
   */
  closeAll(reason: string, spreadMs: number): void {
    // A snapshot: closing takes sockets out of these sets.
    const all: Connection[] = Array.from(this.agents);
    for (const set of this.visitors.values()) all.push(...set);
    for (const c of all) {
      const close = () => {
        if (c.ws.readyState === c.ws.OPEN) c.ws.close(CloseCode.ServiceRestart, reason);
      };
      if (spreadMs <= 0) close();
      else setTimeout(close, Math.random() * spreadMs).unref();
    }
  }

  /** Route one domain event to every socket allowed to see it. */
  handle(event: DomainEvent): void {
    switch (event.type) {
      case 'typing':
        this.typing(event.frame, event.visitorId, event.origin);
        break;
      // Events of the cluster's bus may have been missed: clients resume from storage, which has them all.
      case 'bus.gap':
        this.closeAll('missed events; resume', 2000);
        break;
      case 'message.created': {
        const json = messageJson(event.message);
        const { conversation, message, origin } = event;
        if (!this.batch) {
          this.publishMessage(json, message, conversation.visitorId, conversation, origin);
          break;
        }
        this.batch.messages.push({ json, message, visitorId: conversation.visitorId, origin });
        if (!this.batch.rows.has(conversation.id)) this.batch.rows.set(conversation.id, conversation);
        break;
      }
      case 'conversation.created':
        this.rowToAgents(event.conversation);
        break;
      case 'conversation.updated':
        this.rowToAgents(event.conversation);
        this.toVisitor(event.conversation.visitorId, {
          type: 'conversation.status',
          conversation: toVisitorConversation(event.conversation),
        });
        break;
      // Ratings: agents get the row with its rating; the visitor's tabs (the rater's too,
      // as its answer) learn it was stored, so none of them asks again.
      case 'conversation.rated':
        this.rowToAgents(event.conversation);
        this.toVisitor(event.conversation.visitorId, { type: 'conversation.rated', conversationId: event.conversation.id, rating: event.rating });
        break;
      // Notes and presence go to agent sockets only: a visitor never receives a note.
      case 'note.created':
        this.toAgents({ type: 'note', note: event.note });
        break;
      case 'agent.presence':
        this.toAgents({ type: 'agent.presence', agent: event.agent });
        break;
      case 'visitor.live':
        this.toAgents({ type: 'visitor.live', visitor: event.visitor });
        break;
      case 'visitor.left':
        this.toAgents({ type: 'visitor.left', visitorId: event.visitorId });
        break;
      // Read receipts go to both sides and to the reader's other tabs.
      case 'read': {
        const frame: ServerFrame = { type: 'read', conversationId: event.conversationId, reader: event.reader, seq: event.seq };
        this.toVisitor(event.visitorId, frame, event.origin);
        this.toAgents(frame, event.origin);
        break;
      }
      case 'availability': {
        const data = JSON.stringify({ type: 'availability', available: event.available } satisfies ServerFrame);
        for (const set of this.visitors.values()) for (const c of set) if (c.ws.readyState === c.ws.OPEN) sendText(c.ws, data);
        break;
      }
      case 'visitor.deleted':
        // oxlint-disable-next-line unicorn/no-useless-spread -- a snapshot: closing a socket takes it out of this set
        for (const c of [...(this.visitors.get(event.visitorId) ?? [])]) {
          send(c, { type: 'error', code: 'unauthorized', message: 'This visitor no longer exists' });
          c.ws.close(CloseCode.Unauthorized, 'visitor deleted');
        }
        break;
      // Agents drop the site's conversations from their lists (its visitors' sockets are closed in server.ts, which knows them all).
      case 'site.deleted':
        this.toAgents({ type: 'site.deleted', siteId: event.siteId });
        break;
      // Every console's site pickers and settings follow a site created or changed by another admin.
      case 'cache.changed':
        if (event.what === 'sites') this.toAgents({ type: 'sites.changed' });
        break;
      case 'agent.logged_out':
        for (const c of this.agents) {
          if (c.state.kind === 'agent' && c.state.sessionHash === event.sessionHash) {
            send(c, { type: 'error', code: 'unauthorized', message: 'Logged out' });
            c.ws.close(CloseCode.Unauthorized, 'logged out');
          }
        }
        break;
      // Deactivated, password changed, "log out everywhere": every socket of the agent but the asking
      // session's closes now, not at its next frame, so taken-back access ends at once.
      case 'agent.sessions_ended':
        // oxlint-disable-next-line unicorn/no-useless-spread -- a snapshot: closing a socket takes it out of this set
        for (const c of [...this.agents]) {
          if (c.state.kind === 'agent' && c.state.agentId === event.agentId && c.state.sessionHash !== event.keepSessionHash) {
            send(c, { type: 'error', code: 'unauthorized', message: event.reason === 'deactivated' ? 'Your account was deactivated' : 'Session ended' });
            c.ws.close(CloseCode.Unauthorized, 'session ended');
          }
        }
        break;
    }
  }

  /**
   * Run a group commit's flush: every socket's frames (acks, copies, rows) go out with one write per
   * socket at the end, and a conversation with several messages in the batch sends its row to the
   * agents once instead of once per message (`pnpm bench`, --cpu-prof).
   */
  corked<T>(fn: () => T): T {
    return batchWrites(() => {
      if (this.batch) return fn();
      const batch = (this.batch = { messages: [], rows: new Map(), acks: new Map() });
      try {
        return fn();
      } finally {
        this.batch = null;
        this.flushBatch(batch);
      }
    });
  }

  /** Number of open sockets, for health and tests. */
  get size(): number {
    let n = this.agents.size;
    for (const s of this.visitors.values()) n += s.size;
    return n;
  }
}
