/**
 * Continuity out: an agent's reply reaches a visitor who left. An agent message (notes are not
 * messages: they never reach this) in a conversation whose visitor gave an e-mail address opens a
 * window, due `delayMs` later, unless one is open. When it is due: if the visitor has read past the
 * window's last agent message in the widget, nothing is sent; otherwise ONE e-mail with every agent
 * message of the window and a short recap is enqueued in the outbox, with the dedupe key
 * `continuity:<conversationId>:<lastSeq>`. Windows are rows (conversation_mail), so a restart finds
 * them; closing one is a compare-and-set on what was covered, so several workers or instances send
 * one e-mail per window.
 */
import { randomBytes } from 'node:crypto';
import { safeHref } from '@atendo/shared';
import type { MailConfig } from '../../config';
import type { Storage } from '../../storage';
import type { MessageRecord } from '../../storage/conversations';
import type { ConversationMailRow, MailOutboxRow } from '../../storage/types';
import type { Bus } from '../../state';
import type { DomainEvent } from '../events';
import { newId } from '../ids';
import { continuityEmail } from './templates';
import { hashReplyToken, newReplyToken, replyAddress } from './tokens';

/** Messages read per window (the rest, if an agent wrote more, go in the next window's e-mail). */
const WINDOW_MESSAGES = 200;
/** Messages before the window read for the recap. */
const RECAP_LOOKBACK = 20;

export interface ContinuityOptions {
  now?: () => number;
  /** How often due windows are looked for (besides a timer at the next known due time). */
  scanMs?: number;
  log?: (message: string) => void;
  /** An e-mail was enqueued: the outbox worker sends it now. */
  onEnqueued?: () => void;
}

function parseOrigins(json: string): string[] {
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

const httpOnly = (url: string | null | undefined) => {
  const href = safeHref(url);
  return href && /^https?:\/\//i.test(href) ? href : null;
};

/** One plain address (what a visitor typed may hold anything the contact form let through): no list, no name, no comment. */
export function sendableAddress(email: string | null | undefined): email is string {
  return !!email && email.length <= 254 && /^[^\s@<>()",;:\\[\]]+@[^\s@<>()",;:\\[\]]+\.[^\s@<>()",;:\\[\].]{2,}$/.test(email);
}

function reason(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export class ContinuityService {
  private readonly now: () => number;
  private readonly scanMs: number;
  private readonly log: (message: string) => void;
  private readonly onEnqueued: () => void;
  private unsubscribe: (() => void) | null = null;
  private interval: NodeJS.Timeout | null = null;
  private dueTimer: NodeJS.Timeout | null = null;
  private dueTimerAt = Infinity;
  private scanning: Promise<void> | null = null;
  private scanAgain = false;
  private pending = new Set<Promise<void>>();
  private stopped = true;

  constructor(
    private storage: Pick<Storage, 'mail' | 'conversations' | 'visitors' | 'sites'>,
    private bus: Bus,
    private agentName: (agentId: string) => string | null,
    private config: Pick<MailConfig, 'from' | 'inboundDomain' | 'delayMs'>,
    opts: ContinuityOptions = {},
  ) {
    this.now = opts.now ?? Date.now;
    this.scanMs = opts.scanMs ?? 5_000;
    this.log = opts.log ?? ((m) => console.warn(m));
    this.onEnqueued = opts.onEnqueued ?? (() => {});
  }

  /** Listen for agent messages and look for due windows (those left by a previous run too). */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    // The instance where an event happened acts on it (with many instances, each hears every event).
    this.unsubscribe = this.bus.on((event, remote) => {
      if (!remote) this.onEvent(event);
    });
    this.interval = setInterval(() => this.scan(), this.scanMs);
    this.interval.unref();
    this.scan();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    this.unsubscribe = null;
    if (this.interval) clearInterval(this.interval);
    if (this.dueTimer) clearTimeout(this.dueTimer);
    this.interval = this.dueTimer = null;
    await Promise.all(this.pending);
    await this.scanning;
  }

  private onEvent(event: DomainEvent): void {
    if (event.type !== 'message.created' || this.stopped) return;
    const { message, conversation } = event;
    if (message.author !== 'agent' || !sendableAddress(conversation.visitorEmail)) return;
    const dueAt = this.now() + this.config.delayMs;
    const noted = this.storage.mail
      .noteAgentMessage(conversation.id, message.seq, dueAt)
      .then(() => this.wakeAt(dueAt))
      .catch((err: unknown) => this.log(`mail: could not note the reply in ${conversation.id}: ${reason(err)}`))
      .finally(() => this.pending.delete(noted));
    this.pending.add(noted);
  }

  /** Scan at `at` (a window is due then), unless a scan is already set for earlier. */
  private wakeAt(at: number): void {
    if (this.stopped || at >= this.dueTimerAt) return;
    if (this.dueTimer) clearTimeout(this.dueTimer);
    this.dueTimerAt = at;
    this.dueTimer = setTimeout(
      () => {
        this.dueTimer = null;
        this.dueTimerAt = Infinity;
        this.scan();
      },
      Math.max(0, at - this.now()),
    );
    this.dueTimer.unref();
  }

  /** Close every due window (a scan in progress runs once more). */
  scan(): void {
    if (this.stopped) return;
    if (this.scanning) {
      this.scanAgain = true;
      return;
    }
    this.scanning = this.closeDue().finally(() => {
      this.scanning = null;
      if (this.scanAgain) {
        this.scanAgain = false;
        this.scan();
      }
    });
  }

  private async closeDue(): Promise<void> {
    try {
      for (;;) {
        if (this.stopped) return;
        const due = await this.storage.mail.dueWindows(this.now(), 50);
        let progressed = false;
        for (const window of due) {
          if (this.stopped) return;
          try {
            if ((await this.close(window)) !== 'stale') progressed = true;
          } catch (err) {
            this.log(`mail: the e-mail of conversation ${window.conversationId} could not be prepared: ${reason(err)}`);
          }
        }
        if (due.length < 50 || !progressed) return;
      }
    } catch (err) {
      this.log(`mail: due windows could not be read: ${reason(err)}`);
    }
  }

  /** Decide one due window: skip it (read, no address) or enqueue its e-mail. */
  private async close(window: ConversationMailRow): Promise<'enqueued' | 'closed' | 'stale'> {
    const { conversationId, mailedSeq } = window;
    const reopenAt = this.now() + this.config.delayMs;
    const conversation = await this.storage.conversations.get(conversationId);
    // Erased meanwhile: the window went with it.
    if (!conversation) return 'stale';
    const messages = await this.storage.conversations.messagesAfter(conversationId, Math.max(0, mailedSeq - RECAP_LOOKBACK), WINDOW_MESSAGES + RECAP_LOOKBACK);
    const inWindow = messages.filter((m) => m.seq > mailedSeq);
    const replies = inWindow.filter((m) => m.author === 'agent');
    const lastReply = replies[replies.length - 1];
    if (!lastReply || !sendableAddress(conversation.visitorEmail) || conversation.visitorReadSeq >= lastReply.seq) {
      // Nothing to send: no reply in it, no address any more, or the visitor saw the replies in the widget.
      const toSeq = lastReply?.seq ?? inWindow[inWindow.length - 1]?.seq ?? mailedSeq;
      return this.storage.mail.closeWindow({ conversationId, fromSeq: mailedSeq, toSeq, reopenAt });
    }
    const mail = await this.compose(window, conversation, replies, messages.filter((m) => m.author === 'visitor' && m.seq < lastReply.seq).slice(-2));
    const result = await this.storage.mail.closeWindow({ conversationId, fromSeq: mailedSeq, toSeq: lastReply.seq, reopenAt, mail });
    if (result === 'enqueued') this.onEnqueued();
    return result;
  }

  private async compose(
    window: ConversationMailRow,
    conversation: { id: string; siteId: string; visitorId: string; visitorEmail: string | null },
    replies: MessageRecord[],
    recap: MessageRecord[],
  ) {
    const [visitor, site] = await Promise.all([this.storage.visitors.get(conversation.visitorId), this.storage.sites.get(conversation.siteId)]);
    const link = httpOnly(visitor?.lastPageUrl) ?? httpOnly(parseOrigins(site?.allowedOrigins ?? '[]')[0]) ?? null;
    const teamName = site?.teamName.trim() || this.config.from.name;
    const token = this.config.inboundDomain ? newReplyToken() : null;
    const content = continuityEmail({
      locale: visitor?.locale ?? null,
      teamName,
      replies: replies.map((m) => ({ authorName: m.agentId ? this.agentName(m.agentId) : null, body: m.body })),
      recap: recap.map((m) => m.body),
      link,
      canReply: token !== null,
    });
    const domain = this.config.from.address.split('@').pop()!;
    const messageId = `<${Date.now().toString(36)}.${randomBytes(12).toString('hex')}@${domain}>`;
    const thread = [window.firstMessageId, window.lastMessageId].filter((x, i, all): x is string => !!x && all.indexOf(x) === i);
    const headers: Record<string, string> = {
      'Message-ID': messageId,
      ...(window.lastMessageId ? { 'In-Reply-To': window.lastMessageId } : {}),
      ...(thread.length ? { References: thread.join(' ') } : {}),
      'Auto-Submitted': 'auto-generated',
      // Outlook and Exchange: no out-of-office answers to this (no mail loop).
      'X-Auto-Response-Suppress': 'All',
    };
    const lastSeq = replies[replies.length - 1]!.seq;
    const now = this.now();
    const row: MailOutboxRow = {
      id: newId(),
      dedupeKey: `continuity:${conversation.id}:${lastSeq}`,
      kind: 'continuity',
      recipient: conversation.visitorEmail!,
      subject: content.subject,
      text: content.text,
      html: content.html,
      headers: JSON.stringify(headers),
      replyTo: token ? replyAddress(token, this.config.inboundDomain!) : null,
      fromName: site?.teamName.trim() || null,
      conversationId: conversation.id,
      state: 'queued',
      attempts: 0,
      nextAttemptAt: now,
      leaseUntil: null,
      lastError: null,
      createdAt: now,
      sentAt: null,
    };
    return { row, token: token ? { tokenHash: hashReplyToken(token), conversationId: conversation.id, createdAt: now } : null, messageId };
  }
}
