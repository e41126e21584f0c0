import { asc, eq } from 'drizzle-orm';
import type { Note } from '@atendo/shared';
import type { Db } from '../storage/sqlite/client';
import { notes } from '../storage/sqlite/schema';
import type { ConversationService } from './conversations';
import type { EventBus } from './events';
import { newSortableId } from './ids';

type NoteRow = typeof notes.$inferSelect;

/**
 * Internal notes. They live in their own table, outside the messages' seq sequence, so the visitor
 * replay, the visitor REST paths and the widget's gap detection never see (or miss) one; the event
 * is routed to agent sockets only.
 */
export class NoteService {
  constructor(
    private db: Db,
    private bus: EventBus,
    private conversations: ConversationService,
    private authorName: (agentId: string) => string | null,
  ) {}

  private toNote(row: NoteRow): Note {
    return { ...row, authorName: row.agentId ? this.authorName(row.agentId) : null };
  }

  list(conversationId: string): Note[] {
    this.conversations.get(conversationId);
    return this.db
      .select()
      .from(notes)
      .where(eq(notes.conversationId, conversationId))
      .orderBy(asc(notes.createdAt))
      .all()
      .map((r) => this.toNote(r));
  }

  add(conversationId: string, agentId: string, body: string): Note {
    this.conversations.get(conversationId); // not_found for an unknown conversation
    const row: NoteRow = { id: newSortableId(), conversationId, agentId, body, createdAt: Date.now() };
    this.db.insert(notes).values(row).run();
    const note = this.toNote(row);
    this.bus.emit({ type: 'note.created', note });
    return note;
  }
}
