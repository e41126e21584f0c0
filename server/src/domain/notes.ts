import type { Note } from '@atendo/shared';
import type { NoteRow } from '../storage';
import type { NoteStore } from '../storage/console';
import type { ConversationService } from './conversations';
import type { Bus } from '../state';
import { newSortableId } from './ids';

/**
 * Internal notes. They live in their own table, outside the messages' seq sequence, so the visitor
 * replay, the visitor REST paths and the widget's gap detection never see (or miss) one; the event
 * is routed to agent sockets only.
 */
export class NoteService {
  constructor(
    private store: NoteStore,
    private bus: Bus,
    private conversations: ConversationService,
    private authorName: (agentId: string) => string | null,
  ) {}

  private toNote(row: NoteRow): Note {
    return { ...row, authorName: row.agentId ? this.authorName(row.agentId) : null };
  }

  async list(conversationId: string): Promise<Note[]> {
    await this.conversations.get(conversationId);
    return (await this.store.list(conversationId)).map((r) => this.toNote(r));
  }

  async add(conversationId: string, agentId: string, body: string): Promise<Note> {
    await this.conversations.get(conversationId); // not_found for an unknown conversation
    const row: NoteRow = { id: newSortableId(), conversationId, agentId, body, createdAt: Date.now() };
    await this.store.add(row);
    const note = this.toNote(row);
    this.bus.emit({ type: 'note.created', note });
    return note;
  }
}
