/**
 * Agent notification e-mails, batched. Events leave rows in agent_notifications (one per agent,
 * kind and conversation while it waits; duplicates are ignored, so a burst of visitor messages is
 * one row):
 * - unattended: a new conversation while no agent is online → every active agent who wants it;
 * - assigned: a conversation auto-assigned to an agent, or assigned by someone else (`assigned`);
 * - visitor_message: a visitor's message in a conversation assigned to an agent with no console open.
 * A timer (as continuity's scan) finds agents whose oldest row waited `batchMs`, and per agent
 * claims the rows and enqueues ONE e-mail in one transaction (all or nothing), so several
 * instances send a batch once. Deactivated agents and settings turned off meanwhile drop the rows.
 */
import { createHash } from 'node:crypto';
import { parseNotifySettings, type AgentNotifySettings, type Conversation } from '@atendo/shared';
import type { Storage } from '../../storage';
import type { AgentNotificationKind, AgentNotificationRow, MailOutboxRow } from '../../storage/types';
import type { Bus } from '../../state';
import type { DomainEvent } from '../events';
import { newId } from '../ids';
import { agentNotifyEmail, type AgentNotifyItem } from './agent-templates';

/** Messages read back to find a conversation's latest visitor message. */
const PREVIEW_LOOKBACK = 20;
/** Agents handled per scan round. */
const SCAN_BATCH = 50;

/** Who is around, from presence and the team (late-bound: both are built after the mail service). */
export interface NotifyPresence {
  /** Any agent online (status online and a console open). */
  anyoneOnline(): boolean;
  /** This agent has a console open on this instance. */
  isConnected(agentId: string): boolean;
}

export interface AgentNotifyOptions {
  now?: () => number;
  /** How long a batch's oldest row waits before its e-mail goes (more rows join it meanwhile). */
  batchMs?: number;
  /** How often due batches are looked for. */
  scanMs?: number;
  log?: (message: string) => void;
  onEnqueued?: () => void;
}

const SETTING: Record<AgentNotificationKind, keyof AgentNotifySettings> = {
  unattended: 'unattended',
  assigned: 'assigned',
  visitor_message: 'visitorMessage',
};

function reason(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export class AgentNotifyService {
  private readonly now: () => number;
  private readonly batchMs: number;
  private readonly scanMs: number;
  private readonly log: (message: string) => void;
  private readonly onEnqueued: () => void;
  private unsubscribe: (() => void) | null = null;
  private interval: NodeJS.Timeout | null = null;
  private scanning: Promise<void> | null = null;
  private pending = new Set<Promise<unknown>>();
  private stopped = true;

  constructor(
    private storage: Pick<Storage, 'notifications' | 'agents' | 'conversations'>,
    private bus: Bus,
    private presence: NotifyPresence,
    private config: { publicUrl: string; fromAddress: string },
    opts: AgentNotifyOptions = {},
  ) {
    this.now = opts.now ?? Date.now;
    this.batchMs = opts.batchMs ?? 60_000;
    this.scanMs = opts.scanMs ?? 5_000;
    this.log = opts.log ?? ((m) => console.warn(m));
    this.onEnqueued = opts.onEnqueued ?? (() => {});
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    // The instance where an event happened acts on it (with many instances, each hears every event).
    this.unsubscribe = this.bus.on((event, remote) => {
      if (!remote) this.onEvent(event);
    });
    this.interval = setInterval(() => this.scan(), Math.min(this.scanMs, Math.max(50, this.batchMs)));
    this.interval.unref();
    this.scan();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    this.unsubscribe = null;
    if (this.interval) clearInterval(this.interval);
    this.interval = null;
    await Promise.all(this.pending);
    await this.scanning;
  }

  /**
   * A conversation was assigned to `agentId` by `byAgentId` (null: by the system). Nothing when
   * agents assign themselves: they know.
   */
  assigned(conversationId: string, agentId: string | null, byAgentId: string | null): void {
    if (!agentId || agentId === byAgentId) return;
    this.track(this.record([agentId], 'assigned', conversationId));
  }

  private onEvent(event: DomainEvent): void {
    if (this.stopped) return;
    if (event.type === 'conversation.created') this.track(this.onCreated(event.conversation));
    else if (event.type === 'message.created' && event.message.author === 'visitor') this.track(this.onVisitorMessage(event.conversation));
  }

  private track(work: Promise<unknown>): void {
    const p = work.catch((err: unknown) => this.log(`mail: an agent notification could not be noted: ${reason(err)}`)).finally(() => this.pending.delete(p));
    this.pending.add(p);
  }

  private async onCreated(conversation: Conversation): Promise<void> {
    // Auto-assignment happens in the transaction that opens the conversation.
    if (conversation.assigneeId) await this.record([conversation.assigneeId], 'assigned', conversation.id);
    if (this.presence.anyoneOnline()) return;
    const everyone = (await this.storage.agents.list()).map((a) => a.id);
    await this.record(everyone, 'unattended', conversation.id);
  }

  private async onVisitorMessage(conversation: Conversation): Promise<void> {
    const agentId = conversation.assigneeId;
    if (!agentId || this.presence.isConnected(agentId)) return;
    await this.record([agentId], 'visitor_message', conversation.id);
  }

  /** Leave a row for each of these agents who is active and wants this kind. */
  private async record(agentIds: readonly string[], kind: AgentNotificationKind, conversationId: string): Promise<void> {
    const createdAt = this.now();
    for (const agentId of agentIds) {
      const agent = await this.storage.agents.get(agentId);
      if (!agent || agent.deactivatedAt != null || agent.invitedAt != null) continue;
      if (!parseNotifySettings(agent.notifySettings)[SETTING[kind]]) continue;
      await this.storage.notifications.add({ agentId, kind, conversationId, createdAt });
    }
  }

  /** Send every due batch (a scan in progress is not doubled). */
  scan(): void {
    if (this.stopped || this.scanning) return;
    this.scanning = this.sendDue().finally(() => {
      this.scanning = null;
    });
  }

  private async sendDue(): Promise<void> {
    try {
      for (;;) {
        if (this.stopped) return;
        const due = await this.storage.notifications.dueAgents(this.now() - this.batchMs, SCAN_BATCH);
        let progressed = false;
        for (const agentId of due) {
          if (this.stopped) return;
          try {
            if (await this.sendBatch(agentId)) progressed = true;
          } catch (err) {
            this.log(`mail: the notification e-mail of agent ${agentId} could not be prepared: ${reason(err)}`);
          }
        }
        if (due.length < SCAN_BATCH || !progressed) return;
      }
    } catch (err) {
      this.log(`mail: due agent notifications could not be read: ${reason(err)}`);
    }
  }

  /** Claim one agent's waiting rows with their e-mail (or drop them when the agent no longer wants it). */
  private async sendBatch(agentId: string): Promise<boolean> {
    const rows = await this.storage.notifications.pending(agentId);
    if (!rows.length) return false;
    const agent = await this.storage.agents.get(agentId);
    const settings = parseNotifySettings(agent?.notifySettings);
    const wanted = agent && agent.deactivatedAt == null ? rows.filter((r) => settings[SETTING[r.kind]]) : [];
    const items = (await Promise.all(wanted.map((r) => this.item(r)))).filter((i): i is AgentNotifyItem => i !== null);
    const mail = agent && items.length ? this.compose(agent, rows, items) : null;
    const claimed = await this.storage.notifications.claim(rows, mail);
    if (claimed && mail) this.onEnqueued();
    return claimed;
  }

  private async item(row: AgentNotificationRow): Promise<AgentNotifyItem | null> {
    const c = await this.storage.conversations.get(row.conversationId);
    if (!c) return null;
    const recent = await this.storage.conversations.messagesAfter(c.id, Math.max(0, c.lastSeq - PREVIEW_LOOKBACK), PREVIEW_LOOKBACK);
    const lastVisitor = recent.filter((m) => m.author === 'visitor').pop();
    return {
      kind: row.kind,
      visitorName: c.visitorName,
      visitorEmail: c.visitorEmail,
      preview: lastVisitor?.body ?? null,
      link: `${this.config.publicUrl.replace(/\/+$/, '')}/#/conversations/${encodeURIComponent(c.id)}`,
    };
  }

  private compose(agent: { id: string; email: string; name: string }, rows: readonly AgentNotificationRow[], items: AgentNotifyItem[]): MailOutboxRow {
    // Agents have no stored language yet: English until they do.
    const content = agentNotifyEmail({ locale: null, agentName: agent.name, items });
    const batch = rows.map((r) => `${r.kind}:${r.conversationId}:${r.createdAt}`).join(',');
    const now = this.now();
    const domain = this.config.fromAddress.split('@').pop()!;
    return {
      id: newId(),
      dedupeKey: `agent_notification:${agent.id}:${createHash('sha256').update(batch).digest('hex').slice(0, 32)}`,
      kind: 'agent_notification',
      recipient: agent.email,
      subject: content.subject,
      text: content.text,
      html: content.html,
      headers: JSON.stringify({
        'Message-ID': `<${now.toString(36)}.${newId()}@${domain}>`,
        'Auto-Submitted': 'auto-generated',
        'X-Auto-Response-Suppress': 'All',
      }),
      replyTo: null,
      fromName: null,
      conversationId: null,
      state: 'queued',
      attempts: 0,
      nextAttemptAt: now,
      leaseUntil: null,
      lastError: null,
      createdAt: now,
      sentAt: null,
    };
  }
}

/** Each agent's own choices (kept whether e-mail is on or not, so turning it on later keeps them). */
export class NotifySettingsService {
  constructor(
    private store: Storage['notifications'],
    /** Whether e-mail goes out at all. */
    readonly emailOn: boolean,
  ) {}

  async get(agentId: string): Promise<AgentNotifySettings> {
    return parseNotifySettings(await this.store.settings(agentId));
  }

  async set(agentId: string, settings: AgentNotifySettings): Promise<AgentNotifySettings> {
    const clean: AgentNotifySettings = { unattended: settings.unattended, assigned: settings.assigned, visitorMessage: settings.visitorMessage };
    await this.store.setSettings(agentId, JSON.stringify(clean));
    return clean;
  }
}
