/**
 * The PostgreSQL `VisitorStore`: visitors, their browsing sessions, and the erasure and merge
 * transactions. Read-then-write methods lock the visitor's row first (`FOR UPDATE`): on SQLite one
 * write lock serialized them, here several instances may run them at once.
 */
import { parsePages } from '../columns';
import { and, asc, count, desc, eq, inArray, isNull, notExists, or, sql } from 'drizzle-orm';
import type { PageView } from '@atendo/shared';
import type { SessionStart, SessionState, VisitorConversationSummary, VisitorIdentityPatch, VisitorStore } from '../visitors';
import type { VisitorRow } from '../types';
import type { PgDb } from './client';
import { attachments, contentGaps, conversations, messages, visitors } from './schema';

type Tx = Parameters<Parameters<PgDb['transaction']>[0]>[0];

/** Tables an erasure deletes rows from: `scrub` vacuums them. */
const ERASED_TABLES = ['messages', 'attachments', 'conversations', 'visitors', 'content_gaps'];

export class PgVisitorStore implements VisitorStore {
  constructor(private db: PgDb) {}

  async insert(row: VisitorRow): Promise<void> {
    await this.db.insert(visitors).values(row);
  }

  async create(row: VisitorRow): Promise<VisitorRow> {
    return this.db.transaction(async (tx) => {
      const reuse = async () => {
        if (!row.verified || !row.externalId) return undefined;
        // A verified contact is one row per (site, user id): reuse it, with this browser's token.
        const [known] = await tx
          .update(visitors)
          .set({ tokenHash: row.tokenHash })
          .where(and(eq(visitors.siteId, row.siteId), eq(visitors.externalId, row.externalId), eq(visitors.verified, true)))
          .returning();
        return known;
      };
      const known = await reuse();
      if (known) return known;
      // No check-then-insert: two creates at once on two instances would both see the first client id
      // free. The unique indexes decide (DO NOTHING waits for the other insert's commit, no error).
      const [inserted] = await tx.insert(visitors).values(row).onConflictDoNothing().returning();
      if (inserted) return inserted;
      // The same contact created at once elsewhere: it is committed now, reuse it.
      const raced = await reuse();
      if (raced) return raced;
      // The first message's client id is kept only as an unused claim (see VisitorService.byFirstClientId).
      const stored = { ...row, firstClientId: null };
      await tx.insert(visitors).values(stored);
      return stored;
    });
  }

  async get(id: string): Promise<VisitorRow | undefined> {
    const [row] = await this.db.select().from(visitors).where(eq(visitors.id, id));
    return row;
  }

  async count(filter: { verified?: boolean } = {}): Promise<number> {
    const q = this.db.select({ n: count() }).from(visitors);
    const [row] = await (filter.verified === undefined ? q : q.where(eq(visitors.verified, filter.verified)));
    return Number(row?.n ?? 0);
  }

  async authenticate(siteId: string, tokenHash: string): Promise<VisitorRow | undefined> {
    const [row] = await this.db
      .select()
      .from(visitors)
      .where(and(eq(visitors.tokenHash, tokenHash), eq(visitors.siteId, siteId)));
    return row;
  }

  async contact(siteId: string, externalId: string): Promise<VisitorRow | undefined> {
    const [row] = await this.db
      .select()
      .from(visitors)
      .where(and(eq(visitors.siteId, siteId), eq(visitors.externalId, externalId), eq(visitors.verified, true)));
    return row;
  }

  async byFirstClientId(siteId: string, firstClientKey: string, clientId: string, body: string): Promise<VisitorRow | undefined> {
    const [row] = await this.db
      .select()
      .from(visitors)
      .where(and(eq(visitors.siteId, siteId), eq(visitors.firstClientId, firstClientKey)));
    if (!row) return undefined;
    // The retry must carry the very message that created the visitor.
    const [first] = await this.db
      .select({ body: messages.body })
      .from(messages)
      .innerJoin(conversations, eq(conversations.id, messages.conversationId))
      .where(and(eq(conversations.visitorId, row.id), eq(messages.clientId, clientId)))
      .limit(1);
    return first?.body === body ? row : undefined;
  }

  async firstClientIdTaken(siteId: string, firstClientKey: string): Promise<boolean> {
    const [row] = await this.db
      .select({ id: visitors.id })
      .from(visitors)
      .where(and(eq(visitors.siteId, siteId), eq(visitors.firstClientId, firstClientKey)))
      .limit(1);
    return Boolean(row);
  }

  async rotateToken(id: string, tokenHash: string): Promise<void> {
    await this.db.update(visitors).set({ tokenHash }).where(eq(visitors.id, id));
  }

  async identify(id: string, who: VisitorIdentityPatch): Promise<void> {
    const set = {
      ...(who.name ? { name: who.name } : {}),
      ...(who.email ? { email: who.email } : {}),
      ...(who.externalId ? { externalId: who.externalId, verified: true } : {}),
    };
    if (Object.keys(set).length === 0) return;
    // An unverified claim never changes a verified contact: decided in the write itself.
    await this.db
      .update(visitors)
      .set(set)
      .where(who.externalId ? eq(visitors.id, id) : and(eq(visitors.id, id), eq(visitors.verified, false)));
  }

  async touch(id: string, now: number, info: { locale?: string | undefined; pageUrl?: string | undefined }): Promise<void> {
    await this.db
      .update(visitors)
      .set({
        lastSeenAt: now,
        ...(info.locale ? { locale: info.locale } : {}),
        ...(info.pageUrl ? { lastPageUrl: info.pageUrl } : {}),
      })
      .where(eq(visitors.id, id));
  }

  async connect(id: string, start: SessionStart): Promise<SessionState | undefined> {
    return this.db.transaction(async (tx) => {
      // Locked: two tabs saying hello on two instances must not both start a session (or drop a page).
      const row = await lockVisitor(tx, id, 'no key update');
      if (!row) return undefined;
      const { now } = start;
      const fresh = !row.sessionStartedAt || now - row.lastSeenAt > start.gapMs;
      const sessionStartedAt = fresh ? now : row.sessionStartedAt!;
      let pages = fresh ? [] : parsePages(row.sessionPages);
      const page = start.page ? { url: start.page.url, title: start.page.title, at: now } : null;
      if (page && pages[pages.length - 1]?.url !== page.url) pages = [...pages, page];
      pages = pages.slice(-start.maxPages);
      await tx
        .update(visitors)
        .set({
          sessionStartedAt,
          sessionPages: JSON.stringify(pages),
          lastSeenAt: now,
          ...(page ? { lastPageUrl: page.url, lastPageTitle: page.title } : {}),
          ...(fresh && start.referrer !== undefined ? { referrer: start.referrer || null } : {}),
          ...(start.userAgent ? { userAgent: start.userAgent } : {}),
          ...(start.timezone ? { timezone: start.timezone } : {}),
          ...(start.attributes !== undefined ? { attributes: start.attributes } : {}),
        })
        .where(eq(visitors.id, id));
      return { before: row, sessionStartedAt, pages };
    });
  }

  async addPage(id: string, page: PageView, maxPages: number): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const row = await lockVisitor(tx, id, 'no key update');
      if (!row) return false;
      const pages = parsePages(row.sessionPages);
      if (pages[pages.length - 1]?.url !== page.url) pages.push(page);
      await tx
        .update(visitors)
        .set({ sessionPages: JSON.stringify(pages.slice(-maxPages)), lastPageUrl: page.url, lastPageTitle: page.title, lastSeenAt: page.at })
        .where(eq(visitors.id, id));
      return true;
    });
  }

  async setAttributes(id: string, attributesJson: string): Promise<void> {
    await this.db.update(visitors).set({ attributes: attributesJson }).where(eq(visitors.id, id));
  }

  async conversations(visitorId: string, limit: number): Promise<VisitorConversationSummary[]> {
    return this.db
      .select({
        id: conversations.id,
        status: conversations.status,
        lastMessagePreview: conversations.lastMessagePreview,
        lastActivityAt: conversations.lastActivityAt,
        createdAt: conversations.createdAt,
      })
      .from(conversations)
      .where(eq(conversations.visitorId, visitorId))
      .orderBy(desc(conversations.lastActivityAt))
      .limit(limit);
  }

  async conversationIds(visitorId: string): Promise<string[]> {
    const rows = await this.db
      .select({ id: conversations.id })
      .from(conversations)
      .where(eq(conversations.visitorId, visitorId))
      .orderBy(asc(conversations.createdAt));
    return rows.map((r) => r.id);
  }

  async mergeInto(fromId: string, toId: string): Promise<string[]> {
    return this.db.transaction(async (tx) => {
      // The anonymous visitor's row first: a first message opening a conversation for it (which
      // locks the same row) waits, then finds the row gone, instead of being left behind.
      await lockVisitor(tx, fromId, 'update');
      // Then its conversations, in id order as a send batch locks them (before their files): the
      // other order could deadlock with a batch writing to one of them.
      await lockConversationsOf(tx, fromId);
      const moved = await tx.update(conversations).set({ visitorId: toId }).where(eq(conversations.visitorId, fromId)).returning({ id: conversations.id });
      // The anonymous visitor's unsent uploads become the contact's (an upload left under the
      // deleted id would survive the contact's erasure).
      await tx
        .update(attachments)
        .set({ uploaderId: toId })
        .where(and(eq(attachments.uploaderKind, 'visitor'), eq(attachments.uploaderId, fromId)));
      await tx.delete(visitors).where(eq(visitors.id, fromId));
      return moved.map((r) => r.id);
    });
  }

  async erase(visitorId: string): Promise<{ existed: boolean; attachmentIds: string[] }> {
    return this.db.transaction(async (tx) => {
      // Locked first: a conversation this visitor's first message opens on another instance meanwhile
      // is either committed before (and erased here) or waits and then fails on the missing visitor.
      const existed = Boolean(await lockVisitor(tx, visitorId, 'update'));
      // Its conversations next, in id order as a send batch locks them (before attachments): a batch
      // linking a file to one of them then commits first (its file is erased here) or waits.
      const convIds = await lockConversationsOf(tx, visitorId);
      const attachmentIds = await deleteAttachmentsOf(tx, visitorId, convIds);
      if (convIds.length) await tx.delete(messages).where(inArray(messages.conversationId, convIds));
      // The questions they asked that the answer bot logged as content gaps go too.
      if (convIds.length) await tx.delete(contentGaps).where(inArray(contentGaps.conversationId, convIds));
      await tx.delete(conversations).where(eq(conversations.visitorId, visitorId));
      await tx.delete(visitors).where(eq(visitors.id, visitorId));
      return { existed, attachmentIds };
    });
  }

  /**
   * VACUUM the tables erasures delete from: dead row versions (the erased text) leave the tables'
   * pages and indexes for reuse. It cannot reach what PostgreSQL keeps outside them (WAL segments
   * not yet recycled, archived WAL, base backups, bytes of pruned tuples until their space is reused):
   * that is the operator's (docs/operating.md). False when VACUUM failed (the next scrub tries again).
   */
  async scrub(): Promise<boolean> {
    try {
      // Outside a transaction (VACUUM refuses to run inside one): the pool's autocommit query.
      await this.db.$client.query(`VACUUM ${ERASED_TABLES.join(', ')}`);
      return true;
    } catch {
      return false;
    }
  }
}

/**
 * The visitor's row, locked until the transaction ends (undefined: no such visitor). 'update' before
 * deleting it; 'no key update' to change it (a conversation opening meanwhile, whose foreign-key
 * check takes KEY SHARE on this row, does not wait for it).
 */
async function lockVisitor(tx: Tx, id: string, strength: 'update' | 'no key update'): Promise<VisitorRow | undefined> {
  const [row] = await tx.select().from(visitors).where(eq(visitors.id, id)).for(strength);
  return row;
}

/**
 * Rows of everything a visitor's erasure must take along: what they uploaded and every file in
 * their conversations. Unsent uploads of visitors that no longer exist go too: an anonymous visitor
 * merged into a contact by an older Atendo, before merges moved uploads, left its files under its own,
 * deleted, id.
 */
async function deleteAttachmentsOf(tx: Tx, visitorId: string, conversationIds: string[]): Promise<string[]> {
  const mine = and(eq(attachments.uploaderKind, 'visitor'), eq(attachments.uploaderId, visitorId));
  const where = conversationIds.length ? or(mine, inArray(attachments.conversationId, conversationIds)) : mine;
  const gone = await tx.delete(attachments).where(where).returning({ id: attachments.id });
  const orphaned = await tx
    .delete(attachments)
    .where(
      and(
        eq(attachments.uploaderKind, 'visitor'),
        isNull(attachments.conversationId),
        notExists(
          tx
            .select({ id: visitors.id })
            .from(visitors)
            .where(sql`${visitors.id} = ${attachments.uploaderId}`),
        ),
      ),
    )
    .returning({ id: attachments.id });
  return [...gone, ...orphaned].map((r) => r.id);
}

/** Lock a visitor's conversations in id order (the send path's order); their ids. */
async function lockConversationsOf(tx: Tx, visitorId: string): Promise<string[]> {
  const rows = await tx
    .select({ id: conversations.id })
    .from(conversations)
    .where(eq(conversations.visitorId, visitorId))
    .orderBy(asc(conversations.id))
    .for('update');
  return rows.map((r) => r.id);
}
