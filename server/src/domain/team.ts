import { and, asc, count, eq, inArray, isNull } from 'drizzle-orm';
import type { AgentRole, AgentStatus, AgentSummary, Conversation } from '@atendo/shared';
import type { Db } from '../storage/sqlite/client';
import { agents, conversations } from '../storage/sqlite/schema';
import type { AgentService } from './agents';
import type { ConversationService } from './conversations';
import { AppError, notFound } from './errors';
import type { EventBus } from './events';
import { generatePassword } from './passwords';
import type { PresenceService } from './presence';

type AgentRow = typeof agents.$inferSelect;

/**
 * The team: agents' status (online/away), capacity and load, invitations, and who handles which
 * conversation — manual assignment and round-robin auto-assignment to agents who are actually
 * online (status online AND a console open) and under their capacity.
 */
export class TeamService {
  constructor(
    private db: Db,
    private bus: EventBus,
    private agentService: AgentService,
    private conversations: ConversationService,
    private presence: PresenceService,
  ) {
    presence.availableNow = () => this.anyoneOnline();
    presence.onAgentChange = (id) => {
      const agent = this.summary(id);
      if (agent) this.bus.emit({ type: 'agent.presence', agent });
    };
    conversations.autoAssign = () => this.pickAssignee();
  }

  private load(agentId: string): number {
    return (
      this.db
        .select({ n: count() })
        .from(conversations)
        .where(and(eq(conversations.assigneeId, agentId), inArray(conversations.status, ['open', 'pending'])))
        .get()?.n ?? 0
    );
  }

  private toSummary(row: AgentRow): AgentSummary {
    return {
      id: row.id,
      email: row.email,
      name: row.name,
      role: row.role,
      status: row.status,
      connected: this.presence.isConnected(row.id),
      capacity: row.capacity,
      load: this.load(row.id),
      deactivatedAt: row.deactivatedAt ?? null,
    };
  }

  summary(id: string): AgentSummary | undefined {
    const row = this.db.select().from(agents).where(eq(agents.id, id)).get();
    return row && this.toSummary(row);
  }

  list(): AgentSummary[] {
    return this.db
      .select()
      .from(agents)
      .orderBy(asc(agents.name))
      .all()
      .map((r) => this.toSummary(r));
  }

  /** True when some agent is online with a console open: the widget offers live chat, else a message. */
  anyoneOnline(): boolean {
    return this.db
      .select({ id: agents.id })
      .from(agents)
      .where(and(eq(agents.status, 'online'), isNull(agents.deactivatedAt)))
      .all()
      .some((a) => this.presence.isConnected(a.id));
  }

  setStatus(agentId: string, status: AgentStatus): AgentSummary {
    this.db.update(agents).set({ status }).where(eq(agents.id, agentId)).run();
    this.presence.agentChanged(agentId);
    const s = this.summary(agentId);
    if (!s) throw notFound('Agent');
    return s;
  }

  /** Admins invite a teammate; the generated password is returned once to hand over. */
  async invite(input: { email: string; name: string; role: AgentRole }): Promise<{ agent: AgentSummary; password: string }> {
    const password = generatePassword();
    const agent = await this.agentService.create({ ...input, password });
    return { agent: this.summary(agent.id)!, password };
  }

  update(agentId: string, patch: { role?: AgentRole | undefined; capacity?: number | undefined }): AgentSummary {
    const row = this.db.select().from(agents).where(eq(agents.id, agentId)).get();
    if (!row) throw notFound('Agent');
    if (patch.role === 'agent' && row.role === 'admin' && row.deactivatedAt == null && this.activeAdmins() <= 1) {
      throw new AppError('conflict', 'The last admin cannot lose the admin role');
    }
    const set: Partial<AgentRow> = {};
    if (patch.role) set.role = patch.role;
    if (patch.capacity !== undefined) set.capacity = patch.capacity;
    if (Object.keys(set).length) this.db.update(agents).set(set).where(eq(agents.id, agentId)).run();
    const agent = this.summary(agentId)!;
    this.bus.emit({ type: 'agent.presence', agent });
    return agent;
  }

  private activeAdmins(): number {
    return (
      this.db
        .select({ n: count() })
        .from(agents)
        .where(and(eq(agents.role, 'admin'), isNull(agents.deactivatedAt)))
        .get()?.n ?? 0
    );
  }

  /**
   * Deactivate (issue 21) or reactivate an agent; admins only, never oneself, never the last active
   * admin. Deactivating ends every session of theirs (their sockets close at once), hands their open
   * and pending conversations back to the team (unassigned, so every agent sees the rows change),
   * and takes them out of assignment. Nothing they wrote is deleted.
   */
  setActive(actorId: string, agentId: string, active: boolean): AgentSummary {
    const row = this.db.select().from(agents).where(eq(agents.id, agentId)).get();
    if (!row) throw notFound('Agent');
    if (active) {
      if (row.deactivatedAt != null) {
        this.db.update(agents).set({ deactivatedAt: null }).where(eq(agents.id, agentId)).run();
        this.presence.agentChanged(agentId);
      }
      return this.summary(agentId)!;
    }
    if (agentId === actorId) throw new AppError('conflict', 'You cannot deactivate yourself');
    if (row.deactivatedAt == null) {
      if (row.role === 'admin' && this.activeAdmins() <= 1) throw new AppError('conflict', 'The last active admin cannot be deactivated');
      const handedBack = this.db.$client.transaction(() => {
        this.db.update(agents).set({ deactivatedAt: Date.now(), status: 'away' }).where(eq(agents.id, agentId)).run();
        return this.db
          .update(conversations)
          .set({ assigneeId: null })
          .where(and(eq(conversations.assigneeId, agentId), inArray(conversations.status, ['open', 'pending'])))
          .returning({ id: conversations.id })
          .all();
      })();
      // Sessions go after the commit; their sockets close on the event (ws/hub.ts).
      this.agentService.endAllSessions(agentId, 'deactivated');
      for (const { id } of handedBack) this.bus.emit({ type: 'conversation.updated', conversation: this.conversations.get(id) });
      this.presence.agentChanged(agentId);
    }
    return this.summary(agentId)!;
  }

  /**
   * Round-robin: among agents online now and under capacity, the one assigned longest ago.
   * Runs inside the caller's transaction (the send that opens the conversation).
   */
  pickAssignee(now = Date.now()): string | null {
    const online = this.db
      .select()
      .from(agents)
      .where(and(eq(agents.status, 'online'), isNull(agents.deactivatedAt)))
      .orderBy(asc(agents.lastAssignedAt), asc(agents.id))
      .all()
      .filter((a) => this.presence.isConnected(a.id));
    for (const a of online) {
      if (this.load(a.id) >= a.capacity) continue;
      this.db.update(agents).set({ lastAssignedAt: now }).where(eq(agents.id, a.id)).run();
      return a.id;
    }
    return null;
  }

  /** Assign (or transfer, or unassign with null) a conversation. */
  assign(conversationId: string, agentId: string | null): Conversation {
    if (agentId) {
      const target = this.db.select({ deactivatedAt: agents.deactivatedAt }).from(agents).where(eq(agents.id, agentId)).get();
      if (!target) throw notFound('Agent');
      if (target.deactivatedAt != null) throw new AppError('conflict', 'This agent is deactivated and cannot be assigned conversations');
    }
    const before = this.conversations.get(conversationId);
    if (before.assigneeId === agentId) return before;
    this.db.update(conversations).set({ assigneeId: agentId }).where(eq(conversations.id, conversationId)).run();
    const conversation = this.conversations.get(conversationId);
    this.bus.emit({ type: 'conversation.updated', conversation });
    for (const id of [before.assigneeId, agentId]) {
      const agent = id ? this.summary(id) : undefined;
      if (agent) this.bus.emit({ type: 'agent.presence', agent });
    }
    return conversation;
  }
}
