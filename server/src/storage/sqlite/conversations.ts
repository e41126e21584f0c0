import { and, asc, desc, eq, gt, inArray, isNull, sql } from 'drizzle-orm';
import { preview, type Author, type ConversationStatus, type ViewCounts } from '@atendo/shared';
import { AppError, notFound } from '../../domain/errors';
import { newId } from '../../domain/ids';
import type {
  ConversationRecord,
  ConversationStore,
  InboxView,
  MessageRecord,
  OffThreadAppender,
  Send,
  Sender,
  SendInput,
  StoredBatch,
  StoredSlot,
  VisitorConversationRow,
} from '../conversations';
import type { AttachmentRow, ConversationRow, MessageRow } from '../types';
import { checkBotMayWrite, checkFileConversation, checkRetry, messageRow, senderFile, type BatchConversation } from '../send-rules';
import type { Db } from './client';
import { attachments, conversations, messages, visitors } from './schema';
import type { SqliteSearchStore } from './search';
import { Writer } from './writer';

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
  number | null,
  ConversationRow['botState'],
  number | null,
  string | null,
  number,
  string | null,
];

const conversationColumns = {
  row: conversations,
  visitorName: visitors.name,
  visitorVerified: visitors.verified,
  visitorEmail: visitors.email,
};

const ph = (name: string) => sql`${sql.placeholder(name)}`;

/** Agents' read receipt, or the visitor's, in one statement per reader. */
type Reader = 'agent' | 'visitor';

/**
 * The send path's queries, prepared once per database: building and preparing a query on every
 * message cost more than running it (found with --cpu-prof by `pnpm bench`).
 */
function prepareSendStatements(db: Db) {
  const c = db.$client;
  return {
    state: c.prepare<[string], { visitorId: string; siteId: string; lastSeq: number }>(
      'SELECT visitor_id AS visitorId, site_id AS siteId, last_seq AS lastSeq FROM conversations WHERE id = ?',
    ),
    bump: c.prepare<[{ id: string; seq: number; preview: string; author: Author; at: number; unread: number; reset: number }]>(
      `UPDATE conversations SET last_seq = @seq, last_message_preview = @preview, last_message_author = @author, last_activity_at = @at,
         unread_count = CASE WHEN @reset THEN @unread ELSE unread_count + @unread END
       WHERE id = @id`,
    ),
    // A visitor writing again reopens a resolved (or pending) conversation. Only a resolved one's
    // reopening says when (reports measure the first response from there): a visitor answering a
    // pending conversation (the team waited on them) is the conversation going on. An assignee who
    // was deactivated meanwhile is dropped: the conversation is Unassigned again.
    reopen: c.prepare<[number, string]>(
      "UPDATE conversations SET status = 'open', resolved_at = NULL, reopened_at = CASE WHEN status = 'resolved' THEN ? ELSE reopened_at END, assignee_id = CASE WHEN assignee_id IN (SELECT id FROM agents WHERE deactivated_at IS NOT NULL) THEN NULL ELSE assignee_id END WHERE id = ? AND status <> 'open'",
    ),
    owner: c.prepare<[string], string>('SELECT visitor_id FROM conversations WHERE id = ?').pluck() as unknown as { get(id: string): string | undefined },
    lastSeq: c.prepare<[string], number>('SELECT last_seq FROM conversations WHERE id = ?').pluck() as unknown as { get(id: string): number | undefined },
    // Raw statements: Drizzle's placeholder filling cost more than the insert's own bookkeeping on
    // the writer thread (`pnpm bench --cpu-prof`).
    duplicate: c.prepare<[string, string], MessageRow>(
      `SELECT id, conversation_id AS conversationId, seq, client_id AS clientId, author, agent_id AS agentId, body,
              attachment_id AS attachmentId, created_at AS createdAt, via, meta
         FROM messages WHERE conversation_id = ? AND client_id = ?`,
    ),
    insert: c.prepare<[MessageRow]>(
      `INSERT INTO messages (id, conversation_id, seq, client_id, author, agent_id, body, attachment_id, created_at, via, meta)
       VALUES (@id, @conversationId, @seq, @clientId, @author, @agentId, @body, @attachmentId, @createdAt, @via, @meta)`,
    ),
    // The answer bot writes once per conversation, never after a person nor once the visitor wrote
    // again (checkBotMayWrite), and says it answered.
    botGuard: c.prepare<[{ id: string }], { botState: string | null; agentWrote: number; visitorAgain: number }>(
      `SELECT bot_state AS botState, EXISTS (SELECT 1 FROM messages WHERE conversation_id = @id AND author = 'agent') AS agentWrote,
              (SELECT count(*) FROM messages WHERE conversation_id = @id AND author = 'visitor') > 1 AS visitorAgain
         FROM conversations WHERE id = @id`,
    ),
    botAnswered: c.prepare<[string]>("UPDATE conversations SET bot_state = 'answered' WHERE id = ?"),
    /** Rows changed so far on this connection: tells whether a failed message had written anything. */
    changes: c.prepare('SELECT total_changes()').pluck() as unknown as { get(): number },
    // Every column of ConversationRow in order, then the visitor's name, verified, e-mail (see `get`).
    byIdRaw: c
      .prepare<[string], ByIdRaw>(
        `SELECT c.id, c.site_id, c.visitor_id, c.status, c.assignee_id, c.tags, c.last_seq, c.last_message_preview, c.last_message_author,
                c.last_activity_at, c.unread_count, c.created_at, c.resolved_at, c.visitor_read_seq, c.agent_read_seq,
                c.csat, c.csat_comment, c.nps, c.rated_at, c.reopened_at, c.bot_state, c.handed_over_at, v.name, v.verified, v.email
           FROM conversations c JOIN visitors v ON v.id = c.visitor_id WHERE c.id = ?`,
      )
      .raw(true) as unknown as { get(id: string): ByIdRaw | undefined },
    // Attachments, checked and linked inside the send's transaction.
    attachment: c.prepare<[string], AttachmentRow>(
      `SELECT id, site_id AS siteId, uploader_kind AS uploaderKind, uploader_id AS uploaderId, conversation_id AS conversationId,
              name, mime, size, key, created_at AS createdAt
         FROM attachments WHERE id = ?`,
    ),
    link: c.prepare<[string, string]>('UPDATE attachments SET conversation_id = ? WHERE id = ? AND conversation_id IS NULL'),
    // Auto-assignment: among the agents connected now (a JSON array, read from presence before the
    // transaction), those online, active and under capacity, the one assigned longest ago first.
    assignable: c.prepare<[string], { id: string; capacity: number; load: number }>(
      `SELECT a.id AS id, a.capacity AS capacity,
              (SELECT count(*) FROM conversations c WHERE c.assignee_id = a.id AND c.status IN ('open', 'pending')) AS load
         FROM agents a
        WHERE a.id IN (SELECT value FROM json_each(?)) AND a.status = 'online' AND a.deactivated_at IS NULL
        ORDER BY a.last_assigned_at, a.id`,
    ),
    // Strictly after every earlier assignment: two picks in the same millisecond still take turns.
    assigned: c.prepare<[number, string]>('UPDATE agents SET last_assigned_at = max(?, (SELECT max(last_assigned_at) FROM agents) + 1) WHERE id = ?'),
  };
}

/**
 * Records built field by field: Drizzle's row objects are slow to spread (an inbox page of 50 rows
 * took 0.2 ms more spread than read: `pnpm bench` console section, 0.25 → 0.7 ms a page).
 */
function listRecord(row: ConversationRow, visitorName: string | null, visitorVerified: boolean, visitorEmail: string | null): ConversationRecord {
  return {
    id: row.id,
    siteId: row.siteId,
    visitorId: row.visitorId,
    status: row.status,
    assigneeId: row.assigneeId,
    tags: row.tags,
    lastSeq: row.lastSeq,
    lastMessagePreview: row.lastMessagePreview,
    lastMessageAuthor: row.lastMessageAuthor,
    lastActivityAt: row.lastActivityAt,
    unreadCount: row.unreadCount,
    createdAt: row.createdAt,
    resolvedAt: row.resolvedAt,
    visitorReadSeq: row.visitorReadSeq,
    agentReadSeq: row.agentReadSeq,
    csat: row.csat,
    csatComment: row.csatComment,
    nps: row.nps,
    ratedAt: row.ratedAt,
    reopenedAt: row.reopenedAt,
    botState: row.botState,
    handedOverAt: row.handedOverAt,
    visitorName,
    visitorVerified,
    visitorEmail,
  };
}

function messageRecord(m: MessageRow, attachment: AttachmentRow | null): MessageRecord {
  return {
    id: m.id,
    conversationId: m.conversationId,
    seq: m.seq,
    clientId: m.clientId,
    author: m.author,
    agentId: m.agentId,
    body: m.body,
    attachmentId: m.attachmentId,
    createdAt: m.createdAt,
    via: m.via,
    meta: m.meta,
    attachment,
  };
}

function recordOf(r: ByIdRaw): ConversationRecord {
  return {
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
    reopenedAt: r[19],
    botState: r[20],
    handedOverAt: r[21],
    visitorName: r[22],
    visitorVerified: r[23] === 1,
    visitorEmail: r[24],
  };
}

type Touched = Map<string, BatchConversation>;

/** What `store` did with one message. */
type StoredSend = { message: MessageRecord; created: boolean; opened: boolean };

/**
 * Conversations and messages on SQLite. The send path (`appendBatchSync`) runs on the event loop's
 * connection, or on the writer thread's (writer.ts, writer-worker.ts) through `offThread` when
 * `writer` is set: the thread starts on the first batch it is offered.
 */
export class SqliteConversationStore implements ConversationStore {
  private statements: ReturnType<typeof prepareSendStatements> | undefined;
  private listStatements = new Map<string, ReturnType<SqliteConversationStore['prepareList']>>();
  private readStatements: ReturnType<SqliteConversationStore['prepareReads']> | undefined;
  private writer: Writer | null;
  readonly offThread: OffThreadAppender | undefined;

  constructor(
    readonly db: Db,
    file: string,
    private search: SqliteSearchStore,
    opts: { writer: boolean },
  ) {
    // Constructed here, started on first use (Writer.available): a server that never gets a chat
    // message never pays the thread's memory.
    this.writer = opts.writer ? new Writer(file) : null;
    this.offThread = this.writer ?? undefined;
  }

  /** Prepared on first use (the schema is migrated by then). */
  private get st() {
    return (this.statements ??= prepareSendStatements(this.db));
  }

  private prepareReads() {
    return {
      messages: this.db
        .select({ m: messages, a: attachments })
        .from(messages)
        .leftJoin(attachments, eq(attachments.id, messages.attachmentId))
        .where(and(eq(messages.conversationId, ph('id') as never), gt(messages.seq, ph('after') as never)))
        .orderBy(asc(messages.seq))
        .limit(ph('limit') as never)
        .prepare(),
      // Raw SQL with every column qualified: Drizzle's select left the subquery's columns bare, so
      // "id" meant messages.id there and the badge counted nothing.
      forVisitor: this.db.$client.prepare<[string, number], Omit<VisitorConversationRow, 'rated'> & { rated: number }>(
        `SELECT c.id AS id, c.status AS status, c.last_seq AS lastSeq, c.agent_read_seq AS agentReadSeq, c.visitor_read_seq AS visitorReadSeq,
                c.rated_at IS NOT NULL AS rated, c.bot_state AS botState,
                -- The team's messages the visitor has not read (a lazy hello replays none: this is the badge).
                (SELECT count(*) FROM messages m WHERE m.conversation_id = c.id AND m.seq > c.visitor_read_seq AND m.author <> 'visitor') AS unread
           FROM conversations c WHERE c.visitor_id = ? ORDER BY c.last_activity_at DESC LIMIT ?`,
      ),
      // INDEXED BY: with a site filter the planner would otherwise pick the per-site activity index
      // and read every conversation of the site (28 ms on 100k instead of 3 ms).
      unread: [false, true].map((site) =>
        this.db.$client.prepare<string[], { status: ConversationStatus; unassigned: number; mine: number; n: number }>(
          `SELECT status, assignee_id IS NULL AS unassigned, coalesce(assignee_id = ?, 0) AS mine, count(*) AS n
             FROM conversations INDEXED BY conversations_unread_idx
            WHERE unread_count > 0 ${site ? 'AND site_id = ?' : ''}
            GROUP BY 1, 2, 3`,
        ),
      ),
      // Read receipts: never past the newest message, never backwards; the new value, or nothing.
      receipt: {
        agent: this.db.$client
          .prepare<[{ id: string; seq: number }], number>(
            'UPDATE conversations SET agent_read_seq = min(last_seq, @seq) WHERE id = @id AND min(last_seq, @seq) > agent_read_seq RETURNING agent_read_seq',
          )
          .pluck(),
        visitor: this.db.$client
          .prepare<[{ id: string; seq: number }], number>(
            'UPDATE conversations SET visitor_read_seq = min(last_seq, @seq) WHERE id = @id AND min(last_seq, @seq) > visitor_read_seq RETURNING visitor_read_seq',
          )
          .pluck(),
      } satisfies Record<Reader, unknown>,
    };
  }

  private get reads() {
    return (this.readStatements ??= this.prepareReads());
  }

  /** Synchronous `get`, for the send path (it reads each touched conversation once per batch). */
  getSync(id: string): ConversationRecord | undefined {
    // Read as an array and built here: better-sqlite3's per-column objects and Drizzle's row mapping
    // cost more than the lookup (`pnpm bench`: 11 → 4 µs; the send path reads each row once per batch).
    const r = this.st.byIdRaw.get(id);
    return r ? recordOf(r) : undefined;
  }

  async get(id: string): Promise<ConversationRecord | undefined> {
    return this.getSync(id);
  }

  /** Prepared inbox queries, one per view shape (status? scope? site? cursor?): built once, run with placeholders. */
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

  async list(view: InboxView): Promise<ConversationRecord[]> {
    const shape = { status: view.status !== 'all', scope: view.scope, site: Boolean(view.siteId), cursor: Boolean(view.after) };
    const key = `${shape.status}|${shape.scope}|${shape.site}|${shape.cursor}`;
    let st = this.listStatements.get(key);
    if (!st) this.listStatements.set(key, (st = this.prepareList(shape)));
    const rows = st.all({
      status: view.status,
      agentId: view.agentId ?? '',
      siteId: view.siteId ?? '',
      at: view.after?.lastActivityAt ?? 0,
      cid: view.after?.id ?? '',
      limit: view.limit,
    });
    return rows.map((r) => listRecord(r.row, r.visitorName, r.visitorVerified, r.visitorEmail));
  }

  async forVisitor(visitorId: string, limit: number): Promise<VisitorConversationRow[]> {
    // Whether the survey was answered: the widget asks only while it was not.
    return this.reads.forVisitor.all(visitorId, limit).map((c) => ({ ...c, rated: c.rated === 1 }));
  }

  async messagesAfter(conversationId: string, after: number, limit: number): Promise<MessageRecord[]> {
    return this.reads.messages.all({ id: conversationId, after, limit }).map(({ m, a }) => messageRecord(m, a));
  }

  async visitorOf(conversationId: string): Promise<string | undefined> {
    return this.st.owner.get(conversationId);
  }

  async lastSeq(conversationId: string): Promise<number> {
    return this.st.lastSeq.get(conversationId) ?? 0;
  }

  /**
   * Conversations with unread visitor messages per view (unassigned / mine / all × status). Reads
   * only the partial index `conversations_unread_idx` (rows with unread > 0), never the table.
   */
  async unreadCounts(agentId: string, siteId?: string): Promise<ViewCounts> {
    const rows = this.reads.unread[siteId ? 1 : 0]!.all(agentId, ...(siteId ? [siteId] : []));
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
    const changed = this.db
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
      .where(and(eq(conversations.id, id), sql`${conversations.status} <> ${status}`))
      .run().changes;
    return changed > 0;
  }

  async markRead(id: string, seq: number): Promise<{ unreadCleared: boolean; receipt: number | null }> {
    const receipt = this.reads.receipt.agent;
    // One transaction (one fsync) for the unread count and the receipt.
    return this.db.$client.transaction(() => {
      const unreadCleared =
        this.db
          .update(conversations)
          .set({ unreadCount: 0 })
          .where(and(eq(conversations.id, id), sql`${conversations.lastSeq} <= ${seq}`, gt(conversations.unreadCount, 0)))
          .run().changes > 0;
      // Read receipt for the visitor: never past the newest message, never backwards.
      const moved = receipt.get({ id, seq });
      return { unreadCleared, receipt: moved ?? null };
    })();
  }

  async markVisitorRead(id: string, seq: number): Promise<number | null> {
    return this.reads.receipt.visitor.get({ id, seq }) ?? null;
  }

  async openForAgent(visitorId: string, agentId: string): Promise<{ id: string; opened: boolean } | undefined> {
    return this.db.$client
      .transaction(() => {
        const visitor = this.db.select({ siteId: visitors.siteId }).from(visitors).where(eq(visitors.id, visitorId)).get();
        if (!visitor) return undefined;
        const id = this.db
          .select({ id: conversations.id })
          .from(conversations)
          .where(and(eq(conversations.visitorId, visitorId), sql`${conversations.status} <> 'resolved'`))
          .get()?.id;
        if (id) return { id, opened: false };
        const now = Date.now();
        const row = { id: newId(), siteId: visitor.siteId, visitorId, status: 'open' as const, assigneeId: agentId, lastActivityAt: now, createdAt: now };
        this.db.insert(conversations).values(row).run();
        return { id: row.id, opened: true };
      })
      .immediate();
  }

  async appendBatch(sends: readonly Send[], assignable: readonly string[] = []): Promise<StoredBatch> {
    return this.appendBatchSync(sends, assignable);
  }

  /**
   * `appendBatch` as one synchronous call: the writer thread (writer-worker.ts) runs it on its own
   * connection. One transaction, then each touched conversation read back as committed; plain data
   * only, so it can cross the thread boundary.
   */
  appendBatchSync(sends: readonly Send[], assignable: readonly string[]): StoredBatch {
    // No savepoint per message: FTS5 flushes its pending index on every savepoint, which made a batch
    // 2–3× slower (`pnpm bench`). `store` refuses a message (not found, conflict…) before writing
    // anything, so a refusal needs no rollback; a failure after a write aborts the whole batch
    // (nothing of it is stored, every sender gets an error and its outbox retries).
    const st = this.st;
    const touched: Touched = new Map();
    // The agents connected now, as one statement parameter (read only when a conversation opens).
    const candidates = assignable.length ? JSON.stringify(assignable) : null;
    const stored = this.db.$client
      .transaction(() => {
        const outcomes = sends.map(({ sender, input }): StoredSlot => {
          const before = st.changes.get();
          try {
            return { ok: true as const, ...this.store(sender, input, touched, candidates) };
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
        this.search.indexer.soon(sends.length);
        return outcomes;
      })
      .immediate();
    // One read per conversation: every message of the batch carries its state after the commit.
    const conversations: Record<string, ConversationRecord> = {};
    for (const s of stored) if (s.ok) conversations[s.message.conversationId] ??= this.getSync(s.message.conversationId)!;
    return { stored, conversations };
  }

  /**
   * One message inside the batch's transaction: next seq, insert, or the stored original on a retry.
   * Every refusal (AppError) must be thrown before the first write: `appendBatchSync` relies on it.
   */
  private store(sender: Sender, input: SendInput, touched: Touched, assignable: string | null): StoredSend {
    const tx = this.db;
    let conversationId = input.conversationId;
    let opened: ConversationRow | null = null;
    // Attachment: the sender's own file, checked before anything is written.
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
        if (file) checkFileConversation(file, null, null);
        const now = Date.now();
        opened = {
          id: newId(),
          siteId: sender.siteId,
          visitorId: sender.visitorId,
          status: 'open',
          // Auto-assignment inside the same transaction: the created event already names the agent.
          assigneeId: assignable && !input.deferAssignment ? this.pickAssignee(assignable, now) : null,
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
          reopenedAt: null,
          botState: null,
          handedOverAt: null,
        };
        tx.insert(conversations).values(opened).run();
        conversationId = opened.id;
        touched.set(
          conversationId,
          (state = { visitorId: sender.visitorId, siteId: sender.siteId, lastSeq: 0, last: null, unread: 0, resetUnread: false, byVisitor: false }),
        );
      }
    } else if (!conversationId) {
      throw new AppError('bad_request', 'conversationId is required');
    }
    if (!state) throw notFound('Conversation');

    const dup = this.st.duplicate.get(conversationId, input.clientId);
    if (dup) return this.existing(dup, input.body);

    if (file && !opened) checkFileConversation(file, conversationId, state.siteId);
    if (sender.kind === 'bot') {
      const guard = this.st.botGuard.get({ id: conversationId })!;
      checkBotMayWrite(guard.botState, guard.agentWrote === 1, guard.visitorAgain === 1);
    }

    const row = messageRow(conversationId, state.lastSeq + 1, sender, input, file ?? null);
    this.st.insert.run(row);
    if (sender.kind === 'bot') this.st.botAnswered.run(conversationId);
    if (file) this.st.link.run(conversationId, file.id);
    // What the conversation's row gets at the end of the batch (see `bump`).
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
    const attachment = file ? { ...file, conversationId: file.conversationId ?? conversationId } : null;
    return { message: { ...row, attachment }, created: true, opened: opened !== null };
  }

  /** The batch's view of a conversation: read once per batch (owner, site, seq so far), undefined if absent. */
  private batchState(id: string, touched: Touched): BatchConversation | undefined {
    let state = touched.get(id);
    if (!state) {
      const row = this.st.state.get(id);
      if (!row) return undefined;
      touched.set(
        id,
        (state = { visitorId: row.visitorId, siteId: row.siteId, lastSeq: row.lastSeq, last: null, unread: 0, resetUnread: false, byVisitor: false }),
      );
    }
    return state;
  }

  /**
   * One UPDATE per conversation per batch, as if its messages had been applied one by one: seq and
   * preview of the last, unread +1 per visitor message (back to 0 at an agent's, then counting again),
   * and a visitor message reopens a resolved or pending conversation (`reopened_at` for a resolved one). Status is only written when it
   * changes: SQLite rewrites the entries of every index on a column that an UPDATE sets.
   */
  private bump(id: string, c: BatchConversation): void {
    const last = c.last!;
    this.st.bump.run({ id, seq: c.lastSeq, preview: preview(last.body), author: last.author, at: last.at, unread: c.unread, reset: c.resetUnread ? 1 : 0 });
    if (c.byVisitor) this.st.reopen.run(last.at, id);
  }

  /**
   * Round-robin: among the agents connected now (`assignable`, a JSON array of ids) who are online,
   * active and under their capacity, the one assigned longest ago. Inside the batch's transaction,
   * so capacity and turns are decided with every earlier assignment counted.
   */
  private pickAssignee(assignable: string, now: number): string | null {
    for (const a of this.st.assignable.all(assignable)) {
      if (a.load >= a.capacity) continue;
      this.st.assigned.run(now, a.id);
      return a.id;
    }
    return null;
  }

  private fileFor(sender: Sender, attachmentId: string): AttachmentRow {
    return senderFile(this.st.attachment.get(attachmentId), sender);
  }

  private existing(row: MessageRow, body: string): StoredSend {
    checkRetry(row.body, body);
    const attachment = row.attachmentId ? (this.st.attachment.get(row.attachmentId) ?? null) : null;
    return { message: { ...row, attachment }, created: false, opened: false };
  }

  /** Let the batch in flight on the writer thread commit, then end the thread. */
  async close(): Promise<void> {
    await this.writer?.close();
  }
}
