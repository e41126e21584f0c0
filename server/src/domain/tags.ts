import { asc, eq } from 'drizzle-orm';
import type { Conversation } from '@atendo/shared';
import type { Db } from '../storage/sqlite/client';
import { conversations, tags } from '../storage/sqlite/schema';
import type { ConversationService } from './conversations';
import type { EventBus } from './events';

/** Tags on conversations, and the catalogue of names used so far (for suggestions). */
export class TagService {
  constructor(
    private db: Db,
    private bus: EventBus,
    private conversations: ConversationService,
  ) {}

  catalogue(): string[] {
    return this.db
      .select({ name: tags.name })
      .from(tags)
      .orderBy(asc(tags.name))
      .all()
      .map((r) => r.name);
  }

  /** Replace a conversation's tags (names already normalized by the schema). */
  set(conversationId: string, names: string[]): Conversation {
    this.conversations.get(conversationId);
    const now = Date.now();
    this.db.transaction((tx) => {
      tx.update(conversations)
        .set({ tags: JSON.stringify(names) })
        .where(eq(conversations.id, conversationId))
        .run();
      for (const name of names) tx.insert(tags).values({ name, createdAt: now }).onConflictDoNothing().run();
    });
    const conversation = this.conversations.get(conversationId);
    this.bus.emit({ type: 'conversation.updated', conversation });
    return conversation;
  }
}
