/**
 * Files in chat. An upload is streamed to the `Blobs` port (on one box `<dataDir>/uploads/`)
 * under a random id (never the uploader's file name), its type decided from its bytes, and a row
 * written with a random access key. A message links it to its conversation in the message's own
 * transaction (ConversationStore.appendBatch checks and links it). Files are read back only with id + key.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { nameForType, type MessageAttachment } from '@atendo/shared';
import type { AttachmentStore } from '../storage/attachments';
import type { BlobHandle, Blobs, StagedBlob } from '../storage/blobs';
import type { AttachmentRow } from '../storage/types';
import { AppError } from './errors';
import { cleanFileName, mayCarryMacros, sniffType, SNIFF_BYTES } from './file-types';
import { newId } from './ids';

export type { AttachmentRow };

/** Who uploads: a visitor of a site, or an agent for a conversation's site. */
export interface Uploader {
  kind: 'visitor' | 'agent';
  id: string;
  siteId: string;
}

/** Unattached uploads older than this are deleted (the visitor picked a file and never sent it). */
const ORPHAN_MS = 24 * 3600_000;

const notFound = () => new AppError('not_found', 'Attachment not found');

/** The wire shape; the URL carries the key. The name fits the type even for a file stored before names did. */
export function attachmentWire(row: AttachmentRow): MessageAttachment {
  return { id: row.id, name: nameForType(row.name, row.mime), mime: row.mime, size: row.size, url: `/api/v1/attachments/${row.id}/${row.key}` };
}

export class AttachmentService {
  private lastSweep = 0;

  constructor(
    private store: AttachmentStore,
    /** The bytes: on one box `LocalBlobs` over `<ATENDO_DATA_DIR>/uploads`. */
    private blobs: Blobs,
  ) {}

  /** The wire shape (see `attachmentWire`). */
  wire(row: AttachmentRow): MessageAttachment {
    return attachmentWire(row);
  }

  /** The wire shape of a stored attachment by id (for messages), or undefined. */
  async wireById(id: string): Promise<MessageAttachment | undefined> {
    const row = await this.store.get(id);
    return row ? attachmentWire(row) : undefined;
  }

  /**
   * Stream an upload to the blob store, at most `maxBytes`, check what it is, and store it. Throws
   * `payload_too_large` past the limit and `unsupported_media_type` for a type not on the list (or
   * bytes that do not match what the name claims); nothing is kept then.
   */
  async upload(who: Uploader, rawName: string, declaredType: string, body: ReadableStream<Uint8Array> | null, maxBytes: number): Promise<MessageAttachment> {
    const staged: StagedBlob | 'too_large' = await this.blobs.stage(body, { maxBytes, headBytes: SNIFF_BYTES });
    if (staged === 'too_large') throw new AppError('payload_too_large', `The file is larger than ${Math.floor(maxBytes / 1024 / 1024)} MB`);
    const id = newId();
    let ok = false;
    try {
      if (staged.size === 0) throw new AppError('bad_request', 'The file is empty');
      const cleaned = cleanFileName(rawName);
      const bytes = staged.head;
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
      // Durable (fsynced) and readable by id before the row that points to it exists.
      await staged.commit(id);
      const row: AttachmentRow = {
        id,
        siteId: who.siteId,
        uploaderKind: who.kind,
        uploaderId: who.id,
        conversationId: null,
        name,
        mime,
        size: staged.size,
        key: randomBytes(24).toString('base64url'),
        createdAt: Date.now(),
      };
      await this.store.insert(row);
      ok = true;
      await this.sweepOrphans();
      return attachmentWire(row);
    } finally {
      if (!ok) await staged.discard();
    }
  }

  /** The stored file for `id` when `key` matches (constant time); the same not_found otherwise. */
  async byKey(id: string, key: string): Promise<AttachmentRow> {
    const row = await this.store.get(id);
    if (!row) throw notFound();
    const a = Buffer.from(row.key);
    const b = Buffer.from(key);
    if (a.length !== b.length || !timingSafeEqual(a, b)) throw notFound();
    return row;
  }

  /** The row and the bytes of `id` when `key` matches (see `byKey`); not_found too when the bytes are gone. */
  async read(id: string, key: string): Promise<{ row: AttachmentRow; blob: BlobHandle }> {
    const row = await this.byKey(id, key);
    const blob = await this.blobs.open(row.id);
    if (!blob) throw notFound();
    return { row, blob };
  }

  /** A visitor's uploads that no message carries yet (for their data export), oldest first. */
  async unsentBy(visitorId: string): Promise<(MessageAttachment & { createdAt: number })[]> {
    return (await this.store.unsentBy(visitorId)).map((row) => ({ ...attachmentWire(row), createdAt: row.createdAt }));
  }

  /** Delete stored files now (an erasure is done when it resolves); a file already gone is fine. */
  removeFiles(ids: readonly string[]): Promise<void> {
    return this.blobs.deleteMany(ids);
  }

  /** At most hourly: forget uploads that no message carried within a day. */
  private async sweepOrphans(now = Date.now()): Promise<void> {
    if (now - this.lastSweep < 3600_000) return;
    this.lastSweep = now;
    const gone = await this.store.deleteOrphans(now - ORPHAN_MS);
    if (gone.length) await this.removeFiles(gone);
  }
}
