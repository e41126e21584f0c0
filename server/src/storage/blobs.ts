/**
 * Attachment bytes: where uploaded files live, by id. The local-disk
 * implementation (./local-blobs.ts) is what Atendo uses on one box; many instances need a shared one
 * (an object store), not different callers.
 *
 * Writing is two steps so the caller can look at the bytes before keeping them: `stage` streams the
 * body to a temporary place (never readable by id), then the caller decides (type sniffing) and
 * either `commit`s it under its id or `discard`s it.
 */

/** A body streamed to a temporary place, not readable yet. */
export interface StagedBlob {
  /** Bytes received. */
  readonly size: number;
  /** The first bytes (at most `headBytes` of `stage`), for deciding the type. */
  readonly head: Uint8Array;
  /** Make it durable and readable as `id` (replacing nothing: ids are fresh). */
  commit(id: string): Promise<void>;
  /** Remove what this staging wrote, committed or not. Never throws; calling it twice is fine. */
  discard(): Promise<void>;
}

/** A stored blob opened for reading. */
export interface BlobHandle {
  readonly size: number;
  /** The bytes; each call starts a new stream (nothing is opened until it is called). */
  stream(): ReadableStream<Uint8Array>;
}

export interface Blobs {
  /**
   * Stream `body` (null: no bytes) to a temporary place. Past `maxBytes` it stops reading, removes
   * what it wrote and resolves 'too_large'. A failure removes what it wrote and rejects.
   */
  stage(body: ReadableStream<Uint8Array> | null, opts: { maxBytes: number; headBytes: number }): Promise<StagedBlob | 'too_large'>;
  /** The blob stored as `id`, or undefined when there is none. */
  open(id: string): Promise<BlobHandle | undefined>;
  /** Delete these blobs now (missing ones are fine); resolves when they are gone. */
  deleteMany(ids: readonly string[]): Promise<void>;
}
