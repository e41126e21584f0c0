import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StagedBlob } from './blobs';
import { LocalBlobs } from './local-blobs';

/** A body in `chunks` pieces, as a request's stream delivers it. */
function body(bytes: Uint8Array, chunks = 3): ReadableStream<Uint8Array> {
  const size = Math.ceil(bytes.length / chunks);
  let at = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      controller.enqueue(bytes.subarray(at, at + size));
      at += size;
    },
  });
}

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) parts.push(chunk);
  return Buffer.concat(parts);
}

function staged(result: StagedBlob | 'too_large'): StagedBlob {
  if (result === 'too_large') throw new Error('unexpected too_large');
  return result;
}

describe('blobs: LocalBlobs', () => {
  let root: string;
  let dir: string;
  let blobs: LocalBlobs;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'atendo-blobs-'));
    dir = join(root, 'uploads');
    blobs = new LocalBlobs(dir);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const parts = () => readdirSync(dir).filter((f) => f.startsWith('.part-'));

  it('stages a body (size, first bytes), commits it under its id (0600), and reads it back', async () => {
    const bytes = Buffer.from('%PDF-1.7 ' + 'x'.repeat(1000));
    const blob = staged(await blobs.stage(body(bytes), { maxBytes: 2000, headBytes: 8 }));
    expect(blob.size).toBe(bytes.length);
    expect(Buffer.from(blob.head).toString()).toBe('%PDF-1.7');
    // Not readable by id before the commit, and not under a name the caller chose.
    expect(await blobs.open('file-1')).toBeUndefined();
    expect(parts()).toHaveLength(1);
    await blob.commit('file-1');
    expect(parts()).toEqual([]);
    expect(readdirSync(dir)).toEqual(['file-1']);
    expect(statSync(join(dir, 'file-1')).mode & 0o777).toBe(0o600);
    const handle = await blobs.open('file-1');
    expect(handle?.size).toBe(bytes.length);
    expect(await readAll(handle!.stream())).toEqual(bytes);
    // Each stream() is a new read.
    expect(await readAll(handle!.stream())).toEqual(bytes);
  });

  it('stops past the limit: too_large, and nothing is left on disk', async () => {
    const result = await blobs.stage(body(Buffer.alloc(3000, 1), 6), { maxBytes: 2000, headBytes: 16 });
    expect(result).toBe('too_large');
    expect(readdirSync(dir)).toEqual([]);
    // Exactly the limit is fine.
    const exact = staged(await blobs.stage(body(Buffer.alloc(2000, 1)), { maxBytes: 2000, headBytes: 16 }));
    expect(exact.size).toBe(2000);
    await exact.discard();
  });

  it('an empty or absent body stages 0 bytes; discard removes what was staged, committed or not', async () => {
    const none = staged(await blobs.stage(null, { maxBytes: 10, headBytes: 4 }));
    expect(none.size).toBe(0);
    expect(none.head.byteLength).toBe(0);
    await none.discard();
    await none.discard();
    const empty = staged(await blobs.stage(body(new Uint8Array(0)), { maxBytes: 10, headBytes: 4 }));
    expect(empty.size).toBe(0);
    await empty.discard();
    expect(readdirSync(dir)).toEqual([]);

    const kept = staged(await blobs.stage(body(Buffer.from('hello')), { maxBytes: 10, headBytes: 4 }));
    await kept.commit('file-2');
    expect(existsSync(join(dir, 'file-2'))).toBe(true);
    // A failure after the commit (the row could not be written): discard takes the file back.
    await kept.discard();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a failing body leaves nothing behind and rejects', async () => {
    const failing = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new Uint8Array([1, 2, 3]));
        controller.error(new Error('connection reset'));
      },
    });
    await expect(blobs.stage(failing, { maxBytes: 100, headBytes: 4 })).rejects.toThrow('connection reset');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('deleteMany removes blobs, missing ones are fine; names that are not ids are never opened or deleted', async () => {
    for (const id of ['a', 'b', 'c']) await staged(await blobs.stage(body(Buffer.from(id)), { maxBytes: 10, headBytes: 1 })).commit(id);
    await blobs.deleteMany(['a', 'c', 'missing']);
    expect(readdirSync(dir)).toEqual(['b']);
    expect(await blobs.open('a')).toBeUndefined();
    expect(await readAll((await blobs.open('b'))!.stream())).toEqual(Buffer.from('b'));

    writeFileSync(join(root, 'outside'), 'secret');
    writeFileSync(join(dir, '.part-x'), 'half');
    expect(await blobs.open('../outside')).toBeUndefined();
    expect(await blobs.open('.part-x')).toBeUndefined();
    await blobs.deleteMany(['../outside', '.part-x']);
    expect(existsSync(join(root, 'outside'))).toBe(true);
    expect(existsSync(join(dir, '.part-x'))).toBe(true);
    const blob = staged(await blobs.stage(body(Buffer.from('x')), { maxBytes: 10, headBytes: 1 }));
    await expect(blob.commit('../escape')).rejects.toThrow('Not a blob id');
    await blob.discard();
    expect(existsSync(join(root, 'escape'))).toBe(false);
  });
});
