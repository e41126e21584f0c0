/**
 * Who is in the cluster and what each instance has open. Every instance beats into one sorted set
 * (`<prefix>instances`, score = last beat) and keeps its presence facts in two hashes of its own
 * (`<prefix>inst:<id>:agents`, `…:visitors`). At start and after a gap in the bus it reads every
 * live instance's hashes into its presence mirror; in between, the facts arrive on the bus. An
 * instance whose beat is older than `deadAfterMs` is dropped from every mirror (its agents and
 * visitors drop out within seconds) and its keys are deleted.
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

export class Registry {
  private timer: NodeJS.Timeout | null = null;
  private unsubscribe: (() => void) | null = null;
  private readonly heartbeatMs: number;
  private readonly deadAfterMs: number;
  private logged = 0;
  private stopped = false;

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
    await this.beat();
    await this.loadAll();
    this.unsubscribe = this.bus.on((event, remote) => this.onEvent(event, remote));
    // Redis came back: what this instance wrote meanwhile may be missing there; write it all again.
    this.redis.on('ready', () => {
      if (!this.stopped) this.writeOwn().catch((err: unknown) => this.warn(err));
    });
    this.timer = setInterval(() => void this.tick().catch((err: unknown) => this.warn(err)), this.heartbeatMs);
    this.timer.unref();
  }

  /** Leave the cluster: the others drop this instance's presence at once, not after `deadAfterMs`. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.unsubscribe?.();
    this.bus.emit({ type: 'instance.gone', instanceId: this.me });
    await this.redis
      .multi()
      .zrem(this.key('instances'), this.me)
      .del(this.key('agents', this.me), this.key('visitors', this.me))
      .exec()
      .catch((err: unknown) => this.warn(err));
  }

  private onEvent(event: DomainEvent, remote: boolean): void {
    if (event.type === 'bus.gap') return void this.loadAll().catch((err: unknown) => this.warn(err));
    if (remote) return;
    if (event.type === 'presence.agent' && event.instanceId === this.me) {
      const key = this.key('agents', this.me);
      (event.connected ? this.redis.hset(key, event.agentId, '1') : this.redis.hdel(key, event.agentId)).catch((err: unknown) => this.warn(err));
    } else if (event.type === 'presence.visitor' && event.instanceId === this.me) {
      const key = this.key('visitors', this.me);
      (event.live ? this.redis.hset(key, event.visitorId, JSON.stringify(event.live)) : this.redis.hdel(key, event.visitorId)).catch((err: unknown) =>
        this.warn(err),
      );
    }
  }

  private async beat(): Promise<void> {
    const ttl = Math.round(this.deadAfterMs * 3);
    await this.redis
      .multi()
      .zadd(this.key('instances'), Date.now(), this.me)
      .pexpire(this.key('agents', this.me), ttl)
      .pexpire(this.key('visitors', this.me), ttl)
      .exec();
  }

  /** The instances whose last beat is recent enough. */
  private async live(): Promise<Set<string>> {
    const ids = await this.redis.zrangebyscore(this.key('instances'), Date.now() - this.deadAfterMs, '+inf');
    return new Set(ids);
  }

  private async tick(): Promise<void> {
    if (this.stopped) return;
    await this.beat();
    const live = await this.live();
    for (const id of this.presence.knownInstances()) {
      if (id === this.me || live.has(id)) continue;
      (this.opts.log ?? console.error)(`cluster registry: instance ${id} stopped beating; its agents and visitors are no longer online`);
      this.presence.dropInstance(id);
    }
    // Anyone may clean up after the dead: deleting twice is harmless.
    const dead = await this.redis.zrangebyscore(this.key('instances'), '-inf', `(${Date.now() - this.deadAfterMs}`);
    if (dead.length) {
      const m = this.redis.multi().zrem(this.key('instances'), ...dead);
      for (const id of dead) m.del(this.key('agents', id), this.key('visitors', id));
      await m.exec();
    }
  }

  /** Every other live instance's facts into the mirror. */
  private async loadAll(): Promise<void> {
    const live = await this.live();
    for (const id of this.presence.knownInstances()) if (id !== this.me && !live.has(id)) this.presence.dropInstance(id);
    for (const id of live) {
      if (id === this.me) continue;
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
    }
  }

  /** This instance's facts, all of them, where the others read them. */
  private async writeOwn(): Promise<void> {
    const own = this.presence.ownFacts();
    const m = this.redis.multi().del(this.key('agents', this.me), this.key('visitors', this.me));
    if (own.agents.length) m.hset(this.key('agents', this.me), Object.fromEntries(own.agents.map((a) => [a, '1'])));
    if (own.visitors.length) m.hset(this.key('visitors', this.me), Object.fromEntries(own.visitors.map((v) => [v.visitorId, JSON.stringify(v)])));
    await m.exec();
    await this.beat();
  }
}
