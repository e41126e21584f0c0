import { CloseCode, type ServerFrame } from '@atendo/shared';
import type { DomainEvent } from '../domain/events';
import { toVisitorConversation } from '../domain/conversations';
import { send, type Connection } from './connection';

/**
 * The broadcaster: knows which sockets are open for whom and maps domain events to frames for
 * every socket allowed to see them. A visitor only ever receives frames of their own conversations.
 */
export class Hub {
  readonly agents = new Set<Connection>();
  private visitors = new Map<string, Set<Connection>>();

  addAgent(conn: Connection): void {
    this.agents.add(conn);
  }

  addVisitor(visitorId: string, conn: Connection): void {
    let set = this.visitors.get(visitorId);
    if (!set) this.visitors.set(visitorId, (set = new Set()));
    set.add(conn);
  }

  remove(conn: Connection): void {
    this.agents.delete(conn);
    if (conn.state.kind === 'visitor' && conn.state.visitorId) {
      const set = this.visitors.get(conn.state.visitorId);
      set?.delete(conn);
      if (set?.size === 0) this.visitors.delete(conn.state.visitorId);
    }
  }

  private toVisitor(visitorId: string, frame: ServerFrame, except?: string): void {
    const set = this.visitors.get(visitorId);
    if (!set) return;
    const data = JSON.stringify(frame);
    for (const c of set) if (c.id !== except && c.ws.readyState === c.ws.OPEN) c.ws.send(data);
  }

  private toAgents(frame: ServerFrame, except?: string): void {
    const data = JSON.stringify(frame);
    for (const c of this.agents) if (c.id !== except && c.ws.readyState === c.ws.OPEN) c.ws.send(data);
  }

  /**
   * Relay a typing indicator (not stored). Agents see everyone but themselves; the visitor's sockets
   * see agents typing (never another visitor's: a conversation has one visitor).
   */
  typing(frame: Omit<Extract<ServerFrame, { type: 'typing' }>, 'type'>, visitorId: string, origin: string): void {
    this.toAgents({ type: 'typing', ...frame }, origin);
    if (frame.author === 'agent') this.toVisitor(visitorId, { type: 'typing', ...frame }, origin);
  }

  /** Route one domain event to every socket allowed to see it. */
  handle(event: DomainEvent): void {
    switch (event.type) {
      case 'message.created':
        this.toVisitor(event.conversation.visitorId, { type: 'message', message: event.message }, event.origin);
        this.toAgents({ type: 'message', message: event.message }, event.origin);
        this.toAgents({ type: 'conversation', conversation: event.conversation });
        break;
      case 'conversation.created':
        this.toAgents({ type: 'conversation', conversation: event.conversation });
        break;
      case 'conversation.updated':
        this.toAgents({ type: 'conversation', conversation: event.conversation });
        this.toVisitor(event.conversation.visitorId, {
          type: 'conversation.status',
          conversation: toVisitorConversation(event.conversation),
        });
        break;
      // Ratings (issue 6): agents get the row with its rating; the visitor's tabs (the rater's too,
      // as its answer) learn it was stored, so none of them asks again.
      case 'conversation.rated':
        this.toAgents({ type: 'conversation', conversation: event.conversation });
        this.toVisitor(event.conversation.visitorId, { type: 'conversation.rated', conversationId: event.conversation.id, rating: event.rating });
        break;
      // Console (issue 5). Notes and presence go to agent sockets only: a visitor never receives a note.
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
      // Delivery (issue 3): read receipts go to both sides and to the reader's other tabs.
      case 'read': {
        const frame: ServerFrame = { type: 'read', conversationId: event.conversationId, reader: event.reader, seq: event.seq };
        this.toVisitor(event.visitorId, frame, event.origin);
        this.toAgents(frame, event.origin);
        break;
      }
      case 'availability': {
        const data = JSON.stringify({ type: 'availability', available: event.available } satisfies ServerFrame);
        for (const set of this.visitors.values()) for (const c of set) if (c.ws.readyState === c.ws.OPEN) c.ws.send(data);
        break;
      }
      case 'visitor.deleted':
        for (const c of [...(this.visitors.get(event.visitorId) ?? [])]) {
          send(c, { type: 'error', code: 'unauthorized', message: 'This visitor no longer exists' });
          c.ws.close(CloseCode.Unauthorized, 'visitor deleted');
        }
        break;
      case 'agent.logged_out':
        for (const c of this.agents) {
          if (c.state.kind === 'agent' && c.state.sessionHash === event.sessionHash) {
            send(c, { type: 'error', code: 'unauthorized', message: 'Logged out' });
            c.ws.close(CloseCode.Unauthorized, 'logged out');
          }
        }
        break;
    }
  }

  /**
   * Hold the agents' outgoing bytes while `fn` runs, then write each agent socket's frames with one
   * syscall: a group commit fans out a whole batch at once, and one write per frame per agent was
   * the largest cost left in the send path (`pnpm bench`, --cpu-prof).
   */
  corked<T>(fn: () => T): T {
    const sockets: { cork(): void; uncork(): void }[] = [];
    for (const c of this.agents) {
      // ws keeps its net.Socket in `_socket`; corking it only delays the flush, frames stay intact.
      const socket = (c.ws as unknown as { _socket?: { cork(): void; uncork(): void } })._socket;
      if (socket) {
        socket.cork();
        sockets.push(socket);
      }
    }
    try {
      return fn();
    } finally {
      for (const s of sockets) s.uncork();
    }
  }

  /** Number of open sockets, for health and tests. */
  get size(): number {
    let n = this.agents.size;
    for (const s of this.visitors.values()) n += s.size;
    return n;
  }
}
