/**
 * Blobs on the local disk: `<ATENDO_DATA_DIR>/uploads/<id>`, mode 0600. An upload is written to a
 * `.part-<random>` file, fsynced, and renamed to its id only when the caller commits it, so a
 * half-written or refused file is never readable by id. Ids are the domain's random ids (never a
 * name a user chose); anything that could leave the directory is refused.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream, mkdirSync } from 'node:fs';
import { open, rename, stat, unlink } from 'node:fs/promises';
import { resolve, sep } from 'node:path';
import { Readable } from 'node:stream';
import type { BlobHandle, Blobs, StagedBlob } from './blobs';

export class LocalBlobs implements Blobs {
  constructor(
    /** `<ATENDO_DATA_DIR>/uploads`. */
    readonly dir: string,
  ) {}

  /** Where the blob `id` lives; undefined for a name that is not an id (a temporary file's, or one leaving the directory). */
  path(id: string): string | undefined {
    const path = resolve(this.dir, id);
    return id && !id.startsWith('.') && path.startsWith(resolve(this.dir) + sep) ? path : undefined;
  }

  async stage(body: ReadableStream<Uint8Array> | null, opts: { maxBytes: number; headBytes: number }): Promise<StagedBlob | 'too_large'> {
    mkdirSync(this.dir, { recursive: true });
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
          if (size > opts.maxBytes) return 'too_large';
          if (headBytes < opts.headBytes) {
            const take = chunk.subarray(0, opts.headBytes - headBytes);
            head.push(take);
            headBytes += take.byteLength;
          }
          await fh.write(chunk);
        }
      }
      ok = true;
    } finally {
      if (!ok) {
        await fh.close().catch(() => undefined);
        await unlink(part).catch(() => undefined);
      }
    }
    let closed = false;
    let committed: string | null = null;
    return {
      size,
      head: Buffer.concat(head),
      commit: async (id: string) => {
        const target = this.path(id);
        if (!target) throw new Error(`Not a blob id: ${JSON.stringify(id)}`);
        await fh.sync();
        await fh.close();
        closed = true;
        await rename(part, target);
        committed = target;
      },
      discard: async () => {
        if (!closed) {
          closed = true;
          await fh.close().catch(() => undefined);
        }
        await unlink(part).catch(() => undefined);
        if (committed) await unlink(committed).catch(() => undefined);
      },
    };
  }

  async open(id: string): Promise<BlobHandle | undefined> {
    const path = this.path(id);
    if (!path) return undefined;
    const st = await stat(path).catch(() => undefined);
    if (!st?.isFile()) return undefined;
    return { size: st.size, stream: () => Readable.toWeb(createReadStream(path)) as ReadableStream<Uint8Array> };
  }

  async deleteMany(ids: readonly string[]): Promise<void> {
    for (const id of ids) {
      const path = this.path(id);
      if (path) await unlink(path).catch(() => undefined);
    }
  }
}
