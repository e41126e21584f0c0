/**
 * The cluster's bus: one Redis Stream, read by every instance from its own last id (no consumer
 * groups), trimmed by time. PostgreSQL stays the source of truth; the stream only rings the
 * doorbell, so a missed entry may delay a message, never lose it:
 *
 * - Order: commit, publish (a Lua script written to Redis's socket before this turn ends), local
 *   fan-out and ack.
 * - The script numbers every entry of the cluster (`g`, one counter in Redis, atomically with the
 *   XADD) and trims by Redis's clock. A reader that sees a number skipped (entries trimmed before
 *   it read them), a publisher's counter `n` skipped (a publish its client gave up on), another
 *   Redis (a new `run_id`) or the stream gone raises `bus.gap` here: the hub closes this
 *   instance's sockets (1012) and their clients resume from storage.
 * - An entry written twice (its reply lost, sent again after a reconnect: the same publisher and
 *   counter) is delivered once.
 * - Redis down: sends and acks go on (they never wait for Redis); entries written meanwhile queue
 *   in the client until it is back or give up, and readers find the hole as above.
 *
 * Measured in research/scale-out.md §3.6: one CLIENT KILL lost 54 % of pub/sub messages and none
 * of a stream's. So no message ever goes over pub/sub.
 */
import type { Redis } from 'ioredis';
import { EventBus, type DomainEvent } from '../../domain/events';

export interface RedisBusOptions {
  /** The stream's key; its entries' numbers are counted in `<stream>:seq`. */
  stream: string;
  /** Entries older than this are trimmed when new ones are added (about 5 minutes). */
  retentionMs: number;
  /** How long one XREAD waits; an idle reader checks the stream's continuity this often. */
  blockMs?: number;
  /** Where failures go (at most one line per kind every 10 s). */
  log?: (line: string) => void;
}

/** KEYS: stream, its counter. ARGV: instance, its counter, payload, retention ms. */
const PUBLISH = `
local g = redis.call('INCR', KEYS[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
return redis.call('XADD', KEYS[1], 'MINID', '~', tostring(now - tonumber(ARGV[4])), '*', 'g', g, 'i', ARGV[1], 'n', ARGV[2], 'v', ARGV[3])`;

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

type Publishing = Redis & { atendoPublish(stream: string, seq: string, instance: string, n: string, payload: string, retentionMs: string): Promise<string> };

export class RedisBus extends EventBus {
  private counter = 0;
  private lastId = '0-0';
  /** The cluster-wide number of the last entry read (null: none known yet). */
  private lastG: number | null = null;
  private runId: string | null = null;
  /** Each publisher's last counter read. */
  private last = new Map<string, number>();
  private stopped = false;
  private loop: Promise<void> | null = null;
  private logged = new Map<string, number>();
  private readonly pub: Publishing;
  /** Gaps found since start (health, tests). */
  gaps = 0;
  /** Entries read from other instances (health, tests). */
  received = 0;

  constructor(
    pub: Redis,
    private sub: Redis,
    instanceId: string,
    private opts: RedisBusOptions,
  ) {
    super(instanceId);
    pub.defineCommand('atendoPublish', { numberOfKeys: 2, lua: PUBLISH });
    this.pub = pub as Publishing;
  }

  private get seqKey(): string {
    return `${this.opts.stream}:seq`;
  }

  /** Start reading where the stream ends now: what was said before this instance started is in storage. */
  async start(): Promise<void> {
    // Loaded now, so that publishing never meets NOSCRIPT (a retry with EVAL could reorder entries).
    await this.pub.script('LOAD', PUBLISH);
    await this.resetPosition();
    this.loop = this.read();
  }

  /** The stream's end and its number now (read together), and Redis's run id. */
  private async resetPosition(): Promise<void> {
    const info = await this.sub.info('server');
    this.runId = /run_id:(\w+)/.exec(info)?.[1] ?? '';
    const [last, seq] = (await this.pub.multi().xrevrange(this.opts.stream, '+', '-', 'COUNT', 1).get(this.seqKey).exec()) ?? [];
    const entry = (last?.[1] as [string, string[]][] | undefined)?.[0];
    const g = seq?.[1] == null ? 0 : Number(seq[1]);
    this.lastId = entry ? entry[0] : '0-0';
    this.lastG = g;
  }

  /** Whether both connections to Redis are up. */
  get connected(): boolean {
    return this.pub.status === 'ready' && this.sub.status === 'ready';
  }

  override emit(event: DomainEvent): void {
    try {
      // Issued before the local fan-out (and so before the ack): ioredis writes it to the socket now.
      this.pub
        .atendoPublish(this.opts.stream, this.seqKey, this.instanceId, String(++this.counter), JSON.stringify(event), String(this.opts.retentionMs))
        .catch((err: unknown) => this.warn('publish', err));
    } catch (err) {
      this.warn('publish', err);
    }
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

  /**
   * Checked when the reader is idle and after its connection failed: another Redis, the stream
   * gone, or entries trimmed before this instance read them with nothing after them yet (when
   * entries follow, their numbers show the hole as they are read).
   */
  private async checkContinuity(): Promise<void> {
    const info = await this.sub.info('server');
    const runId = /run_id:(\w+)/.exec(info)?.[1] ?? '';
    let raw: unknown[] | null = null;
    try {
      raw = (await this.sub.call('XINFO', 'STREAM', this.opts.stream)) as unknown[];
    } catch (err) {
      if (!String(err).includes('no such key')) throw err;
    }
    let reason: string | null = null;
    if (this.runId && runId !== this.runId) reason = 'Redis restarted';
    else if (!raw && this.lastId !== '0-0') reason = 'the stream is gone';
    else if (await this.trimmedPast()) reason = 'entries were trimmed before this instance read them';
    if (reason) await this.gap(reason);
  }

  /**
   * Entries were numbered after the last one read, and none of them is left after it: they were
   * trimmed while this instance was not reading (a long pause), and nothing written since has shown
   * it yet. Read together (MULTI), so an entry being added cannot look missing.
   */
  private async trimmedPast(): Promise<boolean> {
    if (this.lastG === null) return false;
    const [next, seq] = (await this.sub.multi().xrange(this.opts.stream, `(${this.lastId}`, '+', 'COUNT', 1).get(this.seqKey).exec()) ?? [];
    if (next?.[0] || seq?.[0]) return false;
    const numbered = seq?.[1] == null ? 0 : Number(seq[1]);
    return numbered > this.lastG && (next?.[1] as unknown[] | undefined)?.length === 0;
  }

  private async gap(reason: string): Promise<void> {
    this.gaps++;
    this.last.clear();
    (this.opts.log ?? console.error)(`cluster bus: events may have been missed (${reason}); closing this instance's sockets so their clients resume`);
    this.deliver({ type: 'bus.gap', reason }, false);
    await this.resetPosition();
  }

  /** One entry; false when a gap was found before it (the position was reset: read again from there). */
  private async receive(id: string, fields: string[]): Promise<boolean> {
    const g = Number(field(fields, 'g'));
    if (this.lastG !== null && Number.isFinite(g) && g !== this.lastG + 1) {
      await this.gap(g <= this.lastG ? 'the stream was started again' : `${g - this.lastG - 1} entries are missing`);
      return false;
    }
    this.lastId = id;
    if (Number.isFinite(g)) this.lastG = g;
    const from = field(fields, 'i');
    const n = Number(field(fields, 'n'));
    const payload = field(fields, 'v');
    if (!from || from === this.instanceId || !payload) return true;
    const before = this.last.get(from);
    // Written twice (a reply lost, the command sent again after a reconnect): delivered once.
    if (before !== undefined && n <= before) return true;
    this.last.set(from, n);
    // A publish its client gave up on (Redis unreachable too long) took no number: its counter says so.
    if (before !== undefined && n > before + 1) {
      await this.gap(`${n - before - 1} entries of instance ${from} are missing`);
      return false;
    }
    let event: DomainEvent;
    try {
      event = JSON.parse(payload) as DomainEvent;
    } catch (err) {
      this.warn('parse', err);
      return true;
    }
    this.received++;
    // A publisher that left says so last.
    if (event.type === 'instance.gone') this.last.delete(event.instanceId);
    this.deliver(event, true);
    return true;
  }

  private async read(): Promise<void> {
    const blockMs = this.opts.blockMs ?? 5000;
    let broken = false;
    while (!this.stopped) {
      try {
        if (broken) {
          await this.checkContinuity();
          broken = false;
        }
        const res = (await this.sub.xread('COUNT', 500, 'BLOCK', blockMs, 'STREAMS', this.opts.stream, this.lastId)) as [string, [string, string[]][]][] | null;
        if (!res) {
          await this.checkContinuity();
          continue;
        }
        entries: for (const [, entries] of res) {
          for (const [id, fields] of entries) if (!(await this.receive(id, fields))) break entries;
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
