/**
 * Frames of one socket are handled one after the other, each to its end (its awaits included):
 * a `message.send` after a `hello` never runs before the hello has registered the visitor, and
 * sends reach the group commit in the order the client sent them. A frame refused on arrival (over
 * the frame budget, binary) is answered in its turn too (`push` of a function), so no answer
 * overtakes those of the frames before it.
 */
export class FrameLine {
  private waiting: (string | (() => void))[] = [];
  private busy = false;
  private idle: (() => void)[] = [];

  constructor(private handle: (raw: string) => void | Promise<void>) {}

  push(item: string | (() => void)): void {
    if (this.busy) return void this.waiting.push(item);
    // The common case: nothing waiting and a handler that finishes synchronously.
    let pending: void | Promise<void> = undefined;
    try {
      pending = typeof item === 'function' ? item() : this.handle(item);
    } catch (err) {
      console.error('socket frame failed', err);
    }
    if (pending) void this.wait(pending);
  }

  /** Run `fn` once no frame is being handled (now, if none is). */
  whenIdle(fn: () => void): void {
    if (this.busy) this.idle.push(fn);
    else fn();
  }

  /** A frame's handler is still running: hold the line until it is done, then run what queued meanwhile. */
  private async wait(pending: Promise<void>): Promise<void> {
    this.busy = true;
    try {
      await pending;
    } catch (err) {
      console.error('socket frame failed', err);
    }
    for (let next = this.waiting.shift(); next !== undefined; next = this.waiting.shift()) {
      try {
        const more = typeof next === 'function' ? next() : this.handle(next);
        if (more) await more;
      } catch (err) {
        console.error('socket frame failed', err);
      }
    }
    this.busy = false;
    for (const fn of this.idle.splice(0)) fn();
  }
}
