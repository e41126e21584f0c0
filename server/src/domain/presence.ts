import type { LiveVisitor, PageView } from '@atendo/shared';
import type { Bus, Presence } from '../state';

interface VisitorPresence {
  siteId: string;
  sockets: number;
  live: LiveVisitor;
}

/**
 * The in-memory `Presence` (state/index.ts). Who is connected right now, in memory (one process): agents with a console open and visitors
 * with the widget open. Sockets are counted, so a second tab does not double anything and closing
 * one of two tabs changes nothing.
 */
export class PresenceService implements Presence {
  private agents = new Map<string, number>();
  private visitors = new Map<string, VisitorPresence>();
  /** Called when an agent's connectedness flips (the team service turns it into a presence event). */
  onAgentChange: ((agentId: string) => void) | null = null;
  /** Asked whether any agent is online now (status online and connected). */
  availableNow: () => boolean = () => this.agents.size > 0;
  private lastAvailable: boolean | null = null;

  constructor(private bus: Bus) {}

  agentConnected(agentId: string): void {
    const n = (this.agents.get(agentId) ?? 0) + 1;
    this.agents.set(agentId, n);
    if (n === 1) this.agentChanged(agentId);
  }

  agentDisconnected(agentId: string): void {
    const n = (this.agents.get(agentId) ?? 0) - 1;
    if (n > 0) return void this.agents.set(agentId, n);
    this.agents.delete(agentId);
    this.agentChanged(agentId);
  }

  isConnected(agentId: string): boolean {
    return this.agents.has(agentId);
  }

  connectedAgents(): string[] {
    return [...this.agents.keys()];
  }

  /** Re-check availability after an agent's status or connectedness changed; tell visitors if it flipped. */
  agentChanged(agentId: string): void {
    this.onAgentChange?.(agentId);
    const available = this.availableNow();
    if (available !== this.lastAvailable) {
      this.lastAvailable = available;
      this.bus.emit({ type: 'availability', available });
    }
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
    this.bus.emit({ type: 'visitor.live', visitor: current });
    return current;
  }

  visitorPage(visitorId: string, page: PageView): void {
    const known = this.visitors.get(visitorId);
    if (!known) return;
    known.live = { ...known.live, currentPage: page };
    this.bus.emit({ type: 'visitor.live', visitor: known.live });
  }

  /** A visitor on the site gave a name or e-mail (pre-chat, leave-a-message): the Visitors page shows it now. */
  visitorRenamed(visitorId: string, who: { name: string | null; email: string | null }): void {
    const known = this.visitors.get(visitorId);
    if (!known) return;
    known.live = { ...known.live, name: who.name, email: who.email };
    this.bus.emit({ type: 'visitor.live', visitor: known.live });
  }

  visitorDisconnected(visitorId: string): void {
    const known = this.visitors.get(visitorId);
    if (!known) return;
    if (--known.sockets > 0) return;
    this.visitors.delete(visitorId);
    this.bus.emit({ type: 'visitor.left', visitorId });
  }

  isVisitorOnline(visitorId: string): boolean {
    return this.visitors.has(visitorId);
  }

  /** Everyone on a site (or all sites) now, longest-present first. */
  liveVisitors(siteId?: string): LiveVisitor[] {
    const out: LiveVisitor[] = [];
    for (const v of this.visitors.values()) if (!siteId || v.siteId === siteId) out.push(v.live);
    return out.sort((a, b) => a.since - b.since);
  }
}
