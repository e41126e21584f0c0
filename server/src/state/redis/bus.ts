/**
 * The cluster's bus: one Redis Stream, read by every instance from its own last id (no consumer
 * groups), trimmed by time. PostgreSQL stays the source of truth; the stream only rings the
 * doorbell, so a missed entry may delay a message, never lose it:
 *
 * - Order: commit, XADD (written to Redis's socket before this turn ends), local fan-out and ack.
 * - Every entry carries its publisher's id and counter: a reader that sees a publisher's counter
 *   jump, finds the stream trimmed past what it read (`max-deleted-entry-id`), or finds another
 *   Redis (a new `run_id`) raises `bus.gap` here: the hub closes this instance's sockets (1012) and
 *   their clients resume from storage.
 * - Redis down: sends and acks go on (they never wait for Redis); entries written meanwhile queue
 *   in the client until it is back or give up, and readers find the hole as above.
 *
 * Measured in research/scale-out.md §3.6: one CLIENT KILL lost 54 % of pub/sub messages and none
 * of a stream's. So no message ever goes over pub/sub.
 */
import type { Redis } from 'ioredis';
import { EventBus, type DomainEvent } from '../../domain/events';

export interface RedisBusOptions {
  /** The stream's key. */
  stream: string;
  /** Entries older than this are trimmed when new ones are added (about 5 minutes). */
  retentionMs: number;
  /** How long one XREAD waits; an idle reader checks the stream's continuity this often. */
  blockMs?: number;
  /** Where failures go (at most one line per kind every 10 s). */
  log?: (line: string) => void;
}

/** `a` after `b`, for stream ids `ms-seq`. */
export function idAfter(a: string, b: string): boolean {
  const [am = 0, as = 0] = a.split('-').map(Number);
  const [bm = 0, bs = 0] = b.split('-').map(Number);
  return am > bm || (am === bm && as > bs);
}

function field(fields: string[], name: string): string | undefined {
  for (let i = 0; i < fields.length - 1; i += 2) if (fields[i] === name) return fields[i + 1];
  return undefined;
}

export class RedisBus extends EventBus {
  private counter = 0;
  private lastId = '0-0';
  private runId: string | null = null;
  /** Each publisher's last counter seen. */
  private seen = new Map<string, number>();
  private stopped = false;
  private loop: Promise<void> | null = null;
  private logged = new Map<string, number>();
  /** Gaps found since start (health, tests). */
  gaps = 0;
  /** Entries read from other instances (health, tests). */
  received = 0;

  constructor(
    private pub: Redis,
    private sub: Redis,
    instanceId: string,
    private opts: RedisBusOptions,
  ) {
    super(instanceId);
  }

  /** Start reading where the stream ends now: what was said before this instance started is in storage. */
  async start(): Promise<void> {
    const at = await this.position();
    this.lastId = at.lastId;
    this.runId = at.runId;
    this.loop = this.read();
  }

  /** Whether both connections to Redis are up. */
  get connected(): boolean {
    return this.pub.status === 'ready' && this.sub.status === 'ready';
  }

  override emit(event: DomainEvent): void {
    const payload = JSON.stringify(event);
    // Issued before the local fan-out (and so before the ack): ioredis writes it to the socket now.
    this.pub
      .xadd(this.opts.stream, 'MINID', '~', String(Date.now() - this.opts.retentionMs), '*', 'i', this.instanceId, 'n', String(++this.counter), 'v', payload)
      .catch((err: unknown) => this.warn('publish', err));
    this.deliver(event, false);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    // Ends the blocking XREAD at once.
    this.sub.disconnect();
    await this.loop?.catch(() => {});
  }

  private warn(kind: string, err: unknown): void {
    const now = Date.now();
    if (now - (this.logged.get(kind) ?? 0) < 10_000) return;
    this.logged.set(kind, now);
    (this.opts.log ?? console.error)(`cluster bus: ${kind} failed: ${err instanceof Error ? err.message : String(err)}`);
  }

  /** The stream's ends and Redis's run id now. */
  private async position(): Promise<{ lastId: string; firstId: string | null; runId: string; maxDeleted: string; exists: boolean }> {
    const info = await this.sub.info('server');
    const runId = /run_id:(\w+)/.exec(info)?.[1] ?? '';
    let raw: unknown[] | null = null;
    try {
      raw = (await this.sub.call('XINFO', 'STREAM', this.opts.stream)) as unknown[];
    } catch (err) {
      if (!String(err).includes('no such key')) throw err;
    }
    if (!raw) return { lastId: '0-0', firstId: null, runId, maxDeleted: '0-0', exists: false };
    const get = (name: string) => {
      const i = raw.indexOf(name);
      return i >= 0 ? raw[i + 1] : undefined;
    };
    const first = get('first-entry');
    return {
      lastId: String(get('last-generated-id') ?? '0-0'),
      firstId: Array.isArray(first) ? String(first[0]) : null,
      runId,
      maxDeleted: String(get('max-deleted-entry-id') ?? '0-0'),
      exists: true,
    };
  }

  /**
   * Whether entries after the last one read are gone: another Redis, the stream deleted, entries
   * deleted, or (after this reader's connection failed) the stream trimmed past it. Then this
   * instance reads on from the stream's end, after `bus.gap`. While connected, trimming is found by
   * the publishers' counters instead: an idle reader's last entry is trimmed away in the normal
   * course of things (retention), which is no loss.
   */
  private async checkContinuity(afterFailure: boolean): Promise<void> {
    const at = await this.position();
    let reason: string | null = null;
    if (this.runId && at.runId !== this.runId) reason = 'Redis restarted';
    else if (!at.exists && this.lastId !== '0-0') reason = 'the stream is gone';
    else if (at.exists && idAfter(at.maxDeleted, this.lastId)) reason = 'entries were deleted before this instance read them';
    else if (afterFailure && at.exists && idAfter(at.lastId, this.lastId) && (at.firstId === null || idAfter(at.firstId, this.lastId))) {
      reason = 'the stream was trimmed past what this instance read';
    }
    if (reason) this.gap(reason, at.exists ? at.lastId : '0-0', at.runId);
  }

  private gap(reason: string, resumeFrom: string, runId: string | null): void {
    this.gaps++;
    this.lastId = resumeFrom;
    if (runId) this.runId = runId;
    this.seen.clear();
    (this.opts.log ?? console.error)(`cluster bus: events may have been missed (${reason}); closing this instance's sockets so their clients resume`);
    this.deliver({ type: 'bus.gap', reason }, false);
  }

  private receive(fields: string[]): void {
    const from = field(fields, 'i');
    const n = Number(field(fields, 'n'));
    const payload = field(fields, 'v');
    if (!from || from === this.instanceId || !payload) return;
    const before = this.seen.get(from);
    this.seen.set(from, n);
    if (before !== undefined && n !== before + 1) this.gap(`entries of instance ${from} are missing`, this.lastId, null);
    let event: DomainEvent;
    try {
      event = JSON.parse(payload) as DomainEvent;
    } catch (err) {
      return this.warn('parse', err);
    }
    this.received++;
    this.deliver(event, true);
  }

  private async read(): Promise<void> {
    const blockMs = this.opts.blockMs ?? 5000;
    let broken = false;
    while (!this.stopped) {
      try {
        if (broken) {
          await this.checkContinuity(true);
          broken = false;
        }
        const res = (await this.sub.xread('COUNT', 500, 'BLOCK', blockMs, 'STREAMS', this.opts.stream, this.lastId)) as [string, [string, string[]][]][] | null;
        if (!res) {
          await this.checkContinuity(false);
          continue;
        }
        for (const [, entries] of res) {
          for (const [id, fields] of entries) {
            this.lastId = id;
            this.receive(fields);
          }
        }
      } catch (err) {
        if (this.stopped) break;
        broken = true;
        this.warn('read', err);
        await new Promise((ok) => setTimeout(ok, 200 + Math.random() * 300));
      }
    }
  }
}
