/** The SQLite `AttachmentStore`: attachments' metadata rows (the bytes are the Blobs port's). */
import { and, asc, eq, isNull, lt } from 'drizzle-orm';
import type { AttachmentStore } from '../attachments';
import type { AttachmentRow } from '../types';
import type { Db } from './client';
import { attachments } from './schema';

export class SqliteAttachmentStore implements AttachmentStore {
  constructor(private db: Db) {}

  async insert(row: AttachmentRow): Promise<void> {
    this.db.insert(attachments).values(row).run();
  }

  async get(id: string): Promise<AttachmentRow | undefined> {
    return this.db.select().from(attachments).where(eq(attachments.id, id)).get();
  }

  async unsentBy(visitorId: string): Promise<AttachmentRow[]> {
    return this.db
      .select()
      .from(attachments)
      .where(and(eq(attachments.uploaderKind, 'visitor'), eq(attachments.uploaderId, visitorId), isNull(attachments.conversationId)))
      .orderBy(asc(attachments.createdAt))
      .all();
  }

  async deleteOrphans(before: number): Promise<string[]> {
    return this.db
      .delete(attachments)
      .where(and(isNull(attachments.conversationId), lt(attachments.createdAt, before)))
      .returning({ id: attachments.id })
      .all()
      .map((r) => r.id);
  }
}
