/**
 * Which webhook events a domain event is, and their `data`: the public wire shapes of shared/
 * (conversation, message, rating, visitor), never a secret and never a note (notes are their own
 * domain event, which maps to nothing). Only visitor and agent messages are sent: system messages
 * are notices about changes the other events already carry, and bots write as agents.
 */
import type { Message, WebhookData, WebhookEvent } from '@atendo/shared';
import type { DomainEvent } from '../events';

export interface Outgoing<T extends WebhookEvent = WebhookEvent> {
  type: T;
  /** The site the event belongs to (null: unknown), for endpoints limited to one site. */
  siteId: string | null;
  data: WebhookData[T];
}

export interface PayloadContext {
  /** Attachment links are made absolute with it. */
  publicUrl: string;
  agentName: (agentId: string) => string | null;
}

function absolute(message: Message, publicUrl: string): Message {
  if (!message.attachment) return message;
  return { ...message, attachment: { ...message.attachment, url: publicUrl + message.attachment.url } };
}

function one<T extends WebhookEvent>(type: T, siteId: string | null, data: WebhookData[T]): Outgoing[] {
  return [{ type, siteId, data } as Outgoing];
}

/** The webhook events (none, one or two) a domain event raised on this instance stands for. */
export function webhookEvents(event: DomainEvent, ctx: PayloadContext): Outgoing[] {
  switch (event.type) {
    case 'conversation.created':
      return one('conversation.created', event.conversation.siteId, { conversation: event.conversation });
    case 'conversation.updated': {
      const { conversation, previous } = event;
      if (!previous) return [];
      const out: Outgoing[] = [];
      if (previous.status !== undefined && previous.status !== conversation.status) {
        out.push(...one('conversation.status_changed', conversation.siteId, { conversation, previousStatus: previous.status }));
      }
      if (previous.assigneeId !== undefined && previous.assigneeId !== (conversation.assigneeId ?? null)) {
        const id = conversation.assigneeId ?? null;
        const assignee = id ? { id, name: ctx.agentName(id) ?? '' } : null;
        out.push(...one('conversation.assigned', conversation.siteId, { conversation, previousAssigneeId: previous.assigneeId, assignee }));
      }
      return out;
    }
    case 'message.created': {
      const { message, conversation } = event;
      // The bot's answers too (author `bot`, its articles in `bot`); system lines are not messages of anyone.
      if (message.author === 'system') return [];
      return one('message.created', conversation.siteId, { message: absolute(message, ctx.publicUrl), conversation });
    }
    case 'conversation.rated':
      return one('conversation.rated', event.conversation.siteId, { conversation: event.conversation, rating: event.rating });
    case 'visitor.identified':
      return one('visitor.identified', event.visitor.siteId, { visitor: event.visitor });
    case 'visitor.erased':
      return one('visitor.erased', event.siteId, { visitor: { id: event.visitorId, siteId: event.siteId } });
    default:
      return [];
  }
}
