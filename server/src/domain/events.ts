import type { Conversation, Message } from '@atendo/shared';

/** What domain services announce after a commit; the broadcaster maps these to sockets. */
export type DomainEvent =
  | { type: 'message.created'; message: Message; conversation: Conversation; /** Connection that sent it: it gets an ack, not a copy. */ origin?: string | undefined }
  | { type: 'conversation.created'; conversation: Conversation }
  | { type: 'conversation.updated'; conversation: Conversation }
  | { type: 'agent.logged_out'; agentId: string; sessionHash: string };

export type Listener = (event: DomainEvent) => void;

/** A tiny synchronous event bus. Listeners run after the transaction that caused the event. */
export class EventBus {
  private listeners = new Set<Listener>();

  on(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: DomainEvent): void {
    for (const l of this.listeners) {
      try {
        l(event);
      } catch (err) {
        // A broken listener must not undo a committed write or starve the others.
        console.error('event listener failed', err);
      }
    }
  }
}
