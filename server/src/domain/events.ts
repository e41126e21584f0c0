import type { Bus } from '../state';
import { newId } from './ids';
import type { AgentSummary, Conversation, ConversationStatus, LiveVisitor, Message, Note, Rating, ServerFrame } from '@atendo/shared';

/** What domain services announce after a commit; the broadcaster maps these to sockets. */
export type DomainEvent =
  | {
      type: 'message.created';
      message: Message;
      conversation: Conversation;
      /** Connection that sent it: it gets an ack, not a copy. */ origin?: string | undefined;
    }
  | { type: 'conversation.created'; conversation: Conversation }
  | {
      type: 'conversation.updated';
      conversation: Conversation;
      /** What the status or the assignee was, when this change is one of those (webhooks tell them apart). */
      previous?: { status?: ConversationStatus; assigneeId?: string | null } | undefined;
    }
  /** The visitor answered the end of conversation survey. */
  | { type: 'conversation.rated'; conversation: Conversation; rating: Rating }
  | { type: 'agent.logged_out'; agentId: string; sessionHash: string }
  /**
   * Sessions of an agent ended at once (deactivated, password changed, "log out everywhere"): their
   * sockets are closed, except those of `keepSessionHash` (the one that asked).
   */
  | {
      type: 'agent.sessions_ended';
      agentId: string;
      keepSessionHash?: string | undefined;
      reason: 'deactivated' | 'password_changed' | 'logged_out_everywhere';
    }
  /**
   * A site's identity secret was rotated (the tokens of its verified contacts were invalidated) or
   * "Require verified identity" is now on: every visitor socket that no longer qualifies must go.
   */
  | { type: 'site.identity_changed'; siteId: string; secretRotated: boolean; identityRequired: boolean }
  /** An admin deleted a site with its conversations and visitors: its visitors' sockets go, agents drop its rows. */
  | { type: 'site.deleted'; siteId: string }
  /** A visitor's identity was verified, or they gave a name or e-mail (webhooks only). */
  | {
      type: 'visitor.identified';
      visitor: { id: string; siteId: string; name: string | null; email: string | null; externalId: string | null; verified: boolean };
    }
  /** A visitor was erased on request (LGPD/GDPR), not merged (webhooks only; `visitor.deleted` closes sockets). */
  | { type: 'visitor.erased'; visitorId: string; siteId: string }
  /** Erased (LGPD/GDPR request) or merged into a verified contact: its sockets must go. */
  | { type: 'visitor.deleted'; visitorId: string }
  /** Console: agents only, never visitors. */
  | { type: 'note.created'; note: Note }
  | { type: 'agent.presence'; agent: AgentSummary }
  | { type: 'visitor.live'; visitor: LiveVisitor }
  | { type: 'visitor.left'; visitorId: string }
  /** Whether any agent is online changed: visitors are told (widget shows "leave a message"). */
  | { type: 'availability'; available: boolean }
  /** A typing indicator (not stored; losing one is harmless). `origin`, the connection typing, gets no copy. */
  | { type: 'typing'; frame: Omit<Extract<ServerFrame, { type: 'typing' }>, 'type'>; visitorId: string; origin: string }
  /**
   * Presence facts of one instance, absolute (applying one twice changes nothing): whether an agent
   * has a console open there, and a visitor's live entry there (null: no widget open there now).
   * Every instance keeps a mirror of every instance's facts (domain/presence.ts).
   */
  | { type: 'presence.agent'; instanceId: string; agentId: string; connected: boolean }
  | { type: 'presence.visitor'; instanceId: string; visitorId: string; live: LiveVisitor | null }
  /** An instance stopped (or its heartbeats did): its presence facts no longer hold. */
  | { type: 'instance.gone'; instanceId: string }
  /** What every instance keeps in memory changed: the others read it again (the sites, for the upgrade check). */
  | { type: 'cache.changed'; what: 'sites' | 'webhooks' }
  /**
   * This instance may have missed events of the cluster's bus (local only): its sockets are closed
   * (1012) so their clients resume from storage.
   */
  | { type: 'bus.gap'; reason: string }
  /** Read receipt: `reader` read `conversationId` up to `seq`. */
  | {
      type: 'read';
      conversationId: string;
      visitorId: string;
      reader: 'visitor' | 'agent';
      seq: number;
      /** Connection that said so. */ origin?: string | undefined;
    };

/** `remote`: the event was emitted by another instance (it arrived over the cluster's bus). */
export type Listener = (event: DomainEvent, remote: boolean) => void;

/**
 * The in-memory `Bus` (state/index.ts): synchronous, one process. Listeners run after the
 * transaction that caused the event. The Redis bus (state/redis/bus.ts) extends it: the same local
 * delivery, and every instance's events besides.
 */
export class EventBus implements Bus {
  private listeners = new Set<Listener>();
  readonly instanceId: string;

  constructor(instanceId: string = newId()) {
    this.instanceId = instanceId;
  }

  on(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: DomainEvent): void {
    this.deliver(event, false);
  }

  local(event: DomainEvent): void {
    this.deliver(event, false);
  }

  protected deliver(event: DomainEvent, remote: boolean): void {
    for (const l of this.listeners) {
      try {
        l(event, remote);
      } catch (err) {
        // A broken listener must not undo a committed write or starve the others.
        console.error('event listener failed', err);
      }
    }
  }
}
