/**
 * Who is in the cluster and what each instance has open. Every instance beats into one sorted set
 * (`<prefix>instances`, score = Redis's time of the last beat) and keeps its presence facts in two
 * hashes of its own (`<prefix>inst:<id>:agents`, `…:visitors`). It reads every other live
 * instance's hashes into its presence mirror at start, after a gap in the bus, and whenever it
 * finds a live instance it has not read; in between, the facts arrive on the bus. Facts that
 * arrive while a read is in flight are applied again after it (the read may be older than them).
 * An instance whose beat is older than `deadAfterMs` is dropped from every mirror (its agents and
 * visitors drop out within seconds); its keys are deleted by a script that checks the beat again,
 * so an instance that beat meanwhile keeps them.
 */
import type { Redis } from 'ioredis';
import type { LiveVisitor } from '@atendo/shared';
import type { DomainEvent } from '../../domain/events';
import type { PresenceService } from '../../domain/presence';
import type { Bus } from '..';

export interface RegistryOptions {
  prefix: string;
  heartbeatMs?: number;
  deadAfterMs?: number;
  log?: (line: string) => void;
}

/** Beat by Redis's clock; returns [added (1: this instance was not listed), now]. */
const BEAT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local added = redis.call('ZADD', KEYS[1], now, ARGV[1])
redis.call('PEXPIRE', KEYS[2], ARGV[2])
redis.call('PEXPIRE', KEYS[3], ARGV[2])
return { added, now }`;

/** Remove the instances whose last beat is older than ARGV[1] ms (checked here, atomically), with their hashes. */
const REAP = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local dead = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', '(' .. (now - tonumber(ARGV[1])))
for _, id in ipairs(dead) do
  redis.call('ZREM', KEYS[1], id)
  redis.call('DEL', ARGV[2] .. 'inst:' .. id .. ':agents', ARGV[2] .. 'inst:' .. id .. ':visitors')
end
return dead`;

type Fact = Extract<DomainEvent, { type: 'presence.agent' | 'presence.visitor' }>;

export class Registry {
  private timer: NodeJS.Timeout | null = null;
  private unsubscribe: (() => void) | null = null;
  private readonly heartbeatMs: number;
  private readonly deadAfterMs: number;
  private logged = 0;
  private stopped = false;
  /** Instances whose hashes were read into the mirror (or that announced facts). */
  private loaded = new Set<string>();
  /** Instances being read because a fact of theirs came first. */
  private reading = new Set<string>();
  /** Reads in flight: facts arriving meanwhile are applied again after them. */
  private loading = 0;
  private arrived: Fact[] = [];
  private onReady = () => {
    if (!this.stopped) this.writeOwn().catch((err: unknown) => this.warn(err));
  };

  constructor(
    private redis: Redis,
    private bus: Bus,
    private presence: PresenceService,
    private opts: RegistryOptions,
  ) {
    this.heartbeatMs = opts.heartbeatMs ?? 2000;
    this.deadAfterMs = opts.deadAfterMs ?? 7000;
  }

  private get me(): string {
    return this.bus.instanceId;
  }

  private key(kind: 'instances'): string;
  private key(kind: 'agents' | 'visitors', instanceId: string): string;
  private key(kind: string, instanceId?: string): string {
    return kind === 'instances' ? `${this.opts.prefix}instances` : `${this.opts.prefix}inst:${instanceId}:${kind}`;
  }

  private warn(err: unknown): void {
    if (Date.now() - this.logged < 10_000) return;
    this.logged = Date.now();
    (this.opts.log ?? console.error)(`cluster registry: ${err instanceof Error ? err.message : String(err)}`);
  }

  async start(): Promise<void> {
    this.unsubscribe = this.bus.on((event, remote) => this.onEvent(event, remote));
    await this.loadAll();
    // Redis came back: what this instance wrote meanwhile may be missing there; write it all again.
    this.redis.on('ready', this.onReady);
    this.timer = setInterval(() => void this.tick().catch((err: unknown) => this.warn(err)), this.heartbeatMs);
    this.timer.unref();
  }

  /** Leave the cluster: the others drop this instance's presence at once, not after `deadAfterMs`. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.unsubscribe?.();
    this.redis.off('ready', this.onReady);
    this.bus.emit({ type: 'instance.gone', instanceId: this.me });
    await this.redis
      .multi()
      .zrem(this.key('instances'), this.me)
      .del(this.key('agents', this.me), this.key('visitors', this.me))
      .exec()
      .catch((err: unknown) => this.warn(err));
  }

  private onEvent(event: DomainEvent, remote: boolean): void {
    if (event.type === 'bus.gap') {
      this.loaded.clear();
      return void this.loadAll().catch((err: unknown) => this.warn(err));
    }
    if (event.type === 'instance.gone') return void this.loaded.delete(event.instanceId);
    if (event.type !== 'presence.agent' && event.type !== 'presence.visitor') return;
    if (remote) {
      if (this.loading) this.arrived.push(event);
      // An instance not read yet (new, or back after being dropped): read all it holds, this fact after.
      else if (!this.loaded.has(event.instanceId)) this.arrived.push(event);
      if (!this.loaded.has(event.instanceId) && !this.reading.has(event.instanceId)) {
        const id = event.instanceId;
        this.reading.add(id);
        this.load([id])
          .catch((err: unknown) => this.warn(err))
          .finally(() => this.reading.delete(id));
      }
      return;
    }
    if (event.instanceId !== this.me) return;
    if (event.type === 'presence.agent') {
      const key = this.key('agents', this.me);
      (event.connected ? this.redis.hset(key, event.agentId, '1') : this.redis.hdel(key, event.agentId)).catch((err: unknown) => this.warn(err));
    } else {
      const key = this.key('visitors', this.me);
      (event.live ? this.redis.hset(key, event.visitorId, JSON.stringify(event.live)) : this.redis.hdel(key, event.visitorId)).catch((err: unknown) =>
        this.warn(err),
      );
    }
  }

  /** Beat; returns Redis's time now. */
  private async beat(): Promise<number> {
    const ttl = String(Math.round(this.deadAfterMs * 3));
    const [added, now] = (await this.redis.eval(BEAT, 3, this.key('instances'), this.key('agents', this.me), this.key('visitors', this.me), this.me, ttl)) as [
      number,
      number,
    ];
    // Dropped by the others (a long pause, Redis cut off): they deleted this instance's facts; write them again.
    if (added === 1 && this.timer) {
      (this.opts.log ?? console.error)('cluster registry: this instance had been dropped from the cluster; joining again');
      await this.writeOwn();
    }
    return now;
  }

  /** The instances whose last beat is recent enough, by Redis's clock `now`. */
  private async live(now: number): Promise<Set<string>> {
    return new Set(await this.redis.zrangebyscore(this.key('instances'), now - this.deadAfterMs, '+inf'));
  }

  private async tick(): Promise<void> {
    if (this.stopped) return;
    const now = await this.beat();
    const live = await this.live(now);
    for (const id of this.presence.knownInstances()) {
      if (id === this.me || live.has(id)) continue;
      (this.opts.log ?? console.error)(`cluster registry: instance ${id} stopped beating; its agents and visitors are no longer online`);
      this.loaded.delete(id);
      this.presence.dropInstance(id);
    }
    // Anyone may clean up after the dead; the script checks each beat again.
    await this.redis.eval(REAP, 1, this.key('instances'), String(this.deadAfterMs), this.opts.prefix);
    const unread = [...live].filter((id) => id !== this.me && !this.loaded.has(id));
    if (unread.length) await this.load(unread);
  }

  /** Every other live instance's facts into the mirror (at start, after a gap). */
  private async loadAll(): Promise<void> {
    const live = await this.live(await this.beat());
    for (const id of this.presence.knownInstances()) {
      if (id !== this.me && !live.has(id)) this.presence.dropInstance(id);
    }
    await this.load([...live].filter((id) => id !== this.me));
  }

  private async load(ids: string[]): Promise<void> {
    this.loading++;
    try {
      for (const id of ids) {
        const [agents, visitors] = await Promise.all([this.redis.hkeys(this.key('agents', id)), this.redis.hvals(this.key('visitors', id))]);
        const parsed: LiveVisitor[] = [];
        for (const v of visitors) {
          try {
            parsed.push(JSON.parse(v) as LiveVisitor);
          } catch {
            /* a damaged entry: that visitor is not listed */
          }
        }
        this.presence.replaceInstance(id, agents, parsed);
        this.loaded.add(id);
      }
    } finally {
      this.loading--;
    }
    // What arrived on the bus while reading may be newer than what was read: it wins.
    if (!this.loading) for (const fact of this.arrived.splice(0)) this.presence.applyFact(fact);
  }

  /** This instance's facts, all of them, where the others read them. */
  private async writeOwn(): Promise<void> {
    const own = this.presence.ownFacts();
    const m = this.redis.multi().del(this.key('agents', this.me), this.key('visitors', this.me));
    if (own.agents.length) m.hset(this.key('agents', this.me), Object.fromEntries(own.agents.map((a) => [a, '1'])));
    if (own.visitors.length) m.hset(this.key('visitors', this.me), Object.fromEntries(own.visitors.map((v) => [v.visitorId, JSON.stringify(v)])));
    await m.exec();
  }
}
