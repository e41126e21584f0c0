/** The PostgreSQL `AttachmentStore`: attachments' metadata rows (the bytes are the Blobs port's). */
import { and, asc, eq, isNull, lt } from 'drizzle-orm';
import type { AttachmentStore } from '../attachments';
import type { AttachmentRow } from '../types';
import type { PgDb } from './client';
import { attachments } from './schema';

export class PgAttachmentStore implements AttachmentStore {
  constructor(private db: PgDb) {}

  async insert(row: AttachmentRow): Promise<void> {
    await this.db.insert(attachments).values(row);
  }

  async get(id: string): Promise<AttachmentRow | undefined> {
    const [row] = await this.db.select().from(attachments).where(eq(attachments.id, id));
    return row;
  }

  async unsentBy(visitorId: string): Promise<AttachmentRow[]> {
    return this.db
      .select()
      .from(attachments)
      .where(and(eq(attachments.uploaderKind, 'visitor'), eq(attachments.uploaderId, visitorId), isNull(attachments.conversationId)))
      .orderBy(asc(attachments.createdAt));
  }

  /**
   * One DELETE … RETURNING, so two instances sweeping at once split the rows: the second waits on
   * the first's row locks and skips the rows that are gone, and each id (whose file the caller then
   * deletes) is returned once. A row the send path is linking meanwhile is locked by it (FOR NO KEY
   * UPDATE): the sweep waits, sees `conversation_id` set and leaves the row.
   */
  async deleteOrphans(before: number): Promise<string[]> {
    const rows = await this.db
      .delete(attachments)
      .where(and(isNull(attachments.conversationId), lt(attachments.createdAt, before)))
      .returning({ id: attachments.id });
    return rows.map((r) => r.id);
  }
}
