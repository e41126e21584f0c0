import { Worker } from 'node:worker_threads';
import type { ErrorCode } from '@atendo/shared';
import { AppError } from '../../domain/errors';
import type { OffThreadAppender, Send, StoredBatch } from '../conversations';

export interface WriterRequest {
  id: number;
  sends: readonly Send[];
  /** The agents connected now, for auto-assignment (see ConversationStore.appendBatch). */
  assignable: readonly string[];
}

type PlainError = { app: true; code: ErrorCode; message: string; details?: unknown } | { app: false; message: string };
type PlainSlot = StoredBatch['stored'][number] | { ok: false; error: PlainError };
export type WriterReply =
  { id: number; ok: true; stored: PlainSlot[]; conversations: StoredBatch['conversations'] } | { id: number; ok: false; error: PlainError };

function revive(e: PlainError): Error {
  return e.app ? new AppError(e.code, e.message, e.details) : new Error(e.message);
}

/** The thread's entry: the bundle's sibling in dist/, or a tsx bootstrap of the TypeScript source. */
function workerEntry(): URL {
  return import.meta.url.endsWith('.ts') ? new URL('./writer-dev.mjs', import.meta.url) : new URL('./writer.js', import.meta.url);
}

/**
 * SQLite writes of the send path on a thread of their own, with their own connection (WAL lets the
 * event loop's connection read meanwhile): `SqliteConversationStore.appendBatchSync` run by
 * writer-worker.ts, offered to the send queue as the store's `offThread`. The event loop parses, validates and fans out; this
 * thread runs the transactions and their fsyncs, so on two cores neither waits for the other
 * (`pnpm bench`: stored-and-acked throughput). Batches are stored one after the other, in the order
 * they were given; the caller keeps the next one queued here while one commits (ws/send-queue.ts).
 *
 * If the thread dies, the batches in flight are rejected and `alive` turns false: the caller
 * stores them (and everything after) inline. That is safe even if one had committed before the
 * thread went: a send with a stored client id is answered with the stored message.
 */
export class Writer implements OffThreadAppender {
  private worker: Worker | null = null;
  private ready = false;
  private next = 1;
  private waiting = new Map<number, { ok: (r: StoredBatch) => void; fail: (e: Error) => void }>();
  /** False once the thread has died (or was closed): the caller stores inline from then on. */
  alive = true;
  /** Batches the thread has committed (for tests and diagnostics). */
  committed = 0;
  private started: Promise<void> | null = null;

  constructor(private file: string) {}

  /**
   * True when a batch can go to the thread now. The first call starts the thread (a server that
   * never gets a chat message never pays its memory, about 15 MB); until it is up, sends are stored
   * inline, so nothing waits for it.
   */
  available(): boolean {
    if (!this.ready && this.alive) void this.start();
    return this.ready && this.alive;
  }

  /** Start the thread (once); resolves when it has opened the database. */
  start(): Promise<void> {
    if (this.started) return this.started;
    let up: () => void = () => {};
    this.started = new Promise<void>((ok) => (up = ok));
    let worker: Worker;
    try {
      worker = this.worker = new Worker(workerEntry(), { workerData: { file: this.file } });
    } catch (err) {
      console.error('writer thread could not start; storing on the event loop:', err);
      this.alive = false;
      up();
      return this.started;
    }
    worker.on('message', (r: WriterReply | 'ready') => {
      if (r === 'ready') {
        this.ready = true;
        return up();
      }
      const w = this.waiting.get(r.id);
      if (!w) return;
      this.waiting.delete(r.id);
      if (!r.ok) return w.fail(revive(r.error));
      this.committed++;
      w.ok({ stored: r.stored.map((s) => (s.ok ? s : { ok: false, error: revive(s.error as PlainError) })), conversations: r.conversations });
    });
    const dead = (why: Error) => {
      up();
      if (!this.alive) return;
      this.alive = false;
      for (const w of this.waiting.values()) w.fail(why);
      this.waiting.clear();
    };
    worker.on('error', (err) => {
      console.error('writer thread failed; storing on the event loop from now on:', err);
      dead(err instanceof Error ? err : new Error(String(err)));
    });
    worker.on('exit', () => dead(new Error('writer thread exited')));
    return this.started;
  }

  /** Store a batch on the thread; resolves once it is committed (or rejects: nothing of it is stored). */
  appendBatch(sends: readonly Send[], assignable: readonly string[]): Promise<StoredBatch> {
    if (!this.alive || !this.worker) return Promise.reject(new Error('writer thread is gone'));
    const worker = this.worker;
    const id = this.next++;
    return new Promise((ok, fail) => {
      this.waiting.set(id, { ok, fail });
      worker.postMessage({ id, sends, assignable } satisfies WriterRequest);
    });
  }

  /** Let the batch in flight commit, close the thread's connection, end the thread. */
  async close(): Promise<void> {
    const worker = this.worker;
    if (!this.alive || !worker) {
      this.alive = false;
      return;
    }
    await Promise.allSettled(
      [...this.waiting.values()].map(
        (w) =>
          new Promise<void>((done) => {
            const { ok, fail } = w;
            w.ok = (r) => (ok(r), done());
            w.fail = (e) => (fail(e), done());
          }),
      ),
    );
    this.alive = false;
    const exited = new Promise<void>((done) => worker.once('exit', () => done()));
    worker.postMessage('close');
    await Promise.race([exited, new Promise<void>((done) => setTimeout(done, 2000).unref())]);
    await worker.terminate();
  }
}
