/** The SQLite stores of the console's own data: canned replies, internal notes, tags. */
import { and, asc, eq, ne } from 'drizzle-orm';
import type { CannedReplyStore, NoteStore, TagStore } from '../console';
import type { CannedReplyRow, NoteRow } from '../types';
import type { Db } from './client';
import { cannedReplies, conversations, notes, tags } from './schema';

/** Read, then write: take the write lock first (a commit on the writer thread's connection in between would fail the upgrade). */
const IMMEDIATE = { behavior: 'immediate' } as const;

/** The unique index on canned_replies.shortcut refused a write (the check in the transaction normally answers first). */
function isUniqueViolation(e: unknown): boolean {
  return (e as { code?: unknown } | null)?.code === 'SQLITE_CONSTRAINT_UNIQUE';
}

export class SqliteCannedReplyStore implements CannedReplyStore {
  constructor(private db: Db) {}

  async list(): Promise<CannedReplyRow[]> {
    return this.db.select().from(cannedReplies).orderBy(asc(cannedReplies.shortcut)).all();
  }

  async create(row: CannedReplyRow): Promise<boolean> {
    try {
      return this.db.transaction((tx) => {
        if (tx.select({ id: cannedReplies.id }).from(cannedReplies).where(eq(cannedReplies.shortcut, row.shortcut)).get()) return false;
        tx.insert(cannedReplies).values(row).run();
        return true;
      }, IMMEDIATE);
    } catch (e) {
      if (isUniqueViolation(e)) return false;
      throw e;
    }
  }

  async update(id: string, input: { shortcut: string; body: string }): Promise<CannedReplyRow | 'taken' | undefined> {
    const { shortcut, body } = input;
    try {
      return this.db.transaction((tx) => {
        const other = tx
          .select({ id: cannedReplies.id })
          .from(cannedReplies)
          .where(and(eq(cannedReplies.shortcut, shortcut), ne(cannedReplies.id, id)))
          .get();
        if (other) return 'taken' as const;
        return tx.update(cannedReplies).set({ shortcut, body }).where(eq(cannedReplies.id, id)).returning().get();
      }, IMMEDIATE);
    } catch (e) {
      if (isUniqueViolation(e)) return 'taken';
      throw e;
    }
  }

  async remove(id: string): Promise<boolean> {
    return this.db.delete(cannedReplies).where(eq(cannedReplies.id, id)).run().changes > 0;
  }
}

export class SqliteNoteStore implements NoteStore {
  constructor(private db: Db) {}

  async list(conversationId: string): Promise<NoteRow[]> {
    return this.db.select().from(notes).where(eq(notes.conversationId, conversationId)).orderBy(asc(notes.createdAt)).all();
  }

  async add(row: NoteRow): Promise<void> {
    this.db.insert(notes).values(row).run();
  }
}

export class SqliteTagStore implements TagStore {
  constructor(private db: Db) {}

  async catalogue(): Promise<string[]> {
    return this.db
      .select({ name: tags.name })
      .from(tags)
      .orderBy(asc(tags.name))
      .all()
      .map((r) => r.name);
  }

  async setConversationTags(conversationId: string, names: readonly string[], now: number): Promise<boolean> {
    return this.db.transaction((tx) => {
      const changed = tx
        .update(conversations)
        .set({ tags: JSON.stringify(names) })
        .where(eq(conversations.id, conversationId))
        .run().changes;
      if (!changed) return false;
      for (const name of names) tx.insert(tags).values({ name, createdAt: now }).onConflictDoNothing().run();
      return true;
    }, IMMEDIATE);
  }
}
