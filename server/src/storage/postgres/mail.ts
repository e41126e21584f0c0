/** The PostgreSQL `MailStore`: the outbox, reply tokens and continuity windows. */
import { and, asc, eq, inArray, isNotNull, lte, or, sql } from 'drizzle-orm';
import type { MailStore, WindowClose } from '../mail';
import type { ConversationMailRow, MailInboundRow, MailOutboxRow, MailReplyTokenRow } from '../types';
import type { PgDb } from './client';
import { conversationMail, mailInbound, mailOutbox, mailReplyTokens } from './schema';

type Tx = Parameters<Parameters<PgDb['transaction']>[0]>[0];

/** Insert unless the dedupe key is taken (a racing insert of the same key waits, then does nothing); the token only with a new row. */
async function insertOnce(tx: Tx, row: MailOutboxRow, token: MailReplyTokenRow | null | undefined): Promise<boolean> {
  const inserted = await tx.insert(mailOutbox).values(row).onConflictDoNothing({ target: mailOutbox.dedupeKey }).returning({ id: mailOutbox.id });
  if (inserted.length && token) await tx.insert(mailReplyTokens).values(token);
  return inserted.length > 0;
}

export class PgMailStore implements MailStore {
  constructor(private db: PgDb) {}

  /** One upsert: racing notes of one conversation are ordered by its row lock, each sees the other's result. */
  async noteAgentMessage(conversationId: string, seq: number, dueAt: number): Promise<void> {
    await this.db
      .insert(conversationMail)
      .values({ conversationId, pendingSeq: seq, dueAt })
      .onConflictDoUpdate({
        target: conversationMail.conversationId,
        set: {
          pendingSeq: sql`GREATEST(${conversationMail.pendingSeq}, excluded.pending_seq)`,
          dueAt: sql`CASE WHEN ${conversationMail.dueAt} IS NOT NULL THEN ${conversationMail.dueAt} WHEN excluded.pending_seq > ${conversationMail.mailedSeq} THEN excluded.due_at ELSE NULL END`,
        },
      });
  }

  async dueWindows(now: number, limit: number): Promise<ConversationMailRow[]> {
    return this.db
      .select()
      .from(conversationMail)
      .where(and(isNotNull(conversationMail.dueAt), lte(conversationMail.dueAt, now)))
      .orderBy(asc(conversationMail.dueAt))
      .limit(limit);
  }

  async conversationMail(conversationId: string): Promise<ConversationMailRow | undefined> {
    const [row] = await this.db.select().from(conversationMail).where(eq(conversationMail.conversationId, conversationId));
    return row;
  }

  /**
   * The window's row is locked first: of two instances closing one window, the second waits, then
   * reads (READ COMMITTED: a fresh snapshot after the lock) the `mailedSeq` the first wrote, and is stale.
   */
  async closeWindow(close: WindowClose): Promise<'enqueued' | 'closed' | 'stale'> {
    return this.db.transaction(async (tx) => {
      const [row] = await tx.select().from(conversationMail).where(eq(conversationMail.conversationId, close.conversationId)).for('update');
      if (!row || row.mailedSeq !== close.fromSeq) return 'stale' as const;
      const inserted = close.mail ? await insertOnce(tx, close.mail.row, close.mail.token) : false;
      const toSeq = Math.max(row.mailedSeq, close.toSeq);
      await tx
        .update(conversationMail)
        .set({
          mailedSeq: toSeq,
          dueAt: row.pendingSeq > toSeq ? close.reopenAt : null,
          ...(inserted && close.mail ? { firstMessageId: row.firstMessageId ?? close.mail.messageId, lastMessageId: close.mail.messageId } : {}),
        })
        .where(eq(conversationMail.conversationId, close.conversationId));
      return inserted ? ('enqueued' as const) : ('closed' as const);
    });
  }

  async enqueue(row: MailOutboxRow, token?: MailReplyTokenRow | null): Promise<boolean> {
    return this.db.transaction((tx) => insertOnce(tx, row, token));
  }

  /**
   * Select the due rows `FOR UPDATE SKIP LOCKED`, then lease them, in one transaction: rows another
   * instance is claiming right now are skipped (not waited for), and a row whose claim committed
   * meanwhile is re-checked after its lock and no longer due. Each due row goes to one claimer.
   */
  async claim(now: number, leaseMs: number, limit: number): Promise<MailOutboxRow[]> {
    return this.db.transaction(async (tx) => {
      const due = await tx
        .select({ id: mailOutbox.id })
        .from(mailOutbox)
        .where(
          or(and(eq(mailOutbox.state, 'queued'), lte(mailOutbox.nextAttemptAt, now)), and(eq(mailOutbox.state, 'sending'), lte(mailOutbox.leaseUntil, now))),
        )
        .orderBy(asc(mailOutbox.nextAttemptAt))
        .limit(limit)
        .for('update', { skipLocked: true });
      if (!due.length) return [];
      const rows = await tx
        .update(mailOutbox)
        .set({ state: 'sending', leaseUntil: now + leaseMs })
        .where(
          inArray(
            mailOutbox.id,
            due.map((r) => r.id),
          ),
        )
        .returning();
      return rows.sort((a, b) => a.nextAttemptAt - b.nextAttemptAt);
    });
  }

  async markSent(id: string, now: number): Promise<void> {
    await this.db
      .update(mailOutbox)
      .set({ state: 'sent', sentAt: now, leaseUntil: null, lastError: null, replyTo: null })
      .where(and(eq(mailOutbox.id, id), eq(mailOutbox.state, 'sending')));
  }

  async markFailed(id: string, error: string, retryAt: number | null): Promise<void> {
    await this.db
      .update(mailOutbox)
      .set({
        attempts: sql`${mailOutbox.attempts} + 1`,
        lastError: error,
        leaseUntil: null,
        ...(retryAt === null ? { state: 'failed' as const, replyTo: null } : { state: 'queued' as const, nextAttemptAt: retryAt }),
      })
      .where(and(eq(mailOutbox.id, id), eq(mailOutbox.state, 'sending')));
  }

  async get(id: string): Promise<MailOutboxRow | undefined> {
    const [row] = await this.db.select().from(mailOutbox).where(eq(mailOutbox.id, id));
    return row;
  }

  async forConversation(conversationId: string): Promise<MailOutboxRow[]> {
    return this.db.select().from(mailOutbox).where(eq(mailOutbox.conversationId, conversationId)).orderBy(asc(mailOutbox.createdAt), asc(mailOutbox.id));
  }

  async conversationForTokenHash(tokenHash: string): Promise<string | undefined> {
    const [row] = await this.db.select({ id: mailReplyTokens.conversationId }).from(mailReplyTokens).where(eq(mailReplyTokens.tokenHash, tokenHash));
    return row?.id;
  }

  async inboundByMessageId(messageId: string): Promise<MailInboundRow | undefined> {
    const [row] = await this.db.select().from(mailInbound).where(eq(mailInbound.messageId, messageId));
    return row;
  }

  async recordInbound(row: MailInboundRow): Promise<boolean> {
    const inserted = await this.db
      .insert(mailInbound)
      .values(row)
      .onConflictDoNothing({ target: mailInbound.messageId })
      .returning({ id: mailInbound.messageId });
    return inserted.length > 0;
  }
}
