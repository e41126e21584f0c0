/** The SQLite `MailStore`: the outbox, reply tokens and continuity windows. */
import { and, asc, eq, inArray, isNotNull, lte, or, sql } from 'drizzle-orm';
import type { MailStore, WindowClose } from '../mail';
import type { ConversationMailRow, MailInboundRow, MailOutboxRow, MailReplyTokenRow } from '../types';
import type { Db } from './client';
import { conversationMail, mailInbound, mailOutbox, mailReplyTokens } from './schema';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/** Read, then write: take the write lock first (a commit on the writer thread's connection in between would fail the upgrade). */
const IMMEDIATE = { behavior: 'immediate' } as const;

/** Insert unless the dedupe key is taken; the token only with a new row. */
function insertOnce(tx: Tx, row: MailOutboxRow, token: MailReplyTokenRow | null | undefined): boolean {
  const inserted = tx.insert(mailOutbox).values(row).onConflictDoNothing({ target: mailOutbox.dedupeKey }).run().changes > 0;
  if (inserted && token) tx.insert(mailReplyTokens).values(token).run();
  return inserted;
}

export class SqliteMailStore implements MailStore {
  constructor(private db: Db) {}

  async noteAgentMessage(conversationId: string, seq: number, dueAt: number): Promise<void> {
    this.db
      .insert(conversationMail)
      .values({ conversationId, pendingSeq: seq, dueAt })
      .onConflictDoUpdate({
        target: conversationMail.conversationId,
        set: {
          pendingSeq: sql`max(${conversationMail.pendingSeq}, excluded.pending_seq)`,
          dueAt: sql`CASE WHEN ${conversationMail.dueAt} IS NOT NULL THEN ${conversationMail.dueAt} WHEN excluded.pending_seq > ${conversationMail.mailedSeq} THEN excluded.due_at ELSE NULL END`,
        },
      })
      .run();
  }

  async dueWindows(now: number, limit: number): Promise<ConversationMailRow[]> {
    return this.db
      .select()
      .from(conversationMail)
      .where(and(isNotNull(conversationMail.dueAt), lte(conversationMail.dueAt, now)))
      .orderBy(asc(conversationMail.dueAt))
      .limit(limit)
      .all();
  }

  async conversationMail(conversationId: string): Promise<ConversationMailRow | undefined> {
    return this.db.select().from(conversationMail).where(eq(conversationMail.conversationId, conversationId)).get();
  }

  async closeWindow(close: WindowClose): Promise<'enqueued' | 'closed' | 'stale'> {
    return this.db.transaction((tx) => {
      const row = tx.select().from(conversationMail).where(eq(conversationMail.conversationId, close.conversationId)).get();
      if (!row || row.mailedSeq !== close.fromSeq) return 'stale' as const;
      const inserted = close.mail ? insertOnce(tx, close.mail.row, close.mail.token) : false;
      const toSeq = Math.max(row.mailedSeq, close.toSeq);
      tx.update(conversationMail)
        .set({
          mailedSeq: toSeq,
          dueAt: row.pendingSeq > toSeq ? close.reopenAt : null,
          ...(inserted && close.mail ? { firstMessageId: row.firstMessageId ?? close.mail.messageId, lastMessageId: close.mail.messageId } : {}),
        })
        .where(eq(conversationMail.conversationId, close.conversationId))
        .run();
      return inserted ? ('enqueued' as const) : ('closed' as const);
    }, IMMEDIATE);
  }

  async enqueue(row: MailOutboxRow, token?: MailReplyTokenRow | null): Promise<boolean> {
    return this.db.transaction((tx) => insertOnce(tx, row, token), IMMEDIATE);
  }

  async claim(now: number, leaseMs: number, limit: number): Promise<MailOutboxRow[]> {
    // One transaction: select the due rows, then lease them. On PostgreSQL the select is
    // `… FOR UPDATE SKIP LOCKED` inside the UPDATE, so two instances never claim one row.
    return this.db.transaction((tx) => {
      const due = tx
        .select({ id: mailOutbox.id })
        .from(mailOutbox)
        .where(
          or(and(eq(mailOutbox.state, 'queued'), lte(mailOutbox.nextAttemptAt, now)), and(eq(mailOutbox.state, 'sending'), lte(mailOutbox.leaseUntil, now))),
        )
        .orderBy(asc(mailOutbox.nextAttemptAt))
        .limit(limit)
        .all()
        .map((r) => r.id);
      if (!due.length) return [];
      return tx
        .update(mailOutbox)
        .set({ state: 'sending', leaseUntil: now + leaseMs })
        .where(inArray(mailOutbox.id, due))
        .returning()
        .all()
        .sort((a, b) => a.nextAttemptAt - b.nextAttemptAt);
    }, IMMEDIATE);
  }

  async markSent(id: string, now: number): Promise<void> {
    this.db
      .update(mailOutbox)
      .set({ state: 'sent', sentAt: now, leaseUntil: null, lastError: null, replyTo: null })
      .where(and(eq(mailOutbox.id, id), eq(mailOutbox.state, 'sending')))
      .run();
  }

  async markFailed(id: string, error: string, retryAt: number | null): Promise<void> {
    this.db
      .update(mailOutbox)
      .set({
        attempts: sql`${mailOutbox.attempts} + 1`,
        lastError: error,
        leaseUntil: null,
        ...(retryAt === null ? { state: 'failed' as const, replyTo: null } : { state: 'queued' as const, nextAttemptAt: retryAt }),
      })
      .where(and(eq(mailOutbox.id, id), eq(mailOutbox.state, 'sending')))
      .run();
  }

  async get(id: string): Promise<MailOutboxRow | undefined> {
    return this.db.select().from(mailOutbox).where(eq(mailOutbox.id, id)).get();
  }

  async forConversation(conversationId: string): Promise<MailOutboxRow[]> {
    return this.db.select().from(mailOutbox).where(eq(mailOutbox.conversationId, conversationId)).orderBy(asc(mailOutbox.createdAt), asc(mailOutbox.id)).all();
  }

  async conversationForTokenHash(tokenHash: string): Promise<string | undefined> {
    return this.db.select({ id: mailReplyTokens.conversationId }).from(mailReplyTokens).where(eq(mailReplyTokens.tokenHash, tokenHash)).get()?.id;
  }

  async inboundByMessageId(messageId: string): Promise<MailInboundRow | undefined> {
    return this.db.select().from(mailInbound).where(eq(mailInbound.messageId, messageId)).get();
  }

  async recordInbound(row: MailInboundRow): Promise<boolean> {
    return this.db.insert(mailInbound).values(row).onConflictDoNothing({ target: mailInbound.messageId }).run().changes > 0;
  }
}
