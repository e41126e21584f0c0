import { type BotCard, type Conversation, type ConversationStatus, type Message, type Rating, type VisitorConversation } from '@atendo/shared';
import type { ConversationRecord, ConversationStore, MessageRecord, Send, SendInput, Sender, StoredBatch } from '../storage/conversations';
import type { ConversationRow } from '../storage/types';
import { attachmentWire } from './attachments';
import { AppError, notFound } from './errors';
import type { Bus } from '../state';

export type { Send, SendInput, Sender, StoredBatch } from '../storage/conversations';

/** A stored conversation as the wire shows it. */
export function toConversation(c: ConversationRecord): Conversation {
  return {
    id: c.id,
    siteId: c.siteId,
    visitorId: c.visitorId,
    visitorName: c.visitorName,
    visitorVerified: c.visitorVerified,
    visitorEmail: c.visitorEmail,
    status: c.status,
    assigneeId: c.assigneeId,
    tags: parseTags(c.tags),
    lastSeq: c.lastSeq,
    lastMessagePreview: c.lastMessagePreview,
    lastMessageAuthor: c.lastMessageAuthor,
    lastActivityAt: c.lastActivityAt,
    unreadCount: c.unreadCount,
    createdAt: c.createdAt,
    visitorReadSeq: c.visitorReadSeq,
    rating: toRating(c),
    ...(c.botState ? { botState: c.botState } : {}),
  };
}

/** The stored end of conversation feedback, or null before the visitor answered. */
export function toRating(row: Pick<ConversationRow, 'csat' | 'nps' | 'csatComment' | 'ratedAt'>): Rating | null {
  if (row.ratedAt === null) return null;
  return { csat: row.csat, nps: row.nps, comment: row.csatComment, ratedAt: row.ratedAt };
}

function parseTags(json: string): string[] {
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

/** Which conversations an inbox view shows (see shared InboxQuery). */
export interface ListOptions {
  status: ConversationStatus | 'all';
  scope?: 'unassigned' | 'mine' | 'all' | undefined;
  /** The agent asking (for `mine`). */
  agentId?: string | undefined;
  siteId?: string | undefined;
  cursor?: string | undefined;
  limit: number;
}

export function toVisitorConversation(c: Pick<Conversation, 'id' | 'status' | 'lastSeq' | 'botState'>): VisitorConversation {
  return { id: c.id, status: c.status, lastSeq: c.lastSeq, ...(c.botState ? { botState: c.botState } : {}) };
}

/** A bot message's stored card (messages.meta), or undefined when it is not one or cannot be read. */
function botCard(meta: string | null): BotCard | undefined {
  if (!meta) return undefined;
  try {
    const card = JSON.parse(meta) as BotCard;
    return Array.isArray(card?.articles) ? card : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether a send can be stored by the writer thread: a message into a conversation the sender names,
 * without a file. Anything else (a visitor's first message, which may open a conversation and
 * auto-assign it; an attachment) is stored on the event loop, as before the storage ports. (Both
 * are plain data for the store now, so the thread could take them too: see ws/send-queue.ts.)
 */
export function storableOffThread(input: SendInput): boolean {
  return Boolean(input.conversationId) && !input.attachmentId;
}

/**
 * Answers in the order their batches were handed over: `after` runs a batch's answer once its
 * commit settled and every batch handed over before it was answered.
 */
export class AnswerLine {
  private last: Promise<unknown> = Promise.resolve();

  /** Call it when the batch is handed to the store (the place in the line is taken now). */
  after<S, R>(stored: Promise<S>, answer: (s: S) => R, failed: (error: unknown) => R): Promise<R> {
    const turn = this.last;
    const done = stored.then(
      async (s) => {
        await turn;
        return answer(s);
      },
      async (error: unknown) => {
        await turn;
        return failed(error);
      },
    );
    this.last = done.catch(() => undefined);
    return done;
  }
}

/** One slot of `sendMany`: the stored message, or why this one failed (the others are unaffected). */
export type SendOutcome = { ok: true; result: SendResult } | { ok: false; error: unknown };

export interface SendResult {
  message: Message;
  conversation: Conversation;
  /** False when this was a retry of an already stored message. */
  created: boolean;
}

function encodeCursor(c: { lastActivityAt: number; id: string }): string {
  return Buffer.from(`${c.lastActivityAt}:${c.id}`).toString('base64url');
}

function decodeCursor(cursor: string): { lastActivityAt: number; id: string } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString().split(':');
  if (!at || !id || !/^\d+$/.test(at)) throw new AppError('bad_request', 'Invalid cursor');
  return { lastActivityAt: Number(at), id };
}

/** A batch needs the agents connected now only when one of its sends may open a conversation. */
function mayOpen(batch: readonly Send[]): boolean {
  return batch.some((s) => s.sender.kind === 'visitor' && !s.input.conversationId);
}

/** Conversations and their messages: the heart of Atendo. Every write is one unit of work of the store. */
export class ConversationService {
  constructor(
    private store: ConversationStore,
    private bus: Bus,
    private authorNames: (agentId: string) => string | null,
    /**
     * The agents connected right now (presence), offered to auto-assignment when a send opens a
     * conversation; the store picks among them (online, active, under capacity, round robin) inside
     * its transaction. Read before the transaction, never inside it.
     */
    readonly assignable: () => readonly string[] = () => [],
  ) {}

  toMessage(row: MessageRecord): Message {
    return {
      id: row.id,
      conversationId: row.conversationId,
      seq: row.seq,
      clientId: row.clientId,
      author: row.author,
      agentId: row.agentId,
      authorName: row.agentId ? this.authorNames(row.agentId) : null,
      body: row.body,
      createdAt: row.createdAt,
      ...(row.attachment ? { attachment: attachmentWire(row.attachment) } : {}),
      ...(row.via ? { via: row.via } : {}),
      ...(row.author === 'bot' && botCard(row.meta) ? { bot: botCard(row.meta)! } : {}),
    };
  }

  async get(id: string): Promise<Conversation> {
    const row = await this.store.get(id);
    if (!row) throw notFound('Conversation');
    return toConversation(row);
  }

  /** Inbox page: newest activity first, keyset-paginated so deep pages cost the same as the first. */
  async list(opts: ListOptions): Promise<{ items: Conversation[]; nextCursor: string | null }> {
    const after = opts.cursor ? decodeCursor(opts.cursor) : undefined;
    const rows = await this.store.list({
      status: opts.status,
      scope: opts.scope ?? 'all',
      agentId: opts.agentId,
      siteId: opts.siteId,
      after,
      limit: opts.limit + 1,
    });
    const items = rows.slice(0, opts.limit).map(toConversation);
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > opts.limit && last ? encodeCursor(last) : null };
  }

  /** A visitor's own conversations, newest first. */
  async forVisitor(visitorId: string): Promise<VisitorConversation[]> {
    // Whether the survey was answered: the widget asks only while it was not.
    return (await this.store.forVisitor(visitorId, 20)).map(({ unread, botState, ...c }) => ({
      ...c,
      ...(unread ? { unread } : {}),
      ...(botState ? { botState } : {}),
    }));
  }

  /** Messages after `after` in seq order. */
  async messages(conversationId: string, after = 0, limit = 100): Promise<Message[]> {
    return (await this.store.messagesAfter(conversationId, after, limit)).map((r) => this.toMessage(r));
  }

  /** Throws `not_found` unless the conversation exists and belongs to the visitor. */
  async assertVisitorOwns(conversationId: string, visitorId: string): Promise<void> {
    // Same answer for "absent" and "someone else's": ids must not be probeable.
    if ((await this.store.visitorOf(conversationId)) !== visitorId) throw notFound('Conversation');
  }

  /**
   * Store a message: one transaction assigns the next seq and inserts the row. A retry with the same
   * client id returns the stored message (`created: false`); the same id with another body is a conflict.
   * Events are emitted after the commit.
   */
  async send(sender: Sender, input: SendInput): Promise<SendResult> {
    const [outcome] = await this.sendMany([{ sender, input }]);
    if (!outcome!.ok) throw outcome!.error;
    return outcome!.result;
  }

  /**
   * Group commit: store several messages in ONE transaction, so one fsync covers them all (see
   * docs/operating.md, "Durability"). A message that is refused (not found, conflict) is reported in
   * its slot and the others are stored; an unexpected failure throws and stores nothing of the batch.
   * Events are emitted only after the commit, and callers ack only after this returns, so an ack still
   * means "committed". Seq and idempotency hold because the store appends the messages one after the
   * other inside its transaction (ConversationStore.appendBatch).
   */
  async sendMany(batch: readonly Send[]): Promise<SendOutcome[]> {
    // One batch at a time (SQLite): it commits at once on the event loop's connection, ahead of
    // batches still queued on the writer thread, so it is published at once, in commit order.
    if (!this.store.parallelBatches) return this.publishBatch(batch, await this.storeBatch(batch));
    let stored: Promise<StoredBatch>;
    try {
      stored = this.storeBatch(batch);
    } catch (error) {
      stored = Promise.reject(error);
    }
    return this.answers.after(
      stored,
      (s) => this.publishBatch(batch, s),
      (error) => {
        throw error;
      },
    );
  }

  /**
   * The line stored batches are published in, in the order they were handed to the store: the send
   * queue's, and `sendMany`'s on a store that commits several batches at once (PostgreSQL, whose
   * batches of one conversation commit in that order). A later batch may finish first there, and a
   * conversation's events must still go out in seq order.
   */
  readonly answers = new AnswerLine();

  /** The storage half of `sendMany` (on the event loop's connection); the send queue publishes it. */
  storeBatch(batch: readonly Send[]): Promise<StoredBatch> {
    return this.store.appendBatch(batch, this.candidates(batch));
  }

  /**
   * Whether the answer bot answers a new conversation of this site now (set by services.ts): its
   * visitor's first message then opens it unassigned, and the bot's hand-over assigns it.
   */
  deferAssignment: (siteId: string) => boolean = () => false;

  /**
   * The agents auto-assignment may pick for this batch (none when no send can open a conversation).
   * Called just before the batch is stored: first messages to a site whose bot answers now are
   * marked `deferAssignment` here, with the same clock as the assignment.
   */
  candidates(batch: readonly Send[]): readonly string[] {
    if (!mayOpen(batch)) return [];
    for (const { sender, input } of batch)
      if (sender.kind === 'visitor' && !input.conversationId && this.deferAssignment(sender.siteId)) input.deferAssignment = true;
    return this.assignable();
  }

  /** The event-loop half of `sendMany`: wire messages, events for what was new, one outcome per slot. */
  publishBatch(batch: readonly Send[], { stored, conversations }: StoredBatch): SendOutcome[] {
    const wire = new Map<string, Conversation>();
    const conversationOf = (id: string) => {
      let c = wire.get(id);
      if (!c) wire.set(id, (c = toConversation(conversations[id]!)));
      return c;
    };
    return stored.map((s, i): SendOutcome => {
      if (!s.ok) return s;
      const message = this.toMessage(s.message);
      const conversation = conversationOf(message.conversationId);
      if (s.created) {
        if (s.opened) this.bus.emit({ type: 'conversation.created', conversation });
        this.bus.emit({ type: 'message.created', message, conversation, origin: batch[i]!.input.origin });
      }
      return { ok: true, result: { message, conversation, created: s.created } };
    });
  }

  /** Resolve or reopen. */
  async setStatus(conversationId: string, status: ConversationStatus): Promise<Conversation> {
    // The status before, for webhooks' `previousStatus` (a status set by two agents at once may name
    // the other's; the change itself is decided in the store).
    const before = (await this.store.get(conversationId))?.status;
    const changed = await this.store.setStatus(conversationId, status);
    const conversation = await this.get(conversationId);
    if (changed) this.bus.emit({ type: 'conversation.updated', conversation, previous: { status: before === status ? undefined : before } });
    return conversation;
  }

  /** Agents have read up to `seq`: unread resets when the newest message is covered. */
  async markRead(conversationId: string, seq: number, origin?: string): Promise<Conversation> {
    const { unreadCleared, receipt } = await this.store.markRead(conversationId, seq);
    const conversation = await this.get(conversationId);
    if (unreadCleared) this.bus.emit({ type: 'conversation.updated', conversation });
    if (receipt !== null) this.bus.emit({ type: 'read', conversationId, visitorId: conversation.visitorId, reader: 'agent', seq: receipt, origin });
    return conversation;
  }

  /** The visitor has read up to `seq` (in some tab): agents see "Seen", the visitor's other tabs clear their badge. */
  async markVisitorRead(conversationId: string, visitorId: string, seq: number, origin?: string): Promise<void> {
    await this.assertVisitorOwns(conversationId, visitorId);
    const receipt = await this.store.markVisitorRead(conversationId, seq);
    if (receipt !== null) this.bus.emit({ type: 'read', conversationId, visitorId, reader: 'visitor', seq: receipt, origin });
  }

  /** Highest seq of a conversation (0 when empty or unknown). */
  lastSeq(conversationId: string): Promise<number> {
    return this.store.lastSeq(conversationId);
  }
}
