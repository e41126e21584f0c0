import type { Conversation, Message, ViewCounts } from '@atendo/shared';
import type { ConversationStore } from '../storage/conversations';
import type { ConversationService } from './conversations';
import { notFound } from './errors';
import type { Bus } from '../state';

/** Inbox-level reads and agent-initiated conversations. */
export class InboxService {
  constructor(
    private store: ConversationStore,
    private bus: Bus,
    private conversations: ConversationService,
  ) {}

  /** Conversations with unread visitor messages per view (unassigned / mine / all × status). */
  unreadCounts(agentId: string, siteId?: string): Promise<ViewCounts> {
    return this.store.unreadCounts(agentId, siteId);
  }

  /**
   * Proactive support: an agent writes first to a visitor on the site. Uses the visitor's open
   * conversation, or opens one assigned to the agent. The visitor's widget receives the message
   * and a `conversation.status` for the conversation.
   */
  async startWithVisitor(
    agent: { id: string; name: string },
    visitorId: string,
    clientId: string,
    body: string,
  ): Promise<{ conversation: Conversation; message: Message }> {
    const target = await this.store.openForAgent(visitorId, agent.id);
    if (!target) throw notFound('Visitor');
    const { id } = target;
    if (target.opened) this.bus.emit({ type: 'conversation.created', conversation: await this.conversations.get(id) });
    const { message } = await this.conversations.send({ kind: 'agent', agentId: agent.id, agentName: agent.name }, { conversationId: id, clientId, body });
    const conversation = await this.conversations.get(id);
    this.bus.emit({ type: 'conversation.updated', conversation });
    return { conversation, message };
  }
}
