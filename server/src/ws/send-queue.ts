import {
  AnswerLine,
  storableOffThread,
  type ConversationService,
  type SendInput,
  type SendOutcome,
  type Sender,
  type StoredBatch,
} from '../domain/conversations';
import type { OffThreadAppender } from '../storage/conversations';

interface Pending {
  sender: Sender;
  input: SendInput;
  done: (outcome: SendOutcome) => void;
}

/** Where a batch is stored off the event loop: the store's `offThread` (SQLite: the writer thread, storage/sqlite/writer.ts). */
export type OffThreadStore = OffThreadAppender;

/** The span over which the send rate is counted for `lightPerSecond`. */
const RATE_WINDOW_MS = 100;

/**
 * Group commit for the socket endpoint. Sends are stored in order, many to a transaction: one fsync
 * for all of them instead of one each. Only after the commit does each sender get its ack (or its
 * error), so an ack still means "committed".
 *
 * Inline (no writer thread, as in tests on ':memory:'): the sends of one turn of the event loop are
 * committed right after it (setImmediate), one batch at a time: batch N+1 goes to the store only
 * after batch N is answered. With a writer thread: one batch is committing there while the next is
 * collected here, and it goes as soon as the thread is free, so a batch grows with the time a commit
 * takes. Under a light load (a batch of a few sends and an idle thread) the batch is stored inline:
 * see `inlineUpTo`. Sends the thread does not take (a visitor's first message, a file: see
 * `storableOffThread`) are stored inline, in their place in the line, while the thread is idle, so
 * the order of sends is the order of commits either way.
 *
 * Parallel (`parallel` > 1, a store that commits batches on connections of its own and keeps each
 * conversation's order itself: PostgreSQL): up to that many batches are handed to the store
 * at once, so a batch does not wait for the round trips of the one before it. Their senders are
 * still answered in the order the batches were handed over, in a line shared with
 * `ConversationService.sendMany` (HTTP, e-mail): a conversation's events go out in seq order even
 * when a batch of other conversations handed over earlier commits last.
 */
export class SendQueue {
  private queue: Pending[] = [];
  private scheduled = false;
  /** Batches handed to the store and not answered yet: up to `depth` on the thread, one inline, or up to `parallel`. */
  private inFlight = 0;
  /** An inline batch is being stored: nothing else starts until it is answered. */
  private inlineBusy = false;
  /** Settles after the last batch handed over is answered, and so after every batch before it. */
  private last: Promise<void> = Promise.resolve();
  /** Sends put back at the head of the line after the thread died (see `toThread`). */
  private requeued = 0;

  constructor(
    private conversations: Pick<ConversationService, 'storeBatch' | 'publishBatch' | 'candidates'> & { answers?: AnswerLine },
    /** Runs each batch's answers (the hub corks the agents' sockets around it, so a batch goes out in one write each). */
    private around: <T>(fn: () => T) => T = (fn) => fn(),
    /** The store's `offThread` (storage/sqlite/writer.ts), or null: every batch inline. */
    private writer: OffThreadStore | null = null,
    opts: {
      /** Largest batch; a full one is committed at once (`pnpm bench` persistence: 1,024 did a little better than 512 and 2,048). */
      maxBatch?: number;
      /**
       * Batches queued on the thread at once: the next one waits there while one commits, so the
       * thread never idles for a round trip to the event loop (which is busy answering the last).
       */
      depth?: number;
      /**
       * Under a light load (fewer than `lightPerSecond` sends a second) a batch of at most this many
       * sends, while the thread has nothing in hand, is stored on the event loop instead: the round
       * trip to the thread and back (and a third busy thread on two cores) cost more than the commit
       * it moves (`pnpm bench` relay at 1k msgs/s). Under a heavier load the thread takes every batch
       * it can, so the event loop never waits for an fsync (at 5k msgs/s that doubled the median).
       */
      inlineUpTo?: number;
      lightPerSecond?: number;
      /**
       * …and only while a commit here takes at most this long (a moving average of the last ones):
       * on a disk whose fsync is slow, every batch goes to the thread, so the event loop never
       * waits long for a disk. This box's commits took 0.3–0.5 ms.
       */
      inlineMaxCommitMs?: number;
      /**
       * Batches the store may hold at once when there is no writer thread: the store's
       * `ConversationStore.parallelBatches` (PostgreSQL: 4). 1: one at a time (SQLite inline).
       */
      parallel?: number;
    } = {},
  ) {
    this.maxBatch = opts.maxBatch ?? 1024;
    this.depth = opts.depth ?? 2;
    this.inlineUpTo = opts.inlineUpTo ?? 16;
    this.lightPerWindow = ((opts.lightPerSecond ?? 2000) * RATE_WINDOW_MS) / 1000;
    this.inlineMaxCommitMs = opts.inlineMaxCommitMs ?? 2;
    this.parallel = writer ? 1 : Math.max(1, Math.floor(opts.parallel ?? 1));
    this.line = conversations.answers ?? new AnswerLine();
  }

  /** Where batches are answered in the order they were handed over (shared with `sendMany`). */
  private readonly line: AnswerLine;

  private readonly maxBatch: number;
  private readonly depth: number;
  private readonly inlineUpTo: number;
  private readonly lightPerWindow: number;
  private readonly inlineMaxCommitMs: number;
  private readonly parallel: number;
  /** Moving average of how long a batch committed here took, in ms (measured, not guessed). */
  private inlineCommitMs = 0;
  private inlineCommits = 0;
  private lastInlineAt = 0;
  /** Sends pushed in the current window of RATE_WINDOW_MS, and in the one before it (the load, cheaply). */
  private rate = { start: 0, count: 0, previous: 0 };

  push(sender: Sender, input: SendInput, done: Pending['done']): void {
    this.queue.push({ sender, input, done });
    this.count();
    if (this.inFlight >= Math.max(this.depth, this.parallel) || this.inlineBusy) return; // sent when the store has room
    if (this.queue.length >= this.maxBatch && !this.writer?.available()) return this.flush();
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => {
        this.scheduled = false;
        this.flush();
      });
    }
  }

  /** Hand what is queued to the store (what the thread cannot take, once it is idle); each batch's senders are answered after its commit. */
  flush(): void {
    if (this.parallel > 1) {
      // The store keeps each conversation's order: hand it what is queued, up to `parallel` batches.
      while (this.queue.length && this.inFlight < this.parallel) this.inline(this.queue.splice(0, this.maxBatch));
      return;
    }
    while (this.queue.length && this.inFlight < this.depth && !this.inlineBusy) {
      // A small batch while the thread is idle is stored here (see `inlineUpTo`); the thread starts
      // with the first batch larger than that.
      const small = !this.inFlight && this.queue.length <= this.inlineUpTo && this.light();
      const toThread = !small && this.writer?.available() === true;
      const offThread = toThread && storableOffThread(this.queue[0]!.input);
      // What the thread cannot store waits until the thread has committed all it was given: order holds.
      if (!offThread && this.inFlight) return;
      // The longest run at the head of the line that goes to one place.
      let n = 1;
      while (n < this.queue.length && n < this.maxBatch && (toThread && storableOffThread(this.queue[n]!.input)) === offThread) n++;
      const batch = this.queue.splice(0, n);
      if (offThread) this.toThread(batch);
      else this.inline(batch);
    }
  }

  private count(): void {
    const now = performance.now();
    const r = this.rate;
    if (now - r.start >= RATE_WINDOW_MS) {
      // The window that just ended counts only if it was the last one (no gap since).
      r.previous = now - r.start < 2 * RATE_WINDOW_MS ? r.count : 0;
      r.start = now;
      r.count = 0;
    }
    r.count++;
  }

  /** Fewer sends than `lightPerSecond` in the last window and the current one (scaled to a window), and commits here are quick. */
  private light(): boolean {
    if (Math.max(this.rate.previous, this.rate.count) >= this.lightPerWindow) return false;
    // Quick commits here; or, at most once a second, one more try to learn whether they are quick again
    // (the first commits of a process are slower, and a disk's speed changes).
    return this.inlineCommitMs <= this.inlineMaxCommitMs || performance.now() - this.lastInlineAt > 1000;
  }

  /** Resolves when everything queued so far is stored and answered (shutdown). */
  async drain(): Promise<void> {
    for (let i = 0; i < 10_000 && (this.queue.length || this.inFlight); i++) {
      if (this.inFlight) await this.last;
      else this.flush();
    }
  }

  private inline(batch: Pending[]): void {
    this.inFlight++;
    this.inlineBusy = this.parallel === 1;
    let stored: Promise<StoredBatch>;
    const started = performance.now();
    this.lastInlineAt = started;
    try {
      stored = this.conversations.storeBatch(batch.map(({ sender, input }) => ({ sender, input })));
    } catch (error) {
      stored = Promise.reject(error);
    }
    const timed = stored.then((s) => {
      const took = performance.now() - started;
      this.inlineCommitMs = this.inlineCommits++ ? this.inlineCommitMs * 0.8 + took * 0.2 : took;
      return s;
    });
    // Answered after the batches handed over before it (in parallel, a later batch may commit first).
    this.last = this.line
      .after(
        timed,
        (s) => this.publish(batch, s),
        // The commit itself failed (disk full, I/O error): nothing of this batch is stored.
        (error: unknown) =>
          this.answer(
            batch,
            batch.map(() => ({ ok: false, error })),
          ),
      )
      .catch((err) => console.error('send queue', err))
      .finally(() => {
        this.inlineBusy = false;
        this.inFlight--;
        this.flush();
      });
  }

  private toThread(batch: Pending[]): void {
    const failed = (error: unknown) => {
      // The thread died: back to the head of the line (in order), to be stored here. Had it
      // committed the batch before dying, each send finds its stored message (same client id).
      if (!this.writer!.alive) {
        this.queue.splice(this.requeued, 0, ...batch);
        this.requeued += batch.length;
        return;
      }
      // The commit failed (disk full, I/O error): nothing of this batch is stored; outboxes retry.
      this.answer(
        batch,
        batch.map(() => ({ ok: false, error })),
      );
    };
    this.inFlight++;
    const sends = batch.map(({ sender, input }) => ({ sender, input }));
    this.last = this.line
      .after(this.writer!.appendBatch(sends, this.conversations.candidates(sends)), (stored) => this.publish(batch, stored), failed)
      .catch((err) => console.error('send queue', err))
      .finally(() => {
        if (--this.inFlight === 0) this.requeued = 0;
        this.flush();
      });
  }

  /** Events (the fan-out to agents and tabs) and acks of a committed batch, inside `around`. */
  private publish(batch: Pending[], stored: StoredBatch): void {
    this.around(() => {
      let outcomes: SendOutcome[];
      try {
        outcomes = this.conversations.publishBatch(batch, stored);
      } catch (error) {
        console.error('publishing a stored batch failed', error);
        outcomes = batch.map(() => ({ ok: false, error }));
      }
      this.answer(batch, outcomes);
    });
  }

  private answer(batch: Pending[], outcomes: SendOutcome[]): void {
    batch.forEach((p, i) => {
      try {
        p.done(outcomes[i]!);
      } catch (err) {
        console.error('send callback failed', err);
      }
    });
  }
}
