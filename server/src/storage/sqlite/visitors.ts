/** The SQLite `VisitorStore`: visitors, their browsing sessions, and the erasure and merge transactions. */
import { parsePages } from '../columns';
import { and, asc, count, desc, eq, inArray, isNull, notExists, or } from 'drizzle-orm';
import type { PageView } from '@atendo/shared';
import type { SessionStart, SessionState, VisitorConversationSummary, VisitorIdentityPatch, VisitorStore } from '../visitors';
import type { VisitorRow } from '../types';
import type { Db } from './client';
import { attachments, contentGaps, conversations, messages, visitors } from './schema';
import { scrubDeleted } from './scrub';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/** Read, then write: take the write lock first (a commit on the writer thread's connection in between would fail the upgrade). */
const IMMEDIATE = { behavior: 'immediate' } as const;

export class SqliteVisitorStore implements VisitorStore {
  private firstBody: { get(visitorId: string, clientId: string): unknown } | undefined;

  constructor(private db: Db) {}

  async insert(row: VisitorRow): Promise<void> {
    this.db.insert(visitors).values(row).run();
  }

  async create(row: VisitorRow): Promise<VisitorRow> {
    return this.db.transaction((tx) => {
      if (row.verified && row.externalId) {
        // A verified contact is one row per (site, user id): reuse it, with this browser's token.
        const known = tx
          .update(visitors)
          .set({ tokenHash: row.tokenHash })
          .where(and(eq(visitors.siteId, row.siteId), eq(visitors.externalId, row.externalId), eq(visitors.verified, true)))
          .returning()
          .get();
        if (known) return known;
      }
      // The first message's client id is kept only as an unused claim (see VisitorService.byFirstClientId).
      const stored = row.firstClientId !== null && firstClientIdTaken(tx, row.siteId, row.firstClientId) ? { ...row, firstClientId: null } : row;
      tx.insert(visitors).values(stored).run();
      return stored;
    }, IMMEDIATE);
  }

  async get(id: string): Promise<VisitorRow | undefined> {
    return this.db.select().from(visitors).where(eq(visitors.id, id)).get();
  }

  async count(filter: { verified?: boolean } = {}): Promise<number> {
    const q = this.db.select({ n: count() }).from(visitors);
    return (filter.verified === undefined ? q : q.where(eq(visitors.verified, filter.verified))).get()?.n ?? 0;
  }

  async authenticate(siteId: string, tokenHash: string): Promise<VisitorRow | undefined> {
    return this.db
      .select()
      .from(visitors)
      .where(and(eq(visitors.tokenHash, tokenHash), eq(visitors.siteId, siteId)))
      .get();
  }

  async contact(siteId: string, externalId: string): Promise<VisitorRow | undefined> {
    return this.db
      .select()
      .from(visitors)
      .where(and(eq(visitors.siteId, siteId), eq(visitors.externalId, externalId), eq(visitors.verified, true)))
      .get();
  }

  async byFirstClientId(siteId: string, firstClientKey: string, clientId: string, body: string): Promise<VisitorRow | undefined> {
    const row = this.db
      .select()
      .from(visitors)
      .where(and(eq(visitors.siteId, siteId), eq(visitors.firstClientId, firstClientKey)))
      .get();
    if (!row) return undefined;
    // The retry must carry the very message that created the visitor.
    this.firstBody ??= this.db.$client
      .prepare('SELECT m.body FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE c.visitor_id = ? AND m.client_id = ?')
      .pluck();
    const first = this.firstBody.get(row.id, clientId) as string | undefined;
    return first === body ? row : undefined;
  }

  async firstClientIdTaken(siteId: string, firstClientKey: string): Promise<boolean> {
    return firstClientIdTaken(this.db, siteId, firstClientKey);
  }

  async rotateToken(id: string, tokenHash: string): Promise<void> {
    this.db.update(visitors).set({ tokenHash }).where(eq(visitors.id, id)).run();
  }

  async identify(id: string, who: VisitorIdentityPatch): Promise<void> {
    const set = {
      ...(who.name ? { name: who.name } : {}),
      ...(who.email ? { email: who.email } : {}),
      ...(who.externalId ? { externalId: who.externalId, verified: true } : {}),
    };
    if (Object.keys(set).length === 0) return;
    // An unverified claim never changes a verified contact: decided in the write itself.
    this.db
      .update(visitors)
      .set(set)
      .where(who.externalId ? eq(visitors.id, id) : and(eq(visitors.id, id), eq(visitors.verified, false)))
      .run();
  }

  async touch(id: string, now: number, info: { locale?: string | undefined; pageUrl?: string | undefined }): Promise<void> {
    this.db
      .update(visitors)
      .set({
        lastSeenAt: now,
        ...(info.locale ? { locale: info.locale } : {}),
        ...(info.pageUrl ? { lastPageUrl: info.pageUrl } : {}),
      })
      .where(eq(visitors.id, id))
      .run();
  }

  async connect(id: string, start: SessionStart): Promise<SessionState | undefined> {
    return this.db.transaction((tx) => {
      const row = tx.select().from(visitors).where(eq(visitors.id, id)).get();
      if (!row) return undefined;
      const { now } = start;
      const fresh = !row.sessionStartedAt || now - row.lastSeenAt > start.gapMs;
      const sessionStartedAt = fresh ? now : row.sessionStartedAt!;
      let pages = fresh ? [] : parsePages(row.sessionPages);
      const page = start.page ? { url: start.page.url, title: start.page.title, at: now } : null;
      if (page && pages[pages.length - 1]?.url !== page.url) pages = [...pages, page];
      pages = pages.slice(-start.maxPages);
      tx.update(visitors)
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
        .where(eq(visitors.id, id))
        .run();
      return { before: row, sessionStartedAt, pages };
    }, IMMEDIATE);
  }

  async addPage(id: string, page: PageView, maxPages: number): Promise<boolean> {
    return this.db.transaction((tx) => {
      const row = tx.select({ sessionPages: visitors.sessionPages }).from(visitors).where(eq(visitors.id, id)).get();
      if (!row) return false;
      const pages = parsePages(row.sessionPages);
      if (pages[pages.length - 1]?.url !== page.url) pages.push(page);
      tx.update(visitors)
        .set({ sessionPages: JSON.stringify(pages.slice(-maxPages)), lastPageUrl: page.url, lastPageTitle: page.title, lastSeenAt: page.at })
        .where(eq(visitors.id, id))
        .run();
      return true;
    }, IMMEDIATE);
  }

  async setAttributes(id: string, attributesJson: string): Promise<void> {
    this.db.update(visitors).set({ attributes: attributesJson }).where(eq(visitors.id, id)).run();
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
      .limit(limit)
      .all();
  }

  async conversationIds(visitorId: string): Promise<string[]> {
    return this.db
      .select({ id: conversations.id })
      .from(conversations)
      .where(eq(conversations.visitorId, visitorId))
      .orderBy(asc(conversations.createdAt))
      .all()
      .map((r) => r.id);
  }

  async mergeInto(fromId: string, toId: string): Promise<string[]> {
    return this.db.transaction((tx) => {
      const moved = tx.select({ id: conversations.id }).from(conversations).where(eq(conversations.visitorId, fromId)).all();
      tx.update(conversations).set({ visitorId: toId }).where(eq(conversations.visitorId, fromId)).run();
      // The anonymous visitor's unsent uploads become the contact's (an upload left under the
      // deleted id would survive the contact's erasure).
      tx.update(attachments)
        .set({ uploaderId: toId })
        .where(and(eq(attachments.uploaderKind, 'visitor'), eq(attachments.uploaderId, fromId)))
        .run();
      tx.delete(visitors).where(eq(visitors.id, fromId)).run();
      return moved.map((r) => r.id);
    }, IMMEDIATE);
  }

  async erase(visitorId: string): Promise<{ existed: boolean; attachmentIds: string[] }> {
    return this.db.transaction(
      (tx) => {
        const convIds = tx
          .select({ id: conversations.id })
          .from(conversations)
          .where(eq(conversations.visitorId, visitorId))
          .all()
          .map((c) => c.id);
        const attachmentIds = deleteAttachmentsOf(tx, visitorId, convIds);
        for (const id of convIds) tx.delete(messages).where(eq(messages.conversationId, id)).run();
        // The questions they asked that the answer bot logged as content gaps go too.
        for (const id of convIds) tx.delete(contentGaps).where(eq(contentGaps.conversationId, id)).run();
        tx.delete(conversations).where(eq(conversations.visitorId, visitorId)).run();
        const existed = tx.delete(visitors).where(eq(visitors.id, visitorId)).run().changes > 0;
        return { existed, attachmentIds };
      },
      // Immediate: it reads before it writes, and the writer thread may commit in between.
      IMMEDIATE,
    );
  }

  async scrub(): Promise<boolean> {
    return scrubDeleted(this.db);
  }
}

function firstClientIdTaken(db: Db | Tx, siteId: string, firstClientKey: string): boolean {
  return Boolean(
    db
      .select({ id: visitors.id })
      .from(visitors)
      .where(and(eq(visitors.siteId, siteId), eq(visitors.firstClientId, firstClientKey)))
      .get(),
  );
}

/**
 * Rows of everything a visitor's erasure must take along: what they uploaded and every file in
 * their conversations. Unsent uploads of visitors that no longer exist go too: an anonymous visitor
 * merged into a contact by an older Atendo, before merges moved uploads, left its files under its own,
 * deleted, id.
 */
function deleteAttachmentsOf(tx: Tx, visitorId: string, conversationIds: string[]): string[] {
  const mine = and(eq(attachments.uploaderKind, 'visitor'), eq(attachments.uploaderId, visitorId));
  const where = conversationIds.length ? or(mine, inArray(attachments.conversationId, conversationIds)) : mine;
  const gone = tx.delete(attachments).where(where).returning({ id: attachments.id }).all();
  const orphaned = tx
    .delete(attachments)
    .where(
      and(
        eq(attachments.uploaderKind, 'visitor'),
        isNull(attachments.conversationId),
        notExists(tx.select({ id: visitors.id }).from(visitors).where(eq(visitors.id, attachments.uploaderId))),
      ),
    )
    .returning({ id: attachments.id })
    .all();
  return [...gone, ...orphaned].map((r) => r.id);
}
