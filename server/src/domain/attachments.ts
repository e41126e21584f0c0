/**
 * Files in chat (issue 6). An upload is streamed to `<dataDir>/uploads/` under a random name (never
 * the uploader's file name), its type decided from its bytes, and a row written with a random access
 * key. A message links it to its conversation in the message's own transaction (`ConversationService`
 * calls `forSend` and `link`). Files are read back only with id + key.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdirSync, unlinkSync } from 'node:fs';
import { open, rename, unlink } from 'node:fs/promises';
import { resolve } from 'node:path';
import { and, asc, eq, inArray, isNull, lt, notExists, or } from 'drizzle-orm';
import { nameForType, type MessageAttachment } from '@atendo/shared';
import type { Db } from '../storage/sqlite/client';
import { attachments, conversations, visitors } from '../storage/sqlite/schema';
import { AppError } from './errors';
import { cleanFileName, mayCarryMacros, sniffType, SNIFF_BYTES } from './file-types';
import { newId } from './ids';

export type AttachmentRow = typeof attachments.$inferSelect;

/** Who uploads: a visitor of a site, or an agent for a conversation's site. */
export interface Uploader {
  kind: 'visitor' | 'agent';
  id: string;
  siteId: string;
}

/** Unattached uploads older than this are deleted (the visitor picked a file and never sent it). */
const ORPHAN_MS = 24 * 3600_000;

const notFound = () => new AppError('not_found', 'Attachment not found');

export class AttachmentService {
  private lastSweep = 0;

  constructor(
    private db: Db,
    /** `<ATENDO_DATA_DIR>/uploads`. */
    readonly dir: string,
  ) {}

  /** Where a stored file lives: its random id, never a name a user chose. */
  path(id: string): string {
    return resolve(this.dir, id);
  }

  /** The wire shape; the URL carries the key. The name fits the type even for a file stored before names did. */
  wire(row: AttachmentRow): MessageAttachment {
    return { id: row.id, name: nameForType(row.name, row.mime), mime: row.mime, size: row.size, url: `/api/v1/attachments/${row.id}/${row.key}` };
  }

  /** The wire shape of a stored attachment by id (for messages), or undefined. */
  wireById(id: string): MessageAttachment | undefined {
    const row = this.db.select().from(attachments).where(eq(attachments.id, id)).get();
    return row ? this.wire(row) : undefined;
  }

  /**
   * Stream an upload to disk, at most `maxBytes`, check what it is, and store it. Throws
   * `payload_too_large` past the limit and `unsupported_media_type` for a type not on the list (or
   * bytes that do not match what the name claims); nothing is kept then.
   */
  async upload(who: Uploader, rawName: string, declaredType: string, body: ReadableStream<Uint8Array> | null, maxBytes: number): Promise<MessageAttachment> {
    mkdirSync(this.dir, { recursive: true });
    const id = newId();
    const part = resolve(this.dir, `.part-${randomBytes(12).toString('hex')}`);
    const fh = await open(part, 'wx', 0o600);
    const head: Uint8Array[] = [];
    let headBytes = 0;
    let size = 0;
    let ok = false;
    try {
      if (body) {
        for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
          size += chunk.byteLength;
          if (size > maxBytes) throw new AppError('payload_too_large', `The file is larger than ${Math.floor(maxBytes / 1024 / 1024)} MB`);
          if (headBytes < SNIFF_BYTES) {
            const take = chunk.subarray(0, SNIFF_BYTES - headBytes);
            head.push(take);
            headBytes += take.byteLength;
          }
          await fh.write(chunk);
        }
      }
      if (size === 0) throw new AppError('bad_request', 'The file is empty');
      const cleaned = cleanFileName(rawName);
      const bytes = Buffer.concat(head);
      const mime = sniffType(bytes, cleaned, declaredType);
      if (!mime && mayCarryMacros(bytes, cleaned)) {
        throw new AppError(
          'unsupported_media_type',
          'Office files that can carry macros (.doc, .xls, .ppt, .docm, .xlsm, .pptm) cannot be sent; save it as .docx, .xlsx, .pptx or PDF',
        );
      }
      if (!mime) throw new AppError('unsupported_media_type', 'This type of file cannot be sent (images, PDF, text, CSV, ZIP and office documents can)');
      // The extension follows the bytes: a PDF named invoice.html is stored (and saved) as invoice.pdf.
      const name = nameForType(cleaned, mime);
      await fh.sync();
      await fh.close();
      await rename(part, this.path(id));
      const row: AttachmentRow = {
        id,
        siteId: who.siteId,
        uploaderKind: who.kind,
        uploaderId: who.id,
        conversationId: null,
        name,
        mime,
        size,
        key: randomBytes(24).toString('base64url'),
        createdAt: Date.now(),
      };
      this.db.insert(attachments).values(row).run();
      ok = true;
      this.sweepOrphans();
      return this.wire(row);
    } finally {
      if (!ok) {
        await fh.close().catch(() => undefined);
        await unlink(part).catch(() => undefined);
        await unlink(this.path(id)).catch(() => undefined);
      }
    }
  }

  /** The stored file for `id` when `key` matches (constant time); the same not_found otherwise. */
  byKey(id: string, key: string): AttachmentRow {
    const row = this.db.select().from(attachments).where(eq(attachments.id, id)).get();
    if (!row) throw notFound();
    const a = Buffer.from(row.key);
    const b = Buffer.from(key);
    if (a.length !== b.length || !timingSafeEqual(a, b)) throw notFound();
    return row;
  }

  /**
   * The attachment a sender may put in a message, checked before the message writes anything:
   * theirs (same kind, id and site), and not already in another conversation. The site and
   * conversation checks for agents happen in `checkConversation`.
   */
  forSend(sender: { kind: 'visitor'; visitorId: string; siteId: string } | { kind: 'agent'; agentId: string }, attachmentId: string): AttachmentRow {
    const row = this.db.select().from(attachments).where(eq(attachments.id, attachmentId)).get();
    // Same answer for "absent" and "someone else's": ids must not be probeable.
    if (!row || row.uploaderKind !== sender.kind) throw notFound();
    if (sender.kind === 'visitor' ? row.uploaderId !== sender.visitorId || row.siteId !== sender.siteId : row.uploaderId !== sender.agentId) throw notFound();
    return row;
  }

  /** Refuse an attachment for `conversationId` unless it is unattached or already there, and of that conversation's site. */
  checkConversation(row: AttachmentRow, conversationId: string | null): void {
    if (row.conversationId !== null && row.conversationId !== conversationId) throw notFound();
    if (conversationId) {
      const conv = this.db.select({ siteId: conversations.siteId }).from(conversations).where(eq(conversations.id, conversationId)).get();
      if (conv && conv.siteId !== row.siteId) throw notFound();
    }
  }

  /** Tie the attachment to the conversation its message went to (inside the message's transaction). */
  link(id: string, conversationId: string): void {
    this.db
      .update(attachments)
      .set({ conversationId })
      .where(and(eq(attachments.id, id), isNull(attachments.conversationId)))
      .run();
  }

  /**
   * Rows of everything a visitor's erasure must take along: what they uploaded and every file in
   * their conversations. Deleted here; the files are removed with `removeFiles` after the commit.
   * Unsent uploads of visitors that no longer exist go too: an anonymous visitor merged into a
   * contact before merges moved uploads (issue 21) left its files under its own, deleted, id.
   */
  deleteForVisitor(tx: Db, visitorId: string, conversationIds: string[]): string[] {
    const mine = and(eq(attachments.uploaderKind, 'visitor'), eq(attachments.uploaderId, visitorId));
    const where = conversationIds.length ? or(mine, inArray(attachments.conversationId, conversationIds)) : mine;
    const gone = tx.delete(attachments).where(where).returning({ id: attachments.id }).all();
    const orphaned = tx
      .delete(attachments)
      .where(
        and(
          eq(attachments.uploaderKind, 'visitor'),
          isNull(attachments.conversationId),
          notExists(tx.select({ id: visitors.id }).from(visitors).where(eq(visitors.id, attachments.uploaderId))),
        ),
      )
      .returning({ id: attachments.id })
      .all();
    return [...gone, ...orphaned].map((r) => r.id);
  }

  /** A merge (VisitorService.mergeInto): the anonymous visitor's unsent uploads become the contact's, inside the merge's transaction. */
  moveUploads(tx: Db, fromVisitorId: string, toVisitorId: string): void {
    tx.update(attachments)
      .set({ uploaderId: toVisitorId })
      .where(and(eq(attachments.uploaderKind, 'visitor'), eq(attachments.uploaderId, fromVisitorId)))
      .run();
  }

  /** A visitor's uploads that no message carries yet (for their data export), oldest first. */
  unsentBy(visitorId: string): (MessageAttachment & { createdAt: number })[] {
    return this.db
      .select()
      .from(attachments)
      .where(and(eq(attachments.uploaderKind, 'visitor'), eq(attachments.uploaderId, visitorId), isNull(attachments.conversationId)))
      .orderBy(asc(attachments.createdAt))
      .all()
      .map((row) => ({ ...this.wire(row), createdAt: row.createdAt }));
  }

  /** Delete stored files now (an erasure is done when it returns); a file already gone is fine. */
  removeFiles(ids: readonly string[]): void {
    for (const id of ids) {
      try {
        unlinkSync(this.path(id));
      } catch {
        /* already gone */
      }
    }
  }

  /** At most hourly: forget uploads that no message carried within a day. */
  private sweepOrphans(now = Date.now()): void {
    if (now - this.lastSweep < 3600_000) return;
    this.lastSweep = now;
    const gone = this.db
      .delete(attachments)
      .where(and(isNull(attachments.conversationId), lt(attachments.createdAt, now - ORPHAN_MS)))
      .returning({ id: attachments.id })
      .all()
      .map((r) => r.id);
    if (gone.length) this.removeFiles(gone);
  }
}
