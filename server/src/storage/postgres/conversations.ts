/**
 * Conversations and messages on PostgreSQL. The send path (`appendBatch`) is the SQLite store's rules
 * as an async transaction script (research §3.4, §3.5): several instances write at once, so what
 * SQLite's single write lock gave for free is taken here as row locks, always in one order (visitor
 * rows, then conversation rows sorted by id; agents only with SKIP LOCKED), so two batches never
 * deadlock. The send path's queries are raw SQL, named (prepared once per connection) and
 * parameterized with arrays: a batch costs a handful of round trips whatever its size.
 */
import type { PoolClient, QueryResultRow } from 'pg';
import { and, asc, eq, gt, sql } from 'drizzle-orm';
import { preview, type ConversationStatus, type ViewCounts } from '@atendo/shared';
import { AppError, notFound } from '../../domain/errors';
import { newId } from '../../domain/ids';
import type {
  ConversationRecord,
  ConversationStore,
  InboxView,
  MessageRecord,
  Send,
  Sender,
  SendInput,
  StoredBatch,
  StoredSlot,
  VisitorConversationRow,
} from '../conversations';
import type { AttachmentRow, ConversationRow, MessageRow } from '../types';
import { checkBotMayWrite, checkFileConversation, checkRetry, messageRow, senderFile, type BatchConversation } from '../send-rules';
import { ASSIGN_LOCK_KEY, type PgDb } from './client';
import { isUniqueViolation } from './errors';
import { attachments, conversations, messages, visitors } from './schema';

/** Every column of ConversationRow in order, then the visitor's name, verified, e-mail (see `recordOf`). */
const RECORD_SELECT = `SELECT c.id, c.site_id, c.visitor_id, c.status, c.assignee_id, c.tags, c.last_seq, c.last_message_preview, c.last_message_author,
       c.last_activity_at, c.unread_count, c.created_at, c.resolved_at, c.visitor_read_seq, c.agent_read_seq,
       c.csat, c.csat_comment, c.nps, c.rated_at, c.reopened_at, c.bot_state, c.handed_over_at, v.name, v.verified, v.email
  FROM conversations c JOIN visitors v ON v.id = c.visitor_id`;

const MESSAGE_COLUMNS = 'm.id, m.conversation_id, m.seq, m.client_id, m.author, m.agent_id, m.body, m.attachment_id, m.created_at, m.via, m.meta';
const ATTACHMENT_COLUMNS = 'a.id, a.site_id, a.uploader_kind, a.uploader_id, a.conversation_id, a.name, a.mime, a.size, a.key, a.created_at';

/**
 * The send path's statements. Named: node-postgres prepares each once per connection. Arrays travel
 * as one parameter each (`= ANY($1)`, `unnest`), so a statement's text does not depend on the batch.
 * Row locks are FOR NO KEY UPDATE: they serialize batches as FOR UPDATE would, but not the foreign-key
 * checks (KEY SHARE) of other writers: a message naming an agent another batch is assigning to, or a
 * note on a locked conversation, does not wait (with FOR UPDATE, two batches could wait on each other).
 */
const SEND = {
  /** A visitor's first message: their row, locked before anything else (one conversation opens, however many race). */
  lockVisitors: 'SELECT id FROM visitors WHERE id = ANY($1::text[]) ORDER BY id FOR NO KEY UPDATE',
  /** Their conversations (for the retry check) and which one is open or pending, newest activity first. */
  visitorConversations: `SELECT id, visitor_id, status FROM conversations WHERE visitor_id = ANY($1::text[]) ORDER BY last_activity_at DESC, id DESC`,
  /**
   * The conversations the batch writes to, locked in id order (two batches take them in the same
   * order, never deadlock), each with the retries already stored in it: messages with a
   * (conversation, client id) of the batch ($2, $3), as JSON arrays of MESSAGE_COLUMNS then
   * ATTACHMENT_COLUMNS. One round trip for both. The retries are read with the statement's snapshot,
   * which may predate the lock when another instance held it: a retry it committed meanwhile is not
   * seen, the insert then hits the unique (conversation, client id) index, and the batch starts over
   * once (see `commit`). This instance's own batches of a conversation never overlap (`Turns`).
   */
  lockConversations: `SELECT c.id, c.visitor_id, c.site_id, c.last_seq, c.status, r.retries
      FROM conversations c
      LEFT JOIN (SELECT m.conversation_id, json_agg(json_build_array(${MESSAGE_COLUMNS}, ${ATTACHMENT_COLUMNS})) AS retries
                   FROM unnest($2::text[], $3::text[]) AS u(conversation_id, client_id)
                   JOIN messages m ON m.conversation_id = u.conversation_id AND m.client_id = u.client_id
                   LEFT JOIN attachments a ON a.id = m.attachment_id
                  GROUP BY m.conversation_id) r ON r.conversation_id = c.id
     WHERE c.id = ANY($1::text[]) ORDER BY c.id FOR NO KEY UPDATE OF c`,
  /** Retries of a visitor's message without a conversation id: in any of their conversations. */
  visitorDuplicates: `SELECT c.visitor_id AS owner, ${MESSAGE_COLUMNS}, ${ATTACHMENT_COLUMNS}
      FROM conversations c JOIN messages m ON m.conversation_id = c.id LEFT JOIN attachments a ON a.id = m.attachment_id
     WHERE c.visitor_id = ANY($1::text[]) AND m.client_id = ANY($2::text[])`,
  /** The files the batch carries, locked: a file linked to one conversation cannot be linked to another at once. */
  attachments: `SELECT ${ATTACHMENT_COLUMNS} FROM attachments a WHERE a.id = ANY($1::text[]) ORDER BY a.id FOR NO KEY UPDATE`,
  /** The answer bot writes once per conversation, never after a person nor once the visitor wrote again (checkBotMayWrite); the row is locked by now. */
  botGuard: `SELECT bot_state, EXISTS (SELECT 1 FROM messages WHERE conversation_id = $1 AND author = 'agent') AS agent_wrote,
                    (SELECT count(*) FROM messages WHERE conversation_id = $1 AND author = 'visitor') > 1 AS visitor_again
               FROM conversations WHERE id = $1`,
  botAnswered: `UPDATE conversations SET bot_state = 'answered' WHERE id = $1`,
  open: `INSERT INTO conversations (id, site_id, visitor_id, status, assignee_id, last_activity_at, created_at)
         VALUES ($1, $2, $3, 'open', $4, $5, $5)`,
  /**
   * Every write of the batch in one statement, and the conversations as they commit: the messages
   * ($1–$10), the files linked ($11–$12), each conversation updated once ($13–$20: its last message,
   * unread count, and `reopen`: a visitor writing again reopens a resolved or pending conversation
   * (`reopened_at`, for a resolved one only: the batch's last message's time, where reports measure
   * a first response from; a pending one answered by the visitor is the conversation going on),
   * dropping an assignee who was deactivated meanwhile), then each touched conversation's record
   * (those only retried, $21, read as they are). Data-modifying CTEs all run, once, to completion.
   */
  write: `WITH inserted AS (
        INSERT INTO messages (id, conversation_id, seq, client_id, author, agent_id, body, attachment_id, created_at, via, meta)
        SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::bigint[], $10::text[], $22::text[])
      ), linked AS (
        UPDATE attachments SET conversation_id = u.c FROM unnest($11::text[], $12::text[]) AS u(id, c)
         WHERE attachments.id = u.id AND attachments.conversation_id IS NULL
      ), bumped AS (
        UPDATE conversations c SET last_seq = u.seq, last_message_preview = u.preview, last_message_author = u.author, last_activity_at = u.at,
            unread_count = CASE WHEN u.reset THEN u.unread ELSE c.unread_count + u.unread END,
            status = CASE WHEN u.reopen THEN 'open' ELSE c.status END,
            resolved_at = CASE WHEN u.reopen AND c.status <> 'open' THEN NULL ELSE c.resolved_at END,
            reopened_at = CASE WHEN u.reopen AND c.status = 'resolved' THEN u.at ELSE c.reopened_at END,
            assignee_id = CASE WHEN u.reopen AND c.status <> 'open' AND c.assignee_id IN (SELECT id FROM agents WHERE deactivated_at IS NOT NULL)
                               THEN NULL ELSE c.assignee_id END
          FROM unnest($13::text[], $14::int[], $15::text[], $16::text[], $17::bigint[], $18::int[], $19::boolean[], $20::boolean[])
               AS u(id, seq, preview, author, at, unread, reset, reopen)
         WHERE c.id = u.id
        RETURNING c.*
      )
      ${RECORD_SELECT.replace('FROM conversations c', 'FROM bumped c')}
      UNION ALL
      ${RECORD_SELECT} WHERE c.id = ANY($21::text[])`,
  /**
   * Auto-assignment: the next candidate (online, active, offered, not tried yet), assigned longest
   * ago. Batches already take turns here (assignLock); SKIP LOCKED passes over an agent whose row a
   * short admin transaction holds (deactivate, role) rather than wait for it with conversation rows
   * held (it may be waiting for one of them); their load is counted after the lock.
   */
  /**
   * Batches pick assignees one at a time across instances (released at commit): without it, an
   * agent another instance's batch is assigning right now would be skipped (SKIP LOCKED) and the
   * conversation left unassigned although the agent has room. Taken while the conversation rows
   * are held, by every batch in the same order, so it cannot deadlock.
   */
  assignLock: `SELECT pg_advisory_xact_lock(${ASSIGN_LOCK_KEY})`,
  candidate: `SELECT id, capacity FROM agents
               WHERE id = ANY($1::text[]) AND NOT (id = ANY($2::text[])) AND status = 'online' AND deactivated_at IS NULL
               ORDER BY last_assigned_at, id LIMIT 1 FOR NO KEY UPDATE SKIP LOCKED`,
  load: "SELECT count(*)::int AS n FROM conversations WHERE assignee_id = $1 AND status IN ('open', 'pending')",
  // Strictly after every earlier assignment: two picks in the same millisecond still take turns.
  assigned: 'UPDATE agents SET last_assigned_at = GREATEST($1::bigint, (SELECT max(last_assigned_at) FROM agents) + 1) WHERE id = $2',
} as const;

/** node-postgres returns int8 as a string: every number column goes through here. */
const num = (v: unknown): number => Number(v);
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

function recordOf(r: unknown[]): ConversationRecord {
  return {
    id: r[0] as string,
    siteId: r[1] as string,
    visitorId: r[2] as string,
    status: r[3] as ConversationRow['status'],
    assigneeId: r[4] as string | null,
    tags: r[5] as string,
    lastSeq: num(r[6]),
    lastMessagePreview: r[7] as string | null,
    lastMessageAuthor: r[8] as ConversationRow['lastMessageAuthor'],
    lastActivityAt: num(r[9]),
    unreadCount: num(r[10]),
    createdAt: num(r[11]),
    resolvedAt: numOrNull(r[12]),
    visitorReadSeq: num(r[13]),
    agentReadSeq: num(r[14]),
    csat: numOrNull(r[15]),
    csatComment: r[16] as string | null,
    nps: numOrNull(r[17]),
    ratedAt: numOrNull(r[18]),
    reopenedAt: numOrNull(r[19]),
    botState: r[20] as ConversationRow['botState'],
    handedOverAt: numOrNull(r[21]),
    visitorName: r[22] as string | null,
    visitorVerified: r[23] === true,
    visitorEmail: r[24] as string | null,
  };
}

/** A message row read with the send path's raw SQL (columns of MESSAGE_COLUMNS, then ATTACHMENT_COLUMNS when joined). */
function messageOf(r: QueryResultRow): MessageRow {
  return {
    id: r.id,
    conversationId: r.conversation_id,
    seq: num(r.seq),
    clientId: r.client_id,
    author: r.author,
    agentId: r.agent_id,
    body: r.body,
    attachmentId: r.attachment_id,
    createdAt: num(r.created_at),
    via: r.via,
    meta: r.meta ?? null,
  };
}

/** An attachment row from ATTACHMENT_COLUMNS, as `rowMode: 'array'` returns it from offset `at`. */
function attachmentAt(r: unknown[], at: number): AttachmentRow | null {
  if (r[at] === null) return null;
  return {
    id: r[at] as string,
    siteId: r[at + 1] as string,
    uploaderKind: r[at + 2] as AttachmentRow['uploaderKind'],
    uploaderId: r[at + 3] as string,
    conversationId: r[at + 4] as string | null,
    name: r[at + 5] as string,
    mime: r[at + 6] as string,
    size: num(r[at + 7]),
    key: r[at + 8] as string,
    createdAt: num(r[at + 9]),
  };
}

/** A message (11 columns from offset `at`) and its file (the 10 after), from an array row. */
function messageAt(r: unknown[], at: number): MessageRecord {
  return {
    ...messageOf({
      id: r[at],
      conversation_id: r[at + 1],
      seq: r[at + 2],
      client_id: r[at + 3],
      author: r[at + 4],
      agent_id: r[at + 5],
      body: r[at + 6],
      attachment_id: r[at + 7],
      created_at: r[at + 8],
      via: r[at + 9],
      meta: r[at + 10],
    }),
    attachment: attachmentAt(r, at + 11),
  };
}

/** What a batch's transaction knows after taking its locks, and what it will write at the end. */
interface Batch {
  q: Query;
  /** Locked conversations (and those opened by this batch). */
  touched: Map<string, BatchConversation>;
  /** Stored messages by conversation and client id: read after the locks, then this batch's own. */
  byClient: Map<string, MessageRecord>;
  /** Per visitor sending without a conversation id: their stored messages by client id (any of their conversations). */
  visitorClients: Map<string, Map<string, MessageRecord>>;
  /** Per such visitor: their open or pending conversation, newest activity first (or the one this batch opened). */
  openOf: Map<string, string>;
  /** The batch's files, locked; `conversationId` follows this batch's links. */
  files: Map<string, AttachmentRow>;
  rows: MessageRow[];
  links: { id: string; conversationId: string }[];
  assignable: readonly string[];
}

/** What `place` did with one message. */
type StoredSend = { message: MessageRecord; created: boolean; opened: boolean };

type Query = <R extends QueryResultRow = QueryResultRow>(name: keyof typeof SEND, values: unknown[]) => Promise<R[]>;
type ArrayQuery = (name: keyof typeof SEND, values: unknown[]) => Promise<unknown[][]>;

const clientKey = (conversationId: string, clientId: string) => `${conversationId}\u0000${clientId}`;

/**
 * Turns by conversation (research §3.5, without the split): each batch commits in ONE transaction on
 * a pooled connection of its own, and a batch that touches a conversation an earlier batch still
 * holds waits for it, so a conversation's messages commit in the order they were handed over.
 * Batches with nothing in common commit at once. A batch with a message without a conversation id
 * (a visitor's first, or one that goes to their open conversation, which is only known inside the
 * transaction) is a barrier: it waits for every batch before it, and every batch after it waits for
 * it. The assignment's turns are then also decided one batch at a time, as on SQLite (two batches
 * assigning at once would pass over each other's locked agents, SKIP LOCKED, and break the turns).
 * The send queue hands over at most `parallelBatches` batches at once, so an instance holds at most
 * that many send connections. (Splitting a batch by conversation into several transactions, as the
 * research's lanes did, cost a commit per part: at 1k msgs/s a batch of five messages became four
 * transactions.)
 */
class Turns {
  private tails = new Map<string, Promise<void>>();

  /** The conversation ids of a batch; BARRIER when one of its messages has none. */
  static keysOf(sends: readonly Send[]): Set<string> {
    return new Set(sends.map((s) => s.input.conversationId ?? Turns.BARRIER));
  }

  static readonly BARRIER = '';

  /** Run `task` after the earlier tasks that hold any of `keys` (all of them, for a barrier), and after the last barrier. */
  run<T>(keys: Set<string>, task: () => Promise<T>): Promise<T> {
    const before: Promise<void>[] = [];
    if (keys.has(Turns.BARRIER)) before.push(...this.tails.values());
    else
      for (const k of [...keys, Turns.BARRIER]) {
        const t = this.tails.get(k);
        if (t) before.push(t);
      }
    const result = before.length ? Promise.all(before).then(task) : task();
    const settled = result.then(
      () => undefined,
      () => undefined,
    );
    for (const k of keys) this.tails.set(k, settled);
    void settled.then(() => {
      for (const k of keys) if (this.tails.get(k) === settled) this.tails.delete(k);
    });
    return result;
  }

  /** Resolves when every task given so far has finished. */
  async idle(): Promise<void> {
    await Promise.all(this.tails.values());
  }
}

/** Conversations and messages on PostgreSQL (see the file's doc). */
export class PgConversationStore implements ConversationStore {
  /** None: batches commit on pooled connections, never on the event loop's thread anyway. */
  readonly offThread = undefined;
  /** Batches the send queue may hand over at once (see `Turns`). */
  readonly parallelBatches: number;
  private turns = new Turns();

  constructor(
    readonly db: PgDb,
    opts: { parallel?: number } = {},
  ) {
    this.parallelBatches = Math.max(1, opts.parallel ?? 4);
  }

  async get(id: string): Promise<ConversationRecord | undefined> {
    const { rows } = await this.db.$client.query<unknown[]>({
      name: 'atendo_conv_get',
      text: `${RECORD_SELECT} WHERE c.id = $1`,
      values: [id],
      rowMode: 'array',
    });
    return rows[0] ? recordOf(rows[0]) : undefined;
  }

  /**
   * A page of an inbox view. Raw SQL, named by the view's shape (at most 24 texts): each is parsed
   * once per pooled connection (PostgreSQL chooses between a custom and a generic plan). Drizzle's
   * builder cost more per page: bench inbox p95 above the HTTP floor 4.2 → 1.2–2.2 ms.
   */
  async list(view: InboxView): Promise<ConversationRecord[]> {
    const where: string[] = [];
    const values: unknown[] = [];
    const param = (v: unknown) => `$${values.push(v)}`;
    if (view.status !== 'all') where.push(`c.status = ${param(view.status)}`);
    if (view.scope === 'unassigned') where.push('c.assignee_id IS NULL');
    if (view.scope === 'mine') where.push(`c.assignee_id = ${param(view.agentId ?? '')}`);
    if (view.siteId) where.push(`c.site_id = ${param(view.siteId)}`);
    // Keyset: a row comparison the (…, last_activity_at, id) indexes answer directly.
    if (view.after) where.push(`(c.last_activity_at, c.id) < (${param(view.after.lastActivityAt)}::bigint, ${param(view.after.id)}::text)`);
    const text = `${RECORD_SELECT}${where.length ? ` WHERE ${where.join(' AND ')}` : ''}
      ORDER BY c.last_activity_at DESC, c.id DESC LIMIT ${param(view.limit)}`;
    const shape = `${view.status === 'all' ? 'a' : 's'}${view.scope[0]}${view.siteId ? 1 : 0}${view.after ? 1 : 0}`;
    const { rows } = await this.db.$client.query<unknown[]>({ name: `atendo_conv_list_${shape}`, text, values, rowMode: 'array' });
    return rows.map(recordOf);
  }

  async forVisitor(visitorId: string, limit: number): Promise<VisitorConversationRow[]> {
    const { rows } = await this.db.$client.query({
      name: 'atendo_conv_for_visitor',
      // Whether the survey was answered: the widget asks only while it was not.
      text: `SELECT c.id, c.status, c.last_seq, c.agent_read_seq, c.visitor_read_seq, c.rated_at IS NOT NULL AS rated, c.bot_state,
                    -- The team's messages the visitor has not read (a lazy hello replays none: this is the badge).
                    (SELECT count(*)::int FROM messages m WHERE m.conversation_id = c.id AND m.seq > c.visitor_read_seq AND m.author <> 'visitor') AS unread
               FROM conversations c WHERE c.visitor_id = $1 ORDER BY c.last_activity_at DESC LIMIT $2`,
      values: [visitorId, limit],
    });
    return rows.map((r) => ({
      id: r.id,
      status: r.status,
      lastSeq: num(r.last_seq),
      agentReadSeq: num(r.agent_read_seq),
      visitorReadSeq: num(r.visitor_read_seq),
      rated: r.rated === true,
      botState: r.bot_state ?? null,
      unread: num(r.unread),
    }));
  }

  async messagesAfter(conversationId: string, after: number, limit: number): Promise<MessageRecord[]> {
    const rows = await this.db
      .select({ m: messages, a: attachments })
      .from(messages)
      .leftJoin(attachments, eq(attachments.id, messages.attachmentId))
      .where(and(eq(messages.conversationId, conversationId), gt(messages.seq, after)))
      .orderBy(asc(messages.seq))
      .limit(limit);
    return rows.map(({ m, a }) => ({ ...m, attachment: a }));
  }

  async visitorOf(conversationId: string): Promise<string | undefined> {
    const [row] = await this.db.select({ visitorId: conversations.visitorId }).from(conversations).where(eq(conversations.id, conversationId));
    return row?.visitorId;
  }

  async lastSeq(conversationId: string): Promise<number> {
    const [row] = await this.db.select({ lastSeq: conversations.lastSeq }).from(conversations).where(eq(conversations.id, conversationId));
    return row ? num(row.lastSeq) : 0;
  }

  /**
   * Conversations with unread visitor messages per view (unassigned / mine / all × status). The
   * planner reads the partial index `conversations_unread_idx` (rows with unread > 0) by itself.
   */
  async unreadCounts(agentId: string, siteId?: string): Promise<ViewCounts> {
    const { rows } = await this.db.$client.query<{ status: ConversationStatus; unassigned: boolean; mine: boolean; n: number }>({
      name: siteId ? 'atendo_unread_site' : 'atendo_unread',
      // count(*)::int: int8 would arrive as a string and `+=` would concatenate.
      text: `SELECT status, assignee_id IS NULL AS unassigned, coalesce(assignee_id = $1, false) AS mine, count(*)::int AS n
               FROM conversations WHERE unread_count > 0 ${siteId ? 'AND site_id = $2' : ''}
              GROUP BY 1, 2, 3`,
      values: siteId ? [agentId, siteId] : [agentId],
    });
    const emptyRow = () => ({ open: 0, pending: 0, resolved: 0 });
    const out: ViewCounts = { unassigned: emptyRow(), mine: emptyRow(), all: emptyRow() };
    for (const r of rows) {
      out.all[r.status] += r.n;
      if (r.unassigned) out.unassigned[r.status] += r.n;
      if (r.mine) out.mine[r.status] += r.n;
    }
    return out;
  }

  async setStatus(id: string, status: ConversationStatus): Promise<boolean> {
    const result = await this.db
      .update(conversations)
      .set({
        status,
        resolvedAt: status === 'resolved' ? Date.now() : null,
        // Reopened for an assignee who was deactivated meanwhile: Unassigned again.
        ...(status === 'resolved'
          ? {}
          : {
              assigneeId: sql`CASE WHEN ${conversations.assigneeId} IN (SELECT id FROM agents WHERE deactivated_at IS NOT NULL) THEN NULL ELSE ${conversations.assigneeId} END`,
            }),
      })
      .where(and(eq(conversations.id, id), sql`${conversations.status} <> ${status}`));
    return (result.rowCount ?? 0) > 0;
  }

  async markRead(id: string, seq: number): Promise<{ unreadCleared: boolean; receipt: number | null }> {
    // One transaction (one commit) for the unread count and the receipt.
    return this.db.transaction(async (tx) => {
      const cleared = await tx
        .update(conversations)
        .set({ unreadCount: 0 })
        .where(and(eq(conversations.id, id), sql`${conversations.lastSeq} <= ${seq}`, gt(conversations.unreadCount, 0)));
      // Read receipt for the visitor: never past the newest message, never backwards.
      const [moved] = await tx
        .update(conversations)
        .set({ agentReadSeq: sql`LEAST(${conversations.lastSeq}, ${seq})` })
        .where(and(eq(conversations.id, id), sql`LEAST(${conversations.lastSeq}, ${seq}) > ${conversations.agentReadSeq}`))
        .returning({ receipt: conversations.agentReadSeq });
      return { unreadCleared: (cleared.rowCount ?? 0) > 0, receipt: moved ? num(moved.receipt) : null };
    });
  }

  async markVisitorRead(id: string, seq: number): Promise<number | null> {
    const { rows } = await this.db.$client.query({
      name: 'atendo_mark_visitor_read',
      // Never past the newest message, never backwards; the new value, or nothing.
      text: 'UPDATE conversations SET visitor_read_seq = LEAST(last_seq, $2) WHERE id = $1 AND LEAST(last_seq, $2) > visitor_read_seq RETURNING visitor_read_seq',
      values: [id, seq],
    });
    return rows[0] ? num(rows[0].visitor_read_seq) : null;
  }

  async openForAgent(visitorId: string, agentId: string): Promise<{ id: string; opened: boolean } | undefined> {
    return this.db.transaction(async (tx) => {
      // The visitor's row locked first, as a first message does: two agents (or an agent and the
      // visitor) on two instances never open two conversations.
      const [visitor] = await tx.select({ siteId: visitors.siteId }).from(visitors).where(eq(visitors.id, visitorId)).for('no key update');
      if (!visitor) return undefined;
      const [found] = await tx
        .select({ id: conversations.id })
        .from(conversations)
        .where(and(eq(conversations.visitorId, visitorId), sql`${conversations.status} <> 'resolved'`))
        .limit(1);
      if (found) return { id: found.id, opened: false };
      const now = Date.now();
      const row = { id: newId(), siteId: visitor.siteId, visitorId, status: 'open' as const, assigneeId: agentId, lastActivityAt: now, createdAt: now };
      await tx.insert(conversations).values(row);
      return { id: row.id, opened: true };
    });
  }

  /**
   * Group commit: the batch in one transaction, after the earlier batches that touch any of its
   * conversations (see `Turns`). Rejects (nothing of the batch stored) only when the commit fails.
   */
  appendBatch(sends: readonly Send[], assignable: readonly string[] = []): Promise<StoredBatch> {
    if (!sends.length) return Promise.resolve({ stored: [], conversations: {} });
    return this.turns.run(Turns.keysOf(sends), () => this.commit(sends, assignable));
  }

  /** Wait for the batches given so far (the pool is closed by the storage). */
  async close(): Promise<void> {
    await this.turns.idle();
  }

  /**
   * One batch in ONE transaction (READ COMMITTED), on a pooled connection of its own: BEGIN, the
   * locks with the retries, the writes with the conversations as they commit, COMMIT (four round
   * trips for a batch of follow-up messages, whatever its size). Nothing can fail after the commit:
   * a rejection always means nothing of the batch is stored. A retry another instance committed
   * while this one waited for the lock (see SEND.lockConversations) makes the insert fail on the
   * unique index: the batch then starts over once, and reads it.
   */
  private async commit(sends: readonly Send[], assignable: readonly string[]): Promise<StoredBatch> {
    try {
      return await this.attempt(sends, assignable);
    } catch (error) {
      if (!isUniqueViolation(error, 'messages_conversation_client_uq')) throw error;
      return await this.attempt(sends, assignable);
    }
  }

  private async attempt(sends: readonly Send[], assignable: readonly string[]): Promise<StoredBatch> {
    const client = await this.db.$client.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      try {
        const stored = await this.storeAll(client, sends, assignable);
        await client.query('COMMIT');
        return stored;
      } catch (error) {
        await client.query('ROLLBACK').catch((e: Error) => (broken = e));
        throw error;
      }
    } finally {
      // A connection whose ROLLBACK failed is in an unknown state: the pool drops it.
      client.release(broken);
    }
  }

  /**
   * The batch's transaction script: locks (visitor rows, then conversation rows sorted, with the
   * retries), the reads every check needs, then each message decided in order in memory, then every
   * write in one statement that also reads each conversation back as it will commit (its row is
   * locked). No savepoints: every refusal (AppError) is decided before anything of its message is
   * written, and any SQL error aborts the whole transaction (the batch fails, its senders' outboxes
   * retry).
   */
  private async storeAll(client: PoolClient, sends: readonly Send[], assignable: readonly string[]): Promise<StoredBatch> {
    const q: Query = async (name, values) => (await client.query({ name: `atendo_send_${name}`, text: SEND[name], values })).rows;
    const qa: ArrayQuery = async (name, values) =>
      (await client.query<unknown[]>({ name: `atendo_send_${name}_a`, text: SEND[name], values, rowMode: 'array' })).rows;
    const b: Batch = {
      q,
      touched: new Map(),
      byClient: new Map(),
      visitorClients: new Map(),
      openOf: new Map(),
      files: new Map(),
      rows: [],
      links: [],
      assignable,
    };

    // 1. A visitor's message without a conversation id may open one: their row first.
    const firsts = sends.filter((s) => s.sender.kind === 'visitor' && !s.input.conversationId);
    const firstVisitors = [...new Set(firsts.map((s) => (s.sender as { visitorId: string }).visitorId))].sort();
    if (firstVisitors.length) {
      await q('lockVisitors', [firstVisitors]);
      for (const c of await q<{ id: string; visitor_id: string; status: ConversationStatus }>('visitorConversations', [firstVisitors])) {
        if (c.status !== 'resolved' && !b.openOf.has(c.visitor_id)) b.openOf.set(c.visitor_id, c.id);
      }
    }
    // 2. Every conversation written to, locked in id order, with the retries already stored in it.
    const ids = new Set<string>(b.openOf.values());
    for (const s of sends) if (s.input.conversationId) ids.add(s.input.conversationId);
    if (ids.size) {
      const named = sends.filter((s) => s.input.conversationId);
      const locked = await q<{ id: string; visitor_id: string; site_id: string; last_seq: unknown; status: ConversationStatus; retries: unknown[][] | null }>(
        'lockConversations',
        [[...ids].sort(), named.map((s) => s.input.conversationId), named.map((s) => s.input.clientId)],
      );
      const namedIds = new Set(named.map((s) => s.input.conversationId));
      for (const c of locked) {
        // Resolved by an agent between the read above and this lock: the visitor's first message
        // opens a new conversation, as it would have a moment later (and as SQLite does).
        if (c.status === 'resolved' && b.openOf.get(c.visitor_id) === c.id) {
          b.openOf.delete(c.visitor_id);
          if (!namedIds.has(c.id)) continue;
        }
        b.touched.set(c.id, {
          visitorId: c.visitor_id,
          siteId: c.site_id,
          lastSeq: num(c.last_seq),
          last: null,
          unread: 0,
          resetUnread: false,
          byVisitor: false,
        });
        for (const r of c.retries ?? []) {
          const m = messageAt(r, 0);
          b.byClient.set(clientKey(m.conversationId, m.clientId), m);
        }
      }
    }
    // 3. Retries of a visitor's first messages (in any of their conversations).
    if (firstVisitors.length) {
      for (const v of firstVisitors) b.visitorClients.set(v, new Map());
      const rows = await qa('visitorDuplicates', [firstVisitors, [...new Set(firsts.map((s) => s.input.clientId))]]);
      for (const r of rows) b.visitorClients.get(r[0] as string)!.set(r[4] as string, messageAt(r, 1));
    }
    // 4. The files, locked.
    const fileIds = [...new Set(sends.flatMap((s) => (s.input.attachmentId ? [s.input.attachmentId] : [])))].sort();
    if (fileIds.length) for (const r of await qa('attachments', [fileIds])) b.files.set(r[0] as string, attachmentAt(r, 0)!);

    // 5. Each message, in order.
    const outcomes: StoredSlot[] = [];
    for (const { sender, input } of sends) {
      try {
        outcomes.push({ ok: true as const, ...(await this.place(b, sender, input)) });
      } catch (error) {
        // Refusals are decided before their message writes anything; anything else fails the batch.
        if (!(error instanceof AppError)) throw error;
        outcomes.push({ ok: false as const, error });
      }
    }

    // 6. Every write in one statement (see SEND.write), which reads back each conversation the
    // batch stored a message in: each message of the batch carries its state as committed.
    const conversations: Record<string, ConversationRecord> = {};
    const bumped = [...b.touched].filter(([, c]) => c.last);
    const bumpedIds = new Set(bumped.map(([id]) => id));
    const retriedOnly = [...new Set(outcomes.flatMap((o) => (o.ok && !bumpedIds.has(o.message.conversationId) ? [o.message.conversationId] : [])))];
    if (bumped.length || retriedOnly.length) {
      const col = <K extends keyof MessageRow>(k: K) => b.rows.map((r) => r[k]);
      // Each conversation is updated once per batch (its inbox indexes move once, not per message).
      const bump = (f: (c: BatchConversation) => unknown) => bumped.map(([, c]) => f(c));
      const rows = await qa('write', [
        col('id'),
        col('conversationId'),
        col('seq'),
        col('clientId'),
        col('author'),
        col('agentId'),
        col('body'),
        col('attachmentId'),
        col('createdAt'),
        col('via'),
        b.links.map((l) => l.id),
        b.links.map((l) => l.conversationId),
        bumped.map(([id]) => id),
        bump((c) => c.lastSeq),
        bump((c) => preview(c.last!.body)),
        bump((c) => c.last!.author),
        bump((c) => c.last!.at),
        bump((c) => c.unread),
        bump((c) => c.resetUnread),
        bump((c) => c.byVisitor),
        retriedOnly,
        // $22: each message's meta (the bot's articles), after the rest so the numbering above stays.
        col('meta'),
      ]);
      for (const r of rows) conversations[r[0] as string] = recordOf(r);
    }
    return { stored: outcomes, conversations };
  }

  /**
   * One message, decided against what the batch has read and locked: the next seq, or the stored
   * original on a retry. Every refusal (AppError) is thrown before the message writes anything (the
   * only writes here are a conversation it opens, and its auto-assignment).
   */
  private async place(b: Batch, sender: Sender, input: SendInput): Promise<StoredSend> {
    let conversationId = input.conversationId;
    let opened = false;
    // Attachment: the sender's own file, checked before anything is written.
    const file = input.attachmentId ? fileFor(b, sender, input.attachmentId) : null;
    if (file && !input.body) input = { ...input, body: file.name };
    if (!input.body) throw new AppError('bad_request', 'Message is empty');

    let state = conversationId ? b.touched.get(conversationId) : undefined;
    if (sender.kind === 'visitor') {
      if (conversationId) {
        // Same answer for "absent" and "someone else's": ids must not be probeable.
        if (!state || state.visitorId !== sender.visitorId) throw notFound('Conversation');
      } else {
        const dup = b.visitorClients.get(sender.visitorId)?.get(input.clientId);
        if (dup) return existing(dup, input.body);
        // Open, or pending (waiting on the visitor): the visitor's answer goes there and reopens it.
        conversationId = b.openOf.get(sender.visitorId);
        if (conversationId) state = b.touched.get(conversationId);
      }
      if (!conversationId) {
        if (file) checkFileConversation(file, null, null);
        const now = Date.now();
        conversationId = newId();
        // Auto-assignment inside the same transaction: the created event already names the agent.
        const assigneeId = b.assignable.length && !input.deferAssignment ? await this.pickAssignee(b, now) : null;
        await b.q('open', [conversationId, sender.siteId, sender.visitorId, assigneeId, now]);
        opened = true;
        b.openOf.set(sender.visitorId, conversationId);
        b.touched.set(
          conversationId,
          (state = { visitorId: sender.visitorId, siteId: sender.siteId, lastSeq: 0, last: null, unread: 0, resetUnread: false, byVisitor: false }),
        );
      }
    } else if (!conversationId) {
      throw new AppError('bad_request', 'conversationId is required');
    }
    if (!state) throw notFound('Conversation');

    const dup = b.byClient.get(clientKey(conversationId, input.clientId));
    if (dup) return existing(dup, input.body);

    if (file && !opened) checkFileConversation(file, conversationId, state.siteId);
    if (sender.kind === 'bot') {
      // Sent alone (never in a batch with other messages), so the messages it checks are committed ones.
      const [guard] = await b.q<{ bot_state: string | null; agent_wrote: boolean; visitor_again: boolean }>('botGuard', [conversationId]);
      checkBotMayWrite(guard!.bot_state, guard!.agent_wrote, guard!.visitor_again);
      await b.q('botAnswered', [conversationId]);
    }

    const row = messageRow(conversationId, state.lastSeq + 1, sender, input, file ?? null);
    b.rows.push(row);
    let attachment: AttachmentRow | null = null;
    if (file) {
      if (file.conversationId === null) b.links.push({ id: file.id, conversationId });
      // Linked from here on, for the rest of the batch too (the file can go nowhere else).
      attachment = { ...file, conversationId: file.conversationId ?? conversationId };
      b.files.set(file.id, attachment);
    }
    const message: MessageRecord = { ...row, attachment };
    b.byClient.set(clientKey(conversationId, row.clientId), message);
    b.visitorClients.get(state.visitorId)?.set(row.clientId, message);
    // What the conversation's row gets at the end of the batch (see `storeAll`, step 6).
    state.lastSeq = row.seq;
    state.last = { body: input.body, author: row.author, at: row.createdAt };
    if (row.author === 'visitor') {
      state.unread++;
      state.byVisitor = true;
    } else if (row.author !== 'bot') {
      // The bot's answer leaves the visitor's question unread: a person has not read it.
      state.unread = 0;
      state.resetUnread = true;
    }
    return { message, created: true, opened };
  }

  /**
   * Round-robin: among the agents offered (connected now) who are online, active and under their
   * capacity, the one assigned longest ago. Each candidate is locked (SKIP LOCKED) before its load is
   * counted, in a statement of its own: the count's snapshot is then taken after any batch that
   * assigned to them committed, so capacity holds across instances. A candidate at capacity stays
   * locked until the commit (harmless: it is full).
   */
  private async pickAssignee(b: Batch, now: number): Promise<string | null> {
    const tried: string[] = [];
    await b.q('assignLock', []);
    for (;;) {
      const [agent] = await b.q<{ id: string; capacity: unknown }>('candidate', [b.assignable, tried]);
      if (!agent) return null;
      const [load] = await b.q<{ n: number }>('load', [agent.id]);
      if (num(load!.n) < num(agent.capacity)) {
        await b.q('assigned', [now, agent.id]);
        return agent.id;
      }
      tried.push(agent.id);
    }
  }
}

function fileFor(b: Batch, sender: Sender, attachmentId: string): AttachmentRow {
  return senderFile(b.files.get(attachmentId), sender);
}

function existing(message: MessageRecord, body: string): StoredSend {
  checkRetry(message.body, body);
  return { message, created: false, opened: false };
}
