import type { LiveVisitor, PageView } from '@atendo/shared';
import type { Bus, Presence } from '../state';
import type { DomainEvent } from './events';

interface VisitorPresence {
  siteId: string;
  sockets: number;
  live: LiveVisitor;
}

/** What one instance says is open there: agents with a console, visitors with the widget. */
interface InstanceFacts {
  agents: Set<string>;
  visitors: Map<string, LiveVisitor>;
}

/**
 * The `Presence` (state/index.ts): who is connected right now. This instance counts its own sockets
 * (a second tab doubles nothing, closing one of two changes nothing) and announces what changed as
 * absolute facts (`presence.agent`, `presence.visitor`) on the bus. Every instance keeps a mirror of
 * every instance's facts, its own included, so reads (`isConnected`, `liveVisitors`…) are
 * synchronous and answer for the whole cluster. On one box the mirror holds one instance.
 *
 * Each instance derives for its own sockets what the facts mean: a visitor arrived or left
 * (`visitor.live`, `visitor.left`, once no instance has them) and whether anyone can answer
 * (`availability`), with `bus.local`.
 */
export class PresenceService implements Presence {
  private agents = new Map<string, number>();
  private visitors = new Map<string, VisitorPresence>();
  private instances = new Map<string, InstanceFacts>();
  /**
   * Called when an agent's connectedness or status changed (the team service turns it into an
   * `agent.presence` event): `cluster` where it happened, `local` where an instance's end was
   * noticed (every survivor tells its own consoles).
   */
  onAgentChange: ((agentId: string, scope: 'cluster' | 'local') => void) | null = null;
  /** Asked whether any agent is online now (status online and connected). */
  availableNow: () => boolean = () => this.connectedAgents().length > 0;
  private lastAvailable: boolean | null = null;

  constructor(private bus: Bus) {
    bus.on((event, remote) => this.apply(event, remote));
  }

  private facts(instanceId: string): InstanceFacts {
    let f = this.instances.get(instanceId);
    if (!f) this.instances.set(instanceId, (f = { agents: new Set(), visitors: new Map() }));
    return f;
  }

  /** A fact of another instance again (the registry read an older snapshot of it meanwhile). */
  applyFact(event: Extract<DomainEvent, { type: 'presence.agent' | 'presence.visitor' }>): void {
    this.apply(event, true);
  }

  private apply(event: DomainEvent, remote: boolean): void {
    switch (event.type) {
      case 'presence.agent': {
        const f = this.facts(event.instanceId);
        if (event.connected) f.agents.add(event.agentId);
        else f.agents.delete(event.agentId);
        // Where it happened, `agentConnected`/`agentDisconnected` go on with `agentChanged`.
        if (remote) this.recheck();
        break;
      }
      case 'presence.visitor': {
        const f = this.facts(event.instanceId);
        if (event.live) {
          f.visitors.set(event.visitorId, event.live);
          this.bus.local({ type: 'visitor.live', visitor: event.live });
        } else {
          f.visitors.delete(event.visitorId);
          if (!this.isVisitorOnline(event.visitorId)) this.bus.local({ type: 'visitor.left', visitorId: event.visitorId });
        }
        break;
      }
      case 'instance.gone':
        if (event.instanceId !== this.bus.instanceId) this.dropInstance(event.instanceId);
        break;
    }
  }

  /** An instance ended: what it said no longer holds; this instance's sockets are told what that changes. */
  dropInstance(instanceId: string): void {
    const f = this.instances.get(instanceId);
    if (!f) return;
    this.instances.delete(instanceId);
    for (const id of f.visitors.keys()) if (!this.isVisitorOnline(id)) this.bus.local({ type: 'visitor.left', visitorId: id });
    for (const id of f.agents) if (!this.isConnected(id)) this.onAgentChange?.(id, 'local');
    this.recheck();
  }

  /** Another instance's whole state, read from where it keeps it (at start, after a gap in the bus). */
  replaceInstance(instanceId: string, agents: readonly string[], visitors: readonly LiveVisitor[]): void {
    if (instanceId === this.bus.instanceId) return;
    this.instances.set(instanceId, { agents: new Set(agents), visitors: new Map(visitors.map((v) => [v.visitorId, v])) });
    this.recheck();
  }

  /** The instances the mirror holds facts of (this one's included once it has any). */
  knownInstances(): string[] {
    return [...this.instances.keys()];
  }

  /** This instance's own facts, to write again where the cluster keeps them (after Redis came back). */
  ownFacts(): { agents: string[]; visitors: LiveVisitor[] } {
    return { agents: [...this.agents.keys()], visitors: [...this.visitors.values()].map((v) => v.live) };
  }

  agentConnected(agentId: string): void {
    const n = (this.agents.get(agentId) ?? 0) + 1;
    this.agents.set(agentId, n);
    if (n > 1) return;
    this.bus.emit({ type: 'presence.agent', instanceId: this.bus.instanceId, agentId, connected: true });
    this.agentChanged(agentId);
  }

  agentDisconnected(agentId: string): void {
    const n = (this.agents.get(agentId) ?? 0) - 1;
    if (n > 0) return void this.agents.set(agentId, n);
    this.agents.delete(agentId);
    this.bus.emit({ type: 'presence.agent', instanceId: this.bus.instanceId, agentId, connected: false });
    this.agentChanged(agentId);
  }

  isConnected(agentId: string): boolean {
    for (const f of this.instances.values()) if (f.agents.has(agentId)) return true;
    return false;
  }

  connectedAgents(): string[] {
    const ids = new Set<string>();
    for (const f of this.instances.values()) for (const id of f.agents) ids.add(id);
    return [...ids];
  }

  /** Re-check availability after an agent's status or connectedness changed here; tell visitors if it flipped. */
  agentChanged(agentId: string): void {
    this.onAgentChange?.(agentId, 'cluster');
    this.recheck();
  }

  /** Whether anyone can answer, again: this instance's visitors are told when it flipped. */
  recheck(): void {
    const available = this.availableNow();
    if (available !== this.lastAvailable) {
      this.lastAvailable = available;
      this.bus.local({ type: 'availability', available });
    }
  }

  private announce(visitorId: string, live: LiveVisitor | null): void {
    this.bus.emit({ type: 'presence.visitor', instanceId: this.bus.instanceId, visitorId, live });
  }

  /** A widget socket of a known visitor opened (`live.since` comes from the stored session start). */
  visitorConnected(live: LiveVisitor): LiveVisitor {
    const known = this.visitors.get(live.visitorId);
    if (known) {
      known.sockets++;
      if (live.currentPage) known.live = { ...known.live, currentPage: live.currentPage };
    } else {
      this.visitors.set(live.visitorId, { siteId: live.siteId, sockets: 1, live });
    }
    const current = this.visitors.get(live.visitorId)!.live;
    this.announce(live.visitorId, current);
    return current;
  }

  visitorPage(visitorId: string, page: PageView): void {
    const known = this.visitors.get(visitorId);
    if (!known) return;
    known.live = { ...known.live, currentPage: page };
    this.announce(visitorId, known.live);
  }

  /** A visitor on the site gave a name or e-mail (pre-chat, leave-a-message): the Visitors page shows it now. */
  visitorRenamed(visitorId: string, who: { name: string | null; email: string | null }): void {
    const known = this.visitors.get(visitorId);
    if (!known) return;
    known.live = { ...known.live, name: who.name, email: who.email };
    this.announce(visitorId, known.live);
  }

  visitorDisconnected(visitorId: string): void {
    const known = this.visitors.get(visitorId);
    if (!known) return;
    if (--known.sockets > 0) return;
    this.visitors.delete(visitorId);
    this.announce(visitorId, null);
  }

  isVisitorOnline(visitorId: string): boolean {
    for (const f of this.instances.values()) if (f.visitors.has(visitorId)) return true;
    return false;
  }

  /**
   * Everyone on a site (or all sites) now, longest-present first. A visitor with widgets open on
   * two instances is listed once, with the page seen last.
   */
  liveVisitors(siteId?: string): LiveVisitor[] {
    const byId = new Map<string, LiveVisitor>();
    for (const f of this.instances.values()) {
      for (const v of f.visitors.values()) {
        if (siteId && v.siteId !== siteId) continue;
        const seen = byId.get(v.visitorId);
        if (!seen || (v.currentPage?.at ?? 0) > (seen.currentPage?.at ?? 0)) byId.set(v.visitorId, v);
      }
    }
    return [...byId.values()].sort((a, b) => a.since - b.since);
  }
}
