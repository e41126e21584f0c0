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

  /** Number of open sockets, for health and tests. */
  get size(): number {
    let n = this.agents.size;
    for (const s of this.visitors.values()) n += s.size;
    return n;
  }
}
