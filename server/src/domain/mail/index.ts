/**
 * E-mail, when ATENDO_SMTP_URL is set: continuity out (continuity.ts) puts e-mails in the durable
 * outbox, the outbox worker (outbox.ts) sends them through the SMTP transport (mailer.ts).
 */
import type { MailConfig } from '../../config';
import type { MailOutboxRow, Storage } from '../../storage';
import type { Bus } from '../../state';
import { AgentNotifyService, type NotifyPresence } from './agent-notify';
import { ContinuityService, type ContinuityOptions } from './continuity';
import { smtpMailer, type Mailer } from './mailer';
import { OutboxWorker, type OutboxOptions } from './outbox';

export { conversationForToken } from './tokens';

/** Test and tuning knobs; production uses the defaults. */
export interface MailOptions extends Omit<OutboxOptions, 'log' | 'now'>, Omit<ContinuityOptions, 'onEnqueued' | 'log' | 'now'> {
  now?: () => number;
  log?: (message: string) => void;
  mailer?: Mailer;
  /** How long an agent notification waits for others to join its e-mail (default 60 s). */
  notifyBatchMs?: number;
}

/** What agent notifications need beyond storage: who is around, and where the console is. */
export interface AgentNotifyWiring extends NotifyPresence {
  publicUrl: string;
}

export class MailService {
  readonly outbox: OutboxWorker;
  readonly continuity: ContinuityService;
  /** Agent notification e-mails (absent when the caller wired none). */
  readonly agentNotify: AgentNotifyService | null;

  private readonly store: Storage['mail'];

  constructor(
    storage: Storage,
    bus: Bus,
    agentName: (agentId: string) => string | null,
    config: MailConfig,
    opts: MailOptions = {},
    notify?: AgentNotifyWiring,
  ) {
    const { mailer, now, log, scanMs, notifyBatchMs, ...outboxOpts } = opts;
    this.store = storage.mail;
    this.outbox = new OutboxWorker(storage.mail, mailer ?? smtpMailer(config), { ...outboxOpts, now, log });
    this.continuity = new ContinuityService(storage, bus, agentName, config, { now, log, scanMs, onEnqueued: () => this.outbox.kick() });
    this.agentNotify = notify
      ? new AgentNotifyService(
          storage,
          bus,
          notify,
          { publicUrl: notify.publicUrl, fromAddress: config.from.address },
          { now, log, scanMs, batchMs: notifyBatchMs, onEnqueued: () => this.outbox.kick() },
        )
      : null;
  }

  /** Put an e-mail in the outbox (once per dedupe key; false when the key was taken) and wake the worker. */
  async enqueue(row: MailOutboxRow): Promise<boolean> {
    const added = await this.store.enqueue(row);
    if (added) this.outbox.kick();
    return added;
  }

  start(): void {
    this.outbox.start();
    this.continuity.start();
    this.agentNotify?.start();
  }

  /** Stop taking replies and windows, let sends in progress finish. */
  async stop(): Promise<void> {
    await this.continuity.stop();
    await this.agentNotify?.stop();
    await this.outbox.stop();
  }
}
