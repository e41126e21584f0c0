import { and, asc, desc, eq, gt, inArray, sql } from 'drizzle-orm';
import { preview, type Author, type Conversation, type ConversationStatus, type Message, type VisitorConversation } from '@atendo/shared';
import type { Db } from '../db/client';
import { conversations, messages, visitors } from '../db/schema';
import { AppError, notFound } from './errors';
import type { EventBus } from './events';
import { newId } from './ids';

type ConversationRow = typeof conversations.$inferSelect;
type MessageRow = typeof messages.$inferSelect;

const conversationColumns = {
  row: conversations,
  visitorName: visitors.name,
};

function toConversation(row: ConversationRow, visitorName: string | null): Conversation {
  return {
    id: row.id,
    siteId: row.siteId,
    visitorId: row.visitorId,
    visitorName,
    status: row.status,
    lastSeq: row.lastSeq,
    lastMessagePreview: row.lastMessagePreview,
    lastMessageAuthor: row.lastMessageAuthor,
    lastActivityAt: row.lastActivityAt,
    unreadCount: row.unreadCount,
    createdAt: row.createdAt,
  };
}

export function toVisitorConversation(c: Pick<Conversation, 'id' | 'status' | 'lastSeq'>): VisitorConversation {
  return { id: c.id, status: c.status, lastSeq: c.lastSeq };
}

/** Who is sending: a visitor (by id) or an agent (by id and display name). */
export type Sender = { kind: 'visitor'; visitorId: string; siteId: string } | { kind: 'agent'; agentId: string; agentName: string };

export interface SendInput {
  /** Omitted by a visitor's first message: the visitor's open conversation is used, or one is opened. */
  conversationId?: string | undefined;
  clientId: string;
  body: string;
  /** Opaque id of the connection sending, passed through to the event. */
  origin?: string | undefined;
}

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

/** Conversations and their messages: the heart of Atendo. Every write is one transaction. */
export class ConversationService {
  constructor(
    private db: Db,
    private bus: EventBus,
    private authorNames: (agentId: string) => string | null,
  ) {}

  toMessage(row: MessageRow): Message {
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
    };
  }

  get(id: string): Conversation {
    const found = this.db
      .select(conversationColumns)
      .from(conversations)
      .innerJoin(visitors, eq(visitors.id, conversations.visitorId))
      .where(eq(conversations.id, id))
      .get();
    if (!found) throw notFound('Conversation');
    return toConversation(found.row, found.visitorName);
  }

  /** Inbox page: newest activity first, keyset-paginated so deep pages cost the same as the first. */
  list(opts: { status: ConversationStatus | 'all'; cursor?: string | undefined; limit: number }): { items: Conversation[]; nextCursor: string | null } {
    const conds = [];
    if (opts.status !== 'all') conds.push(eq(conversations.status, opts.status));
    if (opts.cursor) {
      const c = decodeCursor(opts.cursor);
      conds.push(sql`(${conversations.lastActivityAt}, ${conversations.id}) < (${c.lastActivityAt}, ${c.id})`);
    }
    const rows = this.db
      .select(conversationColumns)
      .from(conversations)
      .innerJoin(visitors, eq(visitors.id, conversations.visitorId))
      .where(conds.length ? and(...conds) : undefined)
      .orderBy(desc(conversations.lastActivityAt), desc(conversations.id))
      .limit(opts.limit + 1)
      .all();
    const items = rows.slice(0, opts.limit).map((r) => toConversation(r.row, r.visitorName));
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > opts.limit && last ? encodeCursor(last) : null };
  }

  /** A visitor's own conversations, newest first. */
  forVisitor(visitorId: string): VisitorConversation[] {
    return this.db
      .select({ id: conversations.id, status: conversations.status, lastSeq: conversations.lastSeq })
      .from(conversations)
      .where(eq(conversations.visitorId, visitorId))
      .orderBy(desc(conversations.lastActivityAt))
      .limit(20)
      .all();
  }

  /** Messages after `after` in seq order. */
  messages(conversationId: string, after = 0, limit = 100): Message[] {
    return this.db
      .select()
      .from(messages)
      .where(and(eq(messages.conversationId, conversationId), gt(messages.seq, after)))
      .orderBy(asc(messages.seq))
      .limit(limit)
      .all()
      .map((r) => this.toMessage(r));
  }

  /** Throws `not_found` unless the conversation exists and belongs to the visitor. */
  assertVisitorOwns(conversationId: string, visitorId: string): void {
    const row = this.db
      .select({ visitorId: conversations.visitorId })
      .from(conversations)
      .where(eq(conversations.id, conversationId))
      .get();
    // Same answer for "absent" and "someone else's": ids must not be probeable.
    if (!row || row.visitorId !== visitorId) throw notFound('Conversation');
  }

  /**
   * Store a message: one transaction assigns the next seq and inserts the row. A retry with the same
   * client id returns the stored message (`created: false`); the same id with another body is a conflict.
   * Events are emitted after the commit.
   */
  send(sender: Sender, input: SendInput): SendResult {
    const result = this.db.transaction((tx) => {
      let conversationId = input.conversationId;
      let opened: ConversationRow | null = null;

      if (sender.kind === 'visitor') {
        if (conversationId) {
          this.assertVisitorOwns(conversationId, sender.visitorId);
        } else {
          const mine = tx
            .select({ id: conversations.id })
            .from(conversations)
            .where(eq(conversations.visitorId, sender.visitorId))
            .all()
            .map((r) => r.id);
          if (mine.length) {
            const dup = tx
              .select()
              .from(messages)
              .where(and(inArray(messages.conversationId, mine), eq(messages.clientId, input.clientId)))
              .get();
            if (dup) return this.existing(dup, input.body);
          }
          const open = tx
            .select({ id: conversations.id })
            .from(conversations)
            .where(and(eq(conversations.visitorId, sender.visitorId), eq(conversations.status, 'open')))
            .orderBy(desc(conversations.lastActivityAt))
            .get();
          conversationId = open?.id;
        }
        if (!conversationId) {
          const now = Date.now();
          opened = {
            id: newId(),
            siteId: sender.siteId,
            visitorId: sender.visitorId,
            status: 'open',
            lastSeq: 0,
            lastMessagePreview: null,
            lastMessageAuthor: null,
            lastActivityAt: now,
            unreadCount: 0,
            createdAt: now,
            resolvedAt: null,
          };
          tx.insert(conversations).values(opened).run();
          conversationId = opened.id;
        }
      } else if (!conversationId) {
        throw new AppError('bad_request', 'conversationId is required');
      }

      const dup = tx
        .select()
        .from(messages)
        .where(and(eq(messages.conversationId, conversationId), eq(messages.clientId, input.clientId)))
        .get();
      if (dup) return this.existing(dup, input.body);

      const author: Author = sender.kind;
      const now = Date.now();
      const updated = tx
        .update(conversations)
        .set({
          lastSeq: sql`${conversations.lastSeq} + 1`,
          lastMessagePreview: preview(input.body),
          lastMessageAuthor: author,
          lastActivityAt: now,
          // A visitor writing again reopens a resolved conversation; an agent reply means it was read.
          unreadCount: author === 'visitor' ? sql`${conversations.unreadCount} + 1` : 0,
          ...(author === 'visitor' ? { status: 'open' as const, resolvedAt: null } : {}),
        })
        .where(eq(conversations.id, conversationId))
        .returning({ lastSeq: conversations.lastSeq })
        .get();
      if (!updated) throw notFound('Conversation');

      const row: MessageRow = {
        id: newId(),
        conversationId,
        seq: updated.lastSeq,
        clientId: input.clientId,
        author,
        agentId: sender.kind === 'agent' ? sender.agentId : null,
        body: input.body,
        createdAt: now,
      };
      tx.insert(messages).values(row).run();
      return { row, created: true, opened: opened !== null };
    });

    const message = this.toMessage(result.row);
    const conversation = this.get(message.conversationId);
    if (result.created) {
      if (result.opened) this.bus.emit({ type: 'conversation.created', conversation });
      this.bus.emit({ type: 'message.created', message, conversation, origin: input.origin });
    }
    return { message, conversation, created: result.created };
  }

  private existing(row: MessageRow, body: string) {
    if (row.body !== body) {
      throw new AppError('conflict', 'This client id was already used for a different message');
    }
    return { row, created: false, opened: false };
  }

  /** Resolve or reopen. */
  setStatus(conversationId: string, status: ConversationStatus): Conversation {
    const changed = this.db
      .update(conversations)
      .set({ status, resolvedAt: status === 'resolved' ? Date.now() : null })
      .where(and(eq(conversations.id, conversationId), sql`${conversations.status} <> ${status}`))
      .run().changes;
    const conversation = this.get(conversationId);
    if (changed) this.bus.emit({ type: 'conversation.updated', conversation });
    return conversation;
  }

  /** Agents have read up to `seq`: unread resets when the newest message is covered. */
  markRead(conversationId: string, seq: number): Conversation {
    const changed = this.db
      .update(conversations)
      .set({ unreadCount: 0 })
      .where(and(eq(conversations.id, conversationId), sql`${conversations.lastSeq} <= ${seq}`, gt(conversations.unreadCount, 0)))
      .run().changes;
    const conversation = this.get(conversationId);
    if (changed) this.bus.emit({ type: 'conversation.updated', conversation });
    return conversation;
  }
}
