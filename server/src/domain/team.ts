import type { AgentRole, AgentStatus, AgentSummary, Conversation } from '@atendo/shared';
import type { Bus } from '../state';
import type { AgentRow } from '../storage';
import type { AgentStore } from '../storage/agents';
import type { AccountService } from './accounts';
import type { AgentService } from './agents';
import type { ConversationService } from './conversations';
import { AppError, notFound } from './errors';
import type { PresenceService } from './presence';

/**
 * The team: agents' status (online/away), capacity and load, invitations, and who handles which
 * conversation (manual assignment; round-robin auto-assignment to agents who are actually online
 * and under their capacity is decided by the conversation store when a visitor's first message
 * opens a conversation, among the agents presence says are connected).
 */
export class TeamService {
  /**
   * Agents with status online who are not deactivated, kept in memory so that `anyoneOnline` (asked
   * synchronously by presence and on every widget hello) reads no database. Loaded by `init`, kept
   * current by `setStatus`, `update` and `setActive` (the only writers of status and deactivation).
   */
  private onlineActive = new Set<string>();

  constructor(
    private store: AgentStore,
    private bus: Bus,
    private agentService: AgentService,
    private conversations: ConversationService,
    private presence: PresenceService,
    private accounts: AccountService,
  ) {
    presence.availableNow = () => this.anyoneOnline();
    presence.onAgentChange = (id, scope) => {
      this.summary(id).then(
        (agent) => {
          if (!agent) return;
          if (scope === 'cluster') this.bus.emit({ type: 'agent.presence', agent });
          else this.bus.local({ type: 'agent.presence', agent });
        },
        (err: unknown) => console.error('agent presence summary failed', err),
      );
    };
    // Another instance changed an agent's status or deactivated them: who can answer changes here too.
    // Read from storage (summaries can arrive out of order: "away" then "online" in quick succession).
    bus.on((event, remote) => {
      if (!remote || event.type !== 'agent.presence') return;
      this.store.get(event.agent.id).then(
        (row) => {
          if (row) this.track(row);
          this.presence.recheck();
        },
        (err: unknown) => console.error('reading an agent after a change on another instance failed', err),
      );
    });
  }

  /** Load who is online and active; call once at start, before sockets are accepted. */
  async init(): Promise<void> {
    this.onlineActive = new Set(await this.store.onlineActive());
  }

  private track(row: AgentRow): void {
    if (row.status === 'online' && row.deactivatedAt == null) this.onlineActive.add(row.id);
    else this.onlineActive.delete(row.id);
  }

  private async toSummary(row: AgentRow): Promise<AgentSummary> {
    return {
      id: row.id,
      email: row.email,
      name: row.name,
      role: row.role,
      status: row.status,
      connected: this.presence.isConnected(row.id),
      capacity: row.capacity,
      load: await this.store.load(row.id),
      deactivatedAt: row.deactivatedAt ?? null,
      invitedAt: row.invitedAt ?? null,
      twoFactor: row.totpSecret != null,
    };
  }

  async summary(id: string): Promise<AgentSummary | undefined> {
    const row = await this.store.get(id);
    return row && this.toSummary(row);
  }

  async list(): Promise<AgentSummary[]> {
    const rows = await this.store.list();
    return Promise.all(rows.map((r) => this.toSummary(r)));
  }

  /** True when some agent is online with a console open: the widget offers live chat, else a message. Synchronous: reads memory only. */
  anyoneOnline(): boolean {
    for (const id of this.onlineActive) if (this.presence.isConnected(id)) return true;
    return false;
  }

  async setStatus(agentId: string, status: AgentStatus): Promise<AgentSummary> {
    const row = await this.store.setStatus(agentId, status);
    if (!row) throw notFound('Agent');
    this.track(row);
    this.presence.agentChanged(agentId);
    return this.toSummary(row);
  }

  /**
   * Admins invite a teammate: with e-mail on, an invitation with a link to choose a password goes
   * out; with e-mail off, a generated password is returned once to hand over.
   */
  async invite(
    input: { email: string; name: string; role: AgentRole; locale?: string | undefined },
    inviterName: string,
  ): Promise<{ agent: AgentSummary; password: string | null; emailed: boolean }> {
    const { locale, ...fields } = input;
    const { agent, password, emailed } = await this.accounts.invite((pw) => this.agentService.create({ ...fields, password: pw }), { inviterName, locale });
    return { agent: (await this.summary(agent.id))!, password, emailed };
  }

  /** Send a pending invitation again (a new link; the old one stops working). */
  async resendInvitation(agentId: string, inviterName: string, locale: string | undefined): Promise<AgentSummary> {
    await this.accounts.sendInvitation(agentId, { inviterName, locale });
    const agent = await this.summary(agentId);
    if (!agent) throw notFound('Agent');
    return agent;
  }

  /** Role and capacity (admins). The last active admin keeps the admin role (decided by the store, in its transaction). */
  async update(agentId: string, patch: { role?: AgentRole | undefined; capacity?: number | undefined }): Promise<AgentSummary> {
    const row = await this.store.update(agentId, patch);
    if (!row) throw notFound('Agent');
    this.track(row);
    const agent = await this.toSummary(row);
    this.bus.emit({ type: 'agent.presence', agent });
    return agent;
  }

  /**
   * Deactivate or reactivate an agent; admins only, never oneself, never the last active
   * admin. Deactivating ends every session of theirs (their sockets close at once), hands their open
   * and pending conversations back to the team (unassigned, so every agent sees the rows change),
   * and takes them out of assignment. Nothing they wrote is deleted.
   */
  async setActive(actorId: string, agentId: string, active: boolean): Promise<AgentSummary> {
    const row = await this.store.get(agentId);
    if (!row) throw notFound('Agent');
    if (active) {
      if (row.deactivatedAt != null && (await this.store.reactivate(agentId))) {
        const after = await this.store.get(agentId);
        if (after) this.track(after);
        this.presence.agentChanged(agentId);
      }
      return (await this.summary(agentId))!;
    }
    if (agentId === actorId) throw new AppError('conflict', 'You cannot deactivate yourself');
    // One transaction: deactivated (status away), their open and pending conversations unassigned;
    // the last active admin is refused there. Null: they were deactivated already.
    const handedBack = await this.store.deactivate(agentId, Date.now());
    if (handedBack) {
      this.onlineActive.delete(agentId);
      // Sessions go after the commit; their sockets close on the event (ws/hub.ts).
      await this.agentService.endAllSessions(agentId, 'deactivated');
      for (const id of handedBack)
        this.bus.emit({ type: 'conversation.updated', conversation: await this.conversations.get(id), previous: { assigneeId: agentId } });
      this.presence.agentChanged(agentId);
    }
    return (await this.summary(agentId))!;
  }

  /** Assign (or transfer, or unassign with null) a conversation. */
  async assign(conversationId: string, agentId: string | null): Promise<Conversation> {
    // Unknown or deactivated agent, unknown conversation: refused by the store, in its transaction.
    const previous = await this.store.assign(conversationId, agentId);
    const conversation = await this.conversations.get(conversationId);
    if (previous === agentId) return conversation;
    this.bus.emit({ type: 'conversation.updated', conversation, previous: { assigneeId: previous } });
    for (const id of [previous, agentId]) {
      const agent = id ? await this.summary(id) : undefined;
      if (agent) this.bus.emit({ type: 'agent.presence', agent });
    }
    return conversation;
  }
}
