import type { ConversationService, SendInput, SendOutcome, Sender } from '../domain/conversations';

interface Pending {
  sender: Sender;
  input: SendInput;
  done: (outcome: SendOutcome) => void;
}

/**
 * Group commit for the socket endpoint. Sends that arrive in the same turn of the event loop are
 * stored in one transaction right after it (setImmediate): one fsync for all of them instead of one
 * each. Only then does each sender get its ack (or its error), so an ack still means "committed".
 * Under light load a batch is one message and nothing waits; under heavy load a batch grows with the
 * time a commit takes, which is what lets synchronous=FULL keep up (see README, "Durability").
 */
export class SendQueue {
  private batch: Pending[] = [];
  private scheduled = false;

  constructor(
    private conversations: Pick<ConversationService, 'sendMany'>,
    /** Runs each flush (the hub corks the agents' sockets around it, so a batch goes out in one write each). */
    private around: <T>(fn: () => T) => T = (fn) => fn(),
    /** Largest batch; a full one is committed at once. */
    private maxBatch = 512,
  ) {}

  push(sender: Sender, input: SendInput, done: Pending['done']): void {
    this.batch.push({ sender, input, done });
    if (this.batch.length >= this.maxBatch) return this.flush();
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => {
        this.scheduled = false;
        this.flush();
      });
    }
  }

  /** Commit what is queued and answer every sender. */
  flush(): void {
    const batch = this.batch;
    if (!batch.length) return;
    this.batch = [];
    this.around(() => this.commit(batch));
  }

  private commit(batch: Pending[]): void {
    let outcomes: SendOutcome[];
    try {
      outcomes = this.conversations.sendMany(batch);
    } catch (error) {
      // The commit itself failed (disk full, I/O error): nothing of this batch is stored.
      outcomes = batch.map(() => ({ ok: false, error }));
    }
    batch.forEach((p, i) => {
      try {
        p.done(outcomes[i]!);
      } catch (err) {
        console.error('send callback failed', err);
      }
    });
  }
}
