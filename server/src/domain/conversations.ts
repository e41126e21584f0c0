import { and, asc, desc, eq, gt, inArray, isNull, sql } from 'drizzle-orm';
import {
  preview,
  type Author,
  type Conversation,
  type ConversationStatus,
  type Message,
  type MessageAttachment,
  type Rating,
  type VisitorConversation,
} from '@atendo/shared';
import type { Db } from '../storage/sqlite/client';
import { conversations, messages, visitors } from '../storage/sqlite/schema';
import { AppError, notFound } from './errors';
import type { AttachmentRow } from './attachments';
import type { EventBus } from './events';
import { newId, newSortableId } from './ids';
import { SearchIndexer } from './search-index';

type ConversationRow = typeof conversations.$inferSelect;
type ByIdRaw = [
  string,
  string,
  string,
  ConversationRow['status'],
  string | null,
  string,
  number,
  string | null,
  ConversationRow['lastMessageAuthor'],
  number,
  number,
  number,
  number | null,
  number,
  number,
  number | null,
  string | null,
  number | null,
  number | null,
  string | null,
  number,
  string | null,
];
type MessageRow = typeof messages.$inferSelect;

const conversationColumns = {
  row: conversations,
  visitorName: visitors.name,
  visitorVerified: visitors.verified,
  visitorEmail: visitors.email,
};

const ph = (name: string) => sql`${sql.placeholder(name)}`;

/**
 * The send path's queries, prepared once per database: building and preparing a query on every
 * message cost more than running it (found with --cpu-prof by `pnpm bench`).
 */
function prepareSendStatements(db: Db) {
  const c = db.$client;
  return {
    state: c.prepare<[string], { visitorId: string; lastSeq: number }>('SELECT visitor_id AS visitorId, last_seq AS lastSeq FROM conversations WHERE id = ?'),
    bump: c.prepare<[{ id: string; seq: number; preview: string; author: Author; at: number; unread: number; reset: number }]>(
      `UPDATE conversations SET last_seq = @seq, last_message_preview = @preview, last_message_author = @author, last_activity_at = @at,
         unread_count = CASE WHEN @reset THEN @unread ELSE unread_count + @unread END
       WHERE id = @id`,
    ),
    // A visitor writing again reopens a resolved (or pending) conversation.
    // An assignee who was deactivated meanwhile (issue 21) is dropped: the conversation is Unassigned again.
    reopen: c.prepare<[string]>(
      "UPDATE conversations SET status = 'open', resolved_at = NULL, assignee_id = CASE WHEN assignee_id IN (SELECT id FROM agents WHERE deactivated_at IS NOT NULL) THEN NULL ELSE assignee_id END WHERE id = ? AND status <> 'open'",
    ),
    owner: db
      .select({ visitorId: conversations.visitorId })
      .from(conversations)
      .where(eq(conversations.id, ph('id')))
      .prepare(),
    // Raw statements: Drizzle's placeholder filling cost more than the insert's own bookkeeping on
    // the writer thread (`pnpm bench --cpu-prof`).
    duplicate: c.prepare<[string, string], MessageRow>(
      `SELECT id, conversation_id AS conversationId, seq, client_id AS clientId, author, agent_id AS agentId, body,
              attachment_id AS attachmentId, created_at AS createdAt
         FROM messages WHERE conversation_id = ? AND client_id = ?`,
    ),
    insert: c.prepare<[MessageRow]>(
      `INSERT INTO messages (id, conversation_id, seq, client_id, author, agent_id, body, attachment_id, created_at)
       VALUES (@id, @conversationId, @seq, @clientId, @author, @agentId, @body, @attachmentId, @createdAt)`,
    ),
    /** Rows changed so far on this connection: tells whether a failed message had written anything. */
    changes: db.$client.prepare('SELECT total_changes()').pluck() as unknown as { get(): number },
    // Every column of ConversationRow in order, then the visitor's name, verified, e-mail (see `get`).
    byIdRaw: c
      .prepare<[string], ByIdRaw>(
        `SELECT c.id, c.site_id, c.visitor_id, c.status, c.assignee_id, c.tags, c.last_seq, c.last_message_preview, c.last_message_author,
                c.last_activity_at, c.unread_count, c.created_at, c.resolved_at, c.visitor_read_seq, c.agent_read_seq,
                c.csat, c.csat_comment, c.nps, c.rated_at, v.name, v.verified, v.email
           FROM conversations c JOIN visitors v ON v.id = c.visitor_id WHERE c.id = ?`,
      )
      .raw(true) as unknown as { get(id: string): ByIdRaw | undefined },
  };
}

function toConversation(row: ConversationRow, visitorName: string | null, visitorVerified = false, visitorEmail: string | null = null): Conversation {
  return {
    id: row.id,
    siteId: row.siteId,
    visitorId: row.visitorId,
    visitorName,
    visitorVerified,
    visitorEmail,
    status: row.status,
    assigneeId: row.assigneeId,
    tags: parseTags(row.tags),
    lastSeq: row.lastSeq,
    lastMessagePreview: row.lastMessagePreview,
    lastMessageAuthor: row.lastMessageAuthor,
    lastActivityAt: row.lastActivityAt,
    unreadCount: row.unreadCount,
    createdAt: row.createdAt,
    visitorReadSeq: row.visitorReadSeq,
    rating: toRating(row),
  };
}

/** The stored end of conversation feedback, or null before the visitor answered (issue 6). */
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

export function toVisitorConversation(c: Pick<Conversation, 'id' | 'status' | 'lastSeq'>): VisitorConversation {
  return { id: c.id, status: c.status, lastSeq: c.lastSeq };
}

/** Who is sending: a visitor (by id) or an agent (by id and display name). */
export type Sender = { kind: 'visitor'; visitorId: string; siteId: string } | { kind: 'agent'; agentId: string; agentName: string };

/** Attachments (issue 6), as the send path uses them: set by createServices. */
export interface AttachmentLinks {
  forSend(sender: Sender, attachmentId: string): AttachmentRow;
  checkConversation(row: AttachmentRow, conversationId: string | null): void;
  link(id: string, conversationId: string): void;
  wireById(id: string): MessageAttachment | undefined;
}

export interface SendInput {
  /** Omitted by a visitor's first message: the visitor's open conversation is used, or one is opened. */
  conversationId?: string | undefined;
  clientId: string;
  body: string;
  /** A file the sender uploaded (issue 6); an empty body then becomes the file's name. */
  attachmentId?: string | undefined;
  /** Opaque id of the connection sending, passed through to the event. */
  origin?: string | undefined;
}

/** A conversation as a batch sees it: read once, then updated once at the end (`bump`). */
interface BatchConversation {
  visitorId: string;
  /** Highest seq so far, this batch's messages included. */
  lastSeq: number;
  /** The batch's newest message (null: none stored yet). */
  last: { body: string; author: Author; at: number } | null;
  /** Visitor messages since the batch's last agent message (or since the start of the batch). */
  unread: number;
  /** An agent wrote in this batch: unread restarts from 0. */
  resetUnread: boolean;
  byVisitor: boolean;
}
type Touched = Map<string, BatchConversation>;

/** What `store` did with one message. */
type StoredSend = { row: MessageRow; created: boolean; opened: boolean };
type StoredSlot = ({ ok: true } & StoredSend) | { ok: false; error: unknown };

/** A committed batch as plain data: each slot's row (or refusal) and each conversation as committed. */
export interface StoredBatch {
  stored: StoredSlot[];
  conversations: Record<string, Conversation>;
}

/**
 * Whether a send can be stored by the writer thread: a message into a conversation the sender names,
 * without a file. Anything else (a visitor's first message, which may open a conversation and
 * auto-assign it from live presence; an attachment) needs state of the event loop and is stored there.
 */
export function storableOffThread(input: SendInput): boolean {
  return Boolean(input.conversationId) && !input.attachmentId;
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

/** Conversations and their messages: the heart of Atendo. Every write is one transaction. */
export class ConversationService {
  constructor(
    private db: Db,
    private bus: EventBus,
    private authorNames: (agentId: string) => string | null,
  ) {}

  private indexer: SearchIndexer | undefined;
  /** Full-text indexing of new messages, in batches (see search-index.ts). */
  get searchIndex(): SearchIndexer {
    return (this.indexer ??= new SearchIndexer(this.db));
  }

  private statements: ReturnType<typeof prepareSendStatements> | undefined;
  /** Prepared on first use (the schema is migrated by then). */
  private get st() {
    return (this.statements ??= prepareSendStatements(this.db));
  }

  /** Picks the agent for a new conversation (round-robin over online agents), set by the assignment service. */
  autoAssign: ((siteId: string) => string | null) | null = null;

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
      ...(row.attachmentId ? this.attachmentOf(row.attachmentId) : {}),
    };
  }

  /** Attachments (issue 6): checks and links files in the send transaction; set by createServices. */
  attachments: AttachmentLinks | null = null;

  private attachmentOf(id: string): { attachment: MessageAttachment } | Record<string, never> {
    const attachment = this.attachments?.wireById(id);
    return attachment ? { attachment } : {};
  }

  get(id: string): Conversation {
    // Read as an array and built here: better-sqlite3's per-column objects and Drizzle's row mapping
    // cost more than the lookup (`pnpm bench`: 11 → 4 µs; the send path reads each row once per batch).
    const r = this.st.byIdRaw.get(id);
    if (!r) throw notFound('Conversation');
    const row: ConversationRow = {
      id: r[0],
      siteId: r[1],
      visitorId: r[2],
      status: r[3],
      assigneeId: r[4],
      tags: r[5],
      lastSeq: r[6],
      lastMessagePreview: r[7],
      lastMessageAuthor: r[8],
      lastActivityAt: r[9],
      unreadCount: r[10],
      createdAt: r[11],
      resolvedAt: r[12],
      visitorReadSeq: r[13],
      agentReadSeq: r[14],
      csat: r[15],
      csatComment: r[16],
      nps: r[17],
      ratedAt: r[18],
    };
    return toConversation(row, r[19], r[20] === 1, r[21]);
  }

  /** Inbox page: newest activity first, keyset-paginated so deep pages cost the same as the first. */
  /** Prepared inbox queries, one per view shape (status? scope? site? cursor?): built once, run with placeholders. */
  private listStatements = new Map<string, ReturnType<ConversationService['prepareList']>>();

  private prepareList(shape: { status: boolean; scope: 'unassigned' | 'mine' | 'all'; site: boolean; cursor: boolean }) {
    const conds = [];
    if (shape.status) conds.push(eq(conversations.status, ph('status') as never));
    if (shape.scope === 'unassigned') conds.push(isNull(conversations.assigneeId));
    if (shape.scope === 'mine') conds.push(eq(conversations.assigneeId, ph('agentId') as never));
    if (shape.site) conds.push(eq(conversations.siteId, ph('siteId') as never));
    if (shape.cursor) conds.push(sql`(${conversations.lastActivityAt}, ${conversations.id}) < (${ph('at')}, ${ph('cid')})`);
    return this.db
      .select(conversationColumns)
      .from(conversations)
      .innerJoin(visitors, eq(visitors.id, conversations.visitorId))
      .where(conds.length ? and(...conds) : undefined)
      .orderBy(desc(conversations.lastActivityAt), desc(conversations.id))
      .limit(ph('limit') as never)
      .prepare();
  }

  list(opts: ListOptions): { items: Conversation[]; nextCursor: string | null } {
    const shape = { status: opts.status !== 'all', scope: opts.scope ?? 'all', site: Boolean(opts.siteId), cursor: Boolean(opts.cursor) };
    const key = `${shape.status}|${shape.scope}|${shape.site}|${shape.cursor}`;
    let st = this.listStatements.get(key);
    if (!st) this.listStatements.set(key, (st = this.prepareList(shape)));
    const c = opts.cursor ? decodeCursor(opts.cursor) : null;
    const rows = st.all({
      status: opts.status,
      agentId: opts.agentId ?? '',
      siteId: opts.siteId ?? '',
      at: c?.lastActivityAt ?? 0,
      cid: c?.id ?? '',
      limit: opts.limit + 1,
    });
    const items = rows.slice(0, opts.limit).map((r) => toConversation(r.row, r.visitorName, r.visitorVerified, r.visitorEmail));
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > opts.limit && last ? encodeCursor(last) : null };
  }

  /** A visitor's own conversations, newest first. */
  forVisitor(visitorId: string): VisitorConversation[] {
    return (
      this.db
        .select({
          id: conversations.id,
          status: conversations.status,
          lastSeq: conversations.lastSeq,
          agentReadSeq: conversations.agentReadSeq,
          visitorReadSeq: conversations.visitorReadSeq,
          ratedAt: conversations.ratedAt,
          // The team's messages the visitor has not read (a lazy hello replays none: this is the badge).
          unread: sql<number>`(select count(*) from ${messages} where ${messages.conversationId} = ${conversations.id} and ${messages.seq} > ${conversations.visitorReadSeq} and ${messages.author} != 'visitor')`,
        })
        .from(conversations)
        .where(eq(conversations.visitorId, visitorId))
        .orderBy(desc(conversations.lastActivityAt))
        .limit(20)
        .all()
        // Whether the survey was answered (issue 6): the widget asks only while it was not.
        .map(({ ratedAt, unread, ...c }) => ({ ...c, rated: ratedAt !== null, ...(unread ? { unread } : {}) }))
    );
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
    const row = this.st.owner.get({ id: conversationId });
    // Same answer for "absent" and "someone else's": ids must not be probeable.
    if (!row || row.visitorId !== visitorId) throw notFound('Conversation');
  }

  /**
   * Store a message: one transaction assigns the next seq and inserts the row. A retry with the same
   * client id returns the stored message (`created: false`); the same id with another body is a conflict.
   * Events are emitted after the commit.
   */
  send(sender: Sender, input: SendInput): SendResult {
    const [outcome] = this.sendMany([{ sender, input }]);
    if (!outcome!.ok) throw outcome!.error;
    return outcome!.result;
  }

  /**
   * Group commit: store several messages in ONE transaction, so one fsync covers them all (see README,
   * "Durability"). A message that is refused (not found, conflict) is reported in its slot and the
   * others are stored; an unexpected failure throws and stores nothing of the batch.
   * Events are emitted only after the commit, and callers ack only after this returns, so an ack still
   * means "committed". Seq and idempotency hold because the messages are stored one after the other
   * inside the transaction; each conversation's row is updated once at the end of the batch.
   */
  sendMany(batch: readonly { sender: Sender; input: SendInput }[]): SendOutcome[] {
    return this.publishBatch(batch, this.storeBatch(batch));
  }

  /**
   * The storage half of `sendMany`: one transaction, then each touched conversation read back as
   * committed. Plain data only, so the writer thread (storage/sqlite/writer.ts) can run it on its own connection
   * and hand the result back to the event loop.
   */
  storeBatch(batch: readonly { sender: Sender; input: SendInput }[]): StoredBatch {
    // No savepoint per message: FTS5 flushes its pending index on every savepoint, which made a batch
    // 2–3× slower (`pnpm bench`). `store` refuses a message (not found, conflict…) before writing
    // anything, so a refusal needs no rollback; a failure after a write aborts the whole batch
    // (nothing of it is stored, every sender gets an error and its outbox retries).
    const st = this.st;
    const touched: Touched = new Map();
    const stored = this.db.$client
      .transaction(() => {
        const outcomes = batch.map(({ sender, input }): StoredSlot => {
          const before = st.changes.get();
          try {
            return { ok: true as const, ...this.store(this.db, sender, input, touched) };
          } catch (error) {
            // Only a refusal made before any write is this message's alone; anything else aborts the batch.
            if (!(error instanceof AppError) || st.changes.get() !== before) throw error;
            return { ok: false as const, error };
          }
        });
        // Each conversation is updated once per batch (its inbox indexes move once, not per message).
        for (const [id, c] of touched) if (c.last) this.bump(id, c);
        // Search: new messages are indexed in one statement, in a commit at most a second later; a
        // search indexes what is still waiting before it reads (search-index.ts, migration 0007).
        this.searchIndex.soon(batch.length);
        return outcomes;
      })
      .immediate();
    // One read per conversation: every message of the batch carries its state after the commit.
    const conversations: Record<string, Conversation> = {};
    for (const s of stored) if (s.ok) conversations[s.row.conversationId] ??= this.get(s.row.conversationId);
    return { stored, conversations };
  }

  /** The event-loop half of `sendMany`: wire messages, events for what was new, one outcome per slot. */
  publishBatch(batch: readonly { sender: Sender; input: SendInput }[], { stored, conversations }: StoredBatch): SendOutcome[] {
    return stored.map((s, i): SendOutcome => {
      if (!s.ok) return s;
      const message = this.toMessage(s.row);
      const conversation = conversations[message.conversationId]!;
      if (s.created) {
        if (s.opened) this.bus.emit({ type: 'conversation.created', conversation });
        this.bus.emit({ type: 'message.created', message, conversation, origin: batch[i]!.input.origin });
      }
      return { ok: true, result: { message, conversation, created: s.created } };
    });
  }

  /**
   * One message inside the caller's transaction: next seq, insert, or the stored original on a retry.
   * Every refusal (AppError) must be thrown before the first write: `sendMany` relies on it.
   */
  private store(tx: Db, sender: Sender, input: SendInput, touched: Touched): StoredSend {
    let conversationId = input.conversationId;
    let opened: ConversationRow | null = null;
    // Attachment (issue 6): the sender's own file, checked before anything is written.
    const file = input.attachmentId ? this.fileFor(sender, input.attachmentId) : null;
    if (file && !input.body) input = { ...input, body: file.name };
    if (!input.body) throw new AppError('bad_request', 'Message is empty');

    let state = conversationId ? this.batchState(conversationId, touched) : undefined;
    if (sender.kind === 'visitor') {
      if (conversationId) {
        // Same answer for "absent" and "someone else's": ids must not be probeable.
        if (!state || state.visitorId !== sender.visitorId) throw notFound('Conversation');
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
          // Open, or pending (waiting on the visitor): the visitor's answer goes there and reopens it.
          .where(and(eq(conversations.visitorId, sender.visitorId), inArray(conversations.status, ['open', 'pending'])))
          .orderBy(desc(conversations.lastActivityAt))
          .get();
        conversationId = open?.id;
        if (conversationId) state = this.batchState(conversationId, touched);
      }
      if (!conversationId) {
        if (file) this.attachments!.checkConversation(file, null);
        const now = Date.now();
        opened = {
          id: newId(),
          siteId: sender.siteId,
          visitorId: sender.visitorId,
          status: 'open',
          // Auto-assignment inside the same transaction: the created event already names the agent.
          assigneeId: this.autoAssign?.(sender.siteId) ?? null,
          tags: '[]',
          lastSeq: 0,
          lastMessagePreview: null,
          lastMessageAuthor: null,
          lastActivityAt: now,
          unreadCount: 0,
          createdAt: now,
          resolvedAt: null,
          visitorReadSeq: 0,
          agentReadSeq: 0,
          csat: null,
          csatComment: null,
          nps: null,
          ratedAt: null,
        };
        tx.insert(conversations).values(opened).run();
        conversationId = opened.id;
        touched.set(conversationId, (state = { visitorId: sender.visitorId, lastSeq: 0, last: null, unread: 0, resetUnread: false, byVisitor: false }));
      }
    } else if (!conversationId) {
      throw new AppError('bad_request', 'conversationId is required');
    }
    if (!state) throw notFound('Conversation');

    const dup = this.st.duplicate.get(conversationId, input.clientId);
    if (dup) return this.existing(dup, input.body);

    if (file && !opened) this.attachments!.checkConversation(file, conversationId);

    const author: Author = sender.kind;
    const now = Date.now();
    const row: MessageRow = {
      id: newSortableId(),
      conversationId,
      seq: state.lastSeq + 1,
      clientId: input.clientId,
      author,
      agentId: sender.kind === 'agent' ? sender.agentId : null,
      body: input.body,
      attachmentId: file?.id ?? null,
      createdAt: now,
    };
    this.st.insert.run(row);
    if (file) this.attachments!.link(file.id, conversationId);
    // What the conversation's row gets at the end of the batch (see `bump`).
    state.lastSeq = row.seq;
    state.last = { body: input.body, author, at: now };
    if (author === 'visitor') {
      state.unread++;
      state.byVisitor = true;
    } else {
      state.unread = 0;
      state.resetUnread = true;
    }
    return { row, created: true, opened: opened !== null };
  }

  /** The batch's view of a conversation: read once per batch (owner, seq so far), undefined if absent. */
  private batchState(id: string, touched: Touched): BatchConversation | undefined {
    let state = touched.get(id);
    if (!state) {
      const row = this.st.state.get(id);
      if (!row) return undefined;
      touched.set(id, (state = { visitorId: row.visitorId, lastSeq: row.lastSeq, last: null, unread: 0, resetUnread: false, byVisitor: false }));
    }
    return state;
  }

  /**
   * One UPDATE per conversation per batch, as if its messages had been applied one by one: seq and
   * preview of the last, unread +1 per visitor message (back to 0 at an agent's, then counting again),
   * and a visitor message reopens a resolved or pending conversation. Status is only written when it
   * changes: SQLite rewrites the entries of every index on a column that an UPDATE sets.
   */
  private bump(id: string, c: BatchConversation): void {
    const last = c.last!;
    this.st.bump.run({ id, seq: c.lastSeq, preview: preview(last.body), author: last.author, at: last.at, unread: c.unread, reset: c.resetUnread ? 1 : 0 });
    if (c.byVisitor) this.st.reopen.run(id);
  }

  /** The sender's attachment for a message; not_found when attachments are off or it is not theirs. */
  private fileFor(sender: Sender, attachmentId: string): AttachmentRow {
    if (!this.attachments) throw notFound('Attachment');
    return this.attachments.forSend(sender, attachmentId);
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
      .set({
        status,
        resolvedAt: status === 'resolved' ? Date.now() : null,
        // Reopened for an assignee who was deactivated meanwhile (issue 21): Unassigned again.
        ...(status === 'resolved'
          ? {}
          : {
              assigneeId: sql`CASE WHEN ${conversations.assigneeId} IN (SELECT id FROM agents WHERE deactivated_at IS NOT NULL) THEN NULL ELSE ${conversations.assigneeId} END`,
            }),
      })
      .where(and(eq(conversations.id, conversationId), sql`${conversations.status} <> ${status}`))
      .run().changes;
    const conversation = this.get(conversationId);
    if (changed) this.bus.emit({ type: 'conversation.updated', conversation });
    return conversation;
  }

  /** Agents have read up to `seq`: unread resets when the newest message is covered. */
  markRead(conversationId: string, seq: number, origin?: string): Conversation {
    const changed = this.db
      .update(conversations)
      .set({ unreadCount: 0 })
      .where(and(eq(conversations.id, conversationId), sql`${conversations.lastSeq} <= ${seq}`, gt(conversations.unreadCount, 0)))
      .run().changes;
    // Read receipt for the visitor: never past the newest message, never backwards.
    const receipt = this.db
      .update(conversations)
      .set({ agentReadSeq: sql`min(${conversations.lastSeq}, ${seq})` })
      .where(and(eq(conversations.id, conversationId), sql`min(${conversations.lastSeq}, ${seq}) > ${conversations.agentReadSeq}`))
      .returning({ seq: conversations.agentReadSeq })
      .get();
    const conversation = this.get(conversationId);
    if (changed) this.bus.emit({ type: 'conversation.updated', conversation });
    if (receipt) this.bus.emit({ type: 'read', conversationId, visitorId: conversation.visitorId, reader: 'agent', seq: receipt.seq, origin });
    return conversation;
  }

  /** The visitor has read up to `seq` (in some tab): agents see "Seen", the visitor's other tabs clear their badge. */
  markVisitorRead(conversationId: string, visitorId: string, seq: number, origin?: string): void {
    this.assertVisitorOwns(conversationId, visitorId);
    const receipt = this.db
      .update(conversations)
      .set({ visitorReadSeq: sql`min(${conversations.lastSeq}, ${seq})` })
      .where(and(eq(conversations.id, conversationId), sql`min(${conversations.lastSeq}, ${seq}) > ${conversations.visitorReadSeq}`))
      .returning({ seq: conversations.visitorReadSeq })
      .get();
    if (receipt) this.bus.emit({ type: 'read', conversationId, visitorId, reader: 'visitor', seq: receipt.seq, origin });
  }

  /** Highest seq of a conversation (0 when empty or unknown). */
  lastSeq(conversationId: string): number {
    return this.db.select({ s: conversations.lastSeq }).from(conversations).where(eq(conversations.id, conversationId)).get()?.s ?? 0;
  }
}
