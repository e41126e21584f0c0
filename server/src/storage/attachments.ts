/**
 * Attachments' metadata: one row per uploaded file. The bytes are the `Blobs` port's
 * (./blobs.ts). Checking and linking a file to a message happens in the send path's own transaction
 * (ConversationStore.appendBatch); an erasure or merge takes a visitor's rows along (VisitorStore).
 */
import type { AttachmentRow } from './types';

export interface AttachmentStore {
  insert(row: AttachmentRow): Promise<void>;
  get(id: string): Promise<AttachmentRow | undefined>;
  /** A visitor's uploads that no message carries yet, oldest first. */
  unsentBy(visitorId: string): Promise<AttachmentRow[]>;
  /** Delete the rows of uploads no message carries that were created before `before`; returns their ids. */
  deleteOrphans(before: number): Promise<string[]>;
}
