import { storableOffThread, type ConversationService, type SendInput, type SendOutcome, type Sender, type StoredBatch } from '../domain/conversations';

interface Pending {
  sender: Sender;
  input: SendInput;
  done: (outcome: SendOutcome) => void;
}

/** Where a batch is stored: the writer thread (storage/sqlite/writer.ts), when there is one and it is alive. */
export interface OffThreadStore {
  /** True when a batch can go to the thread now (the first ask starts it; until it is up, false). */
  available(): boolean;
  /** False once the thread has died. */
  readonly alive: boolean;
  store(batch: { sender: Sender; input: SendInput }[]): Promise<StoredBatch>;
}

/**
 * Group commit for the socket endpoint. Sends are stored in order, many to a transaction: one fsync
 * for all of them instead of one each. Only after the commit does each sender get its ack (or its
 * error), so an ack still means "committed".
 *
 * Inline (no writer thread, as in tests on ':memory:'): the sends of one turn of the event loop are
 * committed right after it (setImmediate). With a writer thread: one batch is committing there
 * while the next is collected here, and it goes as soon as the thread is free, so a batch grows with
 * the time a commit takes and nothing waits when the load is light. Sends the thread cannot store
 * (a visitor's first message, a file: see `storableOffThread`) are stored here, in their place in
 * the line, while the thread is idle, so the order of sends is the order of commits either way.
 */
export class SendQueue {
  private queue: Pending[] = [];
  private scheduled = false;
  /** Batches handed to the writer thread and not answered yet (it stores them one after the other). */
  private inFlight = 0;
  private last: Promise<void> = Promise.resolve();
  /** Sends put back at the head of the line after the thread died (see `toThread`). */
  private requeued = 0;

  constructor(
    private conversations: Pick<ConversationService, 'sendMany' | 'publishBatch'>,
    /** Runs each batch's answers (the hub corks the agents' sockets around it, so a batch goes out in one write each). */
    private around: <T>(fn: () => T) => T = (fn) => fn(),
    private writer: OffThreadStore | null = null,
    /** Largest batch; a full one is committed at once (`pnpm bench` persistence: 1,024 did a little better than 512 and 2,048). */
    private maxBatch = 1024,
    /**
     * Batches queued on the thread at once: the next one waits there while one commits, so the
     * thread never idles for a round trip to the event loop (which is busy answering the last).
     */
    private depth = 2,
  ) {}

  push(sender: Sender, input: SendInput, done: Pending['done']): void {
    this.queue.push({ sender, input, done });
    if (this.inFlight >= this.depth) return; // sent when the thread has room
    if (this.queue.length >= this.maxBatch && !this.writer?.available()) return this.flush();
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => {
        this.scheduled = false;
        this.flush();
      });
    }
  }

  /** Store what is queued (what the thread cannot take, here and now) and answer every sender. */
  flush(): void {
    while (this.queue.length && this.inFlight < this.depth) {
      const toThread = this.writer?.available() === true;
      const offThread = toThread && storableOffThread(this.queue[0]!.input);
      // What the thread cannot store waits until the thread has committed all it was given: order holds.
      if (!offThread && this.inFlight) return;
      // The longest run at the head of the line that goes to one place.
      let n = 1;
      while (n < this.queue.length && n < this.maxBatch && (toThread && storableOffThread(this.queue[n]!.input)) === offThread) n++;
      const batch = this.queue.splice(0, n);
      if (offThread) this.toThread(batch);
      else this.around(() => this.answer(batch, this.inline(batch)));
    }
  }

  /** Resolves when everything queued so far is stored and answered (shutdown). */
  async drain(): Promise<void> {
    for (let i = 0; i < 10_000 && (this.queue.length || this.inFlight); i++) {
      if (this.inFlight) await this.last;
      else this.flush();
    }
  }

  private inline(batch: Pending[]): SendOutcome[] {
    try {
      return this.conversations.sendMany(batch);
    } catch (error) {
      // The commit itself failed (disk full, I/O error): nothing of this batch is stored.
      return batch.map(() => ({ ok: false, error }));
    }
  }

  private toThread(batch: Pending[]): void {
    // Events (the fan-out to agents and tabs) and acks inside `around`, as inline.
    const committed = (stored: StoredBatch) =>
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
    this.last = this.writer!.store(batch.map(({ sender, input }) => ({ sender, input })))
      .then(committed, failed)
      .catch((err) => console.error('send queue', err))
      .finally(() => {
        if (--this.inFlight === 0) this.requeued = 0;
        this.flush();
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
