/** The PostgreSQL stores of the console's own data: canned replies, internal notes, tags. */
import { and, asc, eq, ne } from 'drizzle-orm';
import type { CannedReplyStore, NoteStore, TagStore } from '../console';
import type { CannedReplyRow, NoteRow } from '../types';
import type { PgDb } from './client';
import { isUniqueViolation } from './errors';
import { cannedReplies, conversations, notes, tags } from './schema';

export class PgCannedReplyStore implements CannedReplyStore {
  constructor(private db: PgDb) {}

  async list(): Promise<CannedReplyRow[]> {
    return this.db.select().from(cannedReplies).orderBy(asc(cannedReplies.shortcut));
  }

  /** The unique index on the shortcut decides, in one statement: of racing creates one inserts, the others do nothing. */
  async create(row: CannedReplyRow): Promise<boolean> {
    const inserted = await this.db
      .insert(cannedReplies)
      .values(row)
      .onConflictDoNothing({ target: cannedReplies.shortcut })
      .returning({ id: cannedReplies.id });
    return inserted.length > 0;
  }

  /**
   * 'taken' is checked before the reply is looked for (the contract's order). Another instance can
   * take the shortcut between the check and the update: the unique index refuses it then (23505).
   */
  async update(id: string, input: { shortcut: string; body: string }): Promise<CannedReplyRow | 'taken' | undefined> {
    const { shortcut, body } = input;
    const [other] = await this.db
      .select({ id: cannedReplies.id })
      .from(cannedReplies)
      .where(and(eq(cannedReplies.shortcut, shortcut), ne(cannedReplies.id, id)))
      .limit(1);
    if (other) return 'taken';
    try {
      const [row] = await this.db.update(cannedReplies).set({ shortcut, body }).where(eq(cannedReplies.id, id)).returning();
      return row;
    } catch (e) {
      if (isUniqueViolation(e)) return 'taken';
      throw e;
    }
  }

  async remove(id: string): Promise<boolean> {
    return ((await this.db.delete(cannedReplies).where(eq(cannedReplies.id, id))).rowCount ?? 0) > 0;
  }
}

export class PgNoteStore implements NoteStore {
  constructor(private db: PgDb) {}

  async list(conversationId: string): Promise<NoteRow[]> {
    return this.db.select().from(notes).where(eq(notes.conversationId, conversationId)).orderBy(asc(notes.createdAt));
  }

  async add(row: NoteRow): Promise<void> {
    await this.db.insert(notes).values(row);
  }
}

export class PgTagStore implements TagStore {
  constructor(private db: PgDb) {}

  async catalogue(): Promise<string[]> {
    const rows = await this.db.select({ name: tags.name }).from(tags).orderBy(asc(tags.name));
    return rows.map((r) => r.name);
  }

  /**
   * The names go into the catalogue in ONE statement, each once and sorted. A name another
   * transaction has just inserted makes this one wait until it commits; SQLite's loop of one insert
   * per name in the caller's order would let ['a','b'] and ['b','a'] wait on each other (a deadlock,
   * 40P01; claims.test.ts catches it).
   */
  async setConversationTags(conversationId: string, names: readonly string[], now: number): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const changed = await tx
        .update(conversations)
        .set({ tags: JSON.stringify(names) })
        .where(eq(conversations.id, conversationId));
      if (!changed.rowCount) return false;
      const catalogue = [...new Set(names)].sort().map((name) => ({ name, createdAt: now }));
      if (catalogue.length) await tx.insert(tags).values(catalogue).onConflictDoNothing();
      return true;
    });
  }
}
