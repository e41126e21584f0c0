import type { Conversation } from '@atendo/shared';
import type { TagStore } from '../storage/console';
import type { ConversationService } from './conversations';
import type { Bus } from '../state';
import { notFound } from './errors';

/** Tags on conversations, and the catalogue of names used so far (for suggestions). */
export class TagService {
  constructor(
    private store: TagStore,
    private bus: Bus,
    private conversations: ConversationService,
  ) {}

  async catalogue(): Promise<string[]> {
    return this.store.catalogue();
  }

  /** Replace a conversation's tags (names already normalized by the schema). */
  async set(conversationId: string, names: string[]): Promise<Conversation> {
    await this.conversations.get(conversationId);
    if (!(await this.store.setConversationTags(conversationId, names, Date.now()))) throw notFound('Conversation');
    const conversation = await this.conversations.get(conversationId);
    this.bus.emit({ type: 'conversation.updated', conversation });
    return conversation;
  }
}
