/**
 * Gathers items for a few milliseconds (or until `max`), then hands them to `run` together: one
 * transaction for many. On SQLite every write transaction of the event loop's connection waits for
 * its fsync, so a transaction per webhook event or attempt would block the loop at message rate
 * (`pnpm bench`, "with a message.created webhook").
 */
export class Batcher<T, R> {
  private items: { item: T; ok: (r: R) => void; fail: (e: unknown) => void }[] = [];
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> = Promise.resolve();

  constructor(
    private run: (items: T[]) => Promise<R[]>,
    private windowMs: number,
    private max: number,
  ) {}

  /** Resolves with this item's result once its batch has run. */
  add(item: T): Promise<R> {
    return new Promise<R>((ok, fail) => {
      this.items.push({ item, ok, fail });
      if (this.items.length >= this.max) void this.flush();
      else this.timer ??= setTimeout(() => void this.flush(), this.windowMs);
    });
  }

  /** Run what is gathered now; resolves when every batch started so far has run. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.items.splice(0);
    if (batch.length) {
      // One batch after the other: their transactions never race each other.
      this.running = this.running.then(() =>
        this.run(batch.map((b) => b.item)).then(
          (results) => batch.forEach((b, i) => b.ok(results[i] as R)),
          (err: unknown) => batch.forEach((b) => b.fail(err)),
        ),
      );
    }
    return this.running;
  }
}
