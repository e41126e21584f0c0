import { createHash } from 'node:crypto';
import { and, asc, eq } from 'drizzle-orm';
import type { Conversation, Message, Note, VisitorExport } from '@atendo/shared';
import type { Db } from '../storage/sqlite/client';
import { conversations, messages, visitors } from '../storage/sqlite/schema';
import { scrubDeleted } from '../storage/sqlite/scrub';
import type { AttachmentService } from './attachments';
import { hashToken, newId, newToken } from './ids';

export type VisitorRow = typeof visitors.$inferSelect;

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** A first message's client id doubles as a claim on the visitor it created only when it is this long (unguessable). */
export const FIRST_CLIENT_ID_MIN_LENGTH = 16;

/**
 * What a visitor row keeps of the message that created it, for `byFirstClientId`: the client id,
 * and with the widget's in-memory proof a hash of it too. Agents see client ids (and exports carry
 * them), never the proof, so with one a retry proves it comes from the browser that wrote. A plain
 * client id never contains '.', so the two kinds cannot collide.
 */
export function firstMessageKey(clientId: string, proof?: string): string {
  return proof ? `${clientId}.${createHash('sha256').update(proof).digest('hex').slice(0, 32)}` : clientId;
}

/** Who a visitor says they are; `externalId` is set only when the identity's hash verified. */
export interface VisitorIdentity {
  externalId?: string | undefined;
  name?: string | undefined;
  email?: string | undefined;
}

/** Visitors: people chatting from a site's widget, known by a server-issued token. */
export class VisitorService {
  constructor(
    private db: Db,
    /** Attachments (issue 6): an erasure deletes the visitor's files too, a merge moves them, an export lists the unsent ones. */
    private files?: Pick<AttachmentService, 'deleteForVisitor' | 'removeFiles' | 'moveUploads' | 'unsentBy'>,
  ) {}

  /** The erasures' scrubs, one after the other (each merges the whole search index). */
  private scrubbing: Promise<unknown> = Promise.resolve();

  /** Create a visitor of `siteId`; the token is returned once and stored only as a hash. */
  create(
    siteId: string,
    info: { locale?: string | undefined; pageUrl?: string | undefined } = {},
    who: VisitorIdentity = {},
    /** clientId of the message that creates this visitor (see `byFirstClientId`). */
    firstClientId?: string,
  ): { visitor: VisitorRow; token: string } {
    if (who.externalId) {
      // A verified contact is one row per (site, user id): reuse it, with a fresh token for this browser.
      const known = this.contact(siteId, who.externalId);
      if (known) return { visitor: known, token: this.rotateToken(known.id) };
    }
    const token = newToken();
    const now = Date.now();
    const visitor: VisitorRow = {
      id: newId(),
      siteId,
      tokenHash: hashToken(token),
      name: who.name ?? null,
      email: who.email ?? null,
      externalId: who.externalId ?? null,
      verified: Boolean(who.externalId),
      locale: info.locale ?? null,
      lastPageUrl: info.pageUrl ?? null,
      lastPageTitle: null,
      referrer: null,
      userAgent: null,
      timezone: null,
      sessionPages: '[]',
      sessionStartedAt: null,
      attributes: '{}',
      createdAt: now,
      lastSeenAt: now,
      // Kept only as an unguessable, unused claim (see `byFirstClientId`); anything else is not remembered.
      firstClientId:
        firstClientId && firstClientId.length >= FIRST_CLIENT_ID_MIN_LENGTH && !this.firstClientIdTaken(siteId, firstClientId) ? firstClientId : null,
    };
    this.db.insert(visitors).values(visitor).run();
    return { visitor, token };
  }

  /** The visitor holding `token` on `siteId`; a token of another site finds nothing. */
  authenticate(siteId: string, token: string): VisitorRow | undefined {
    return this.db
      .select()
      .from(visitors)
      .where(and(eq(visitors.tokenHash, hashToken(token)), eq(visitors.siteId, siteId)))
      .get();
  }

  /**
   * The visitor whose first message had this clientId (and proof), if it was created less than
   * `withinMs` ago: a token-less retry of a first message (the `session` frame was lost with the
   * socket) resumes it.
   */
  byFirstClientId(siteId: string, clientId: string, withinMs: number, body: string, proof?: string): VisitorRow | undefined {
    if (clientId.length < FIRST_CLIENT_ID_MIN_LENGTH) return undefined;
    const row = this.db
      .select()
      .from(visitors)
      .where(and(eq(visitors.siteId, siteId), eq(visitors.firstClientId, firstMessageKey(clientId, proof))))
      .get();
    if (!row || Date.now() - row.createdAt > withinMs) return undefined;
    // The retry must carry the very message that created the visitor.
    const first = this.db.$client
      .prepare('SELECT m.body FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE c.visitor_id = ? AND m.client_id = ?')
      .pluck()
      .get(row.id, clientId) as string | undefined;
    return first === body ? row : undefined;
  }

  private firstClientIdTaken(siteId: string, clientId: string): boolean {
    return Boolean(
      this.db
        .select({ id: visitors.id })
        .from(visitors)
        .where(and(eq(visitors.siteId, siteId), eq(visitors.firstClientId, clientId)))
        .get(),
    );
  }

  get(id: string): VisitorRow | undefined {
    return this.db.select().from(visitors).where(eq(visitors.id, id)).get();
  }

  /** The verified contact of a site with the site's own user id, if one exists. */
  contact(siteId: string, externalId: string): VisitorRow | undefined {
    return this.db
      .select()
      .from(visitors)
      .where(and(eq(visitors.siteId, siteId), eq(visitors.externalId, externalId), eq(visitors.verified, true)))
      .get();
  }

  /** Issue a new token for a visitor; the old one stops working. */
  rotateToken(id: string): string {
    const token = newToken();
    this.db
      .update(visitors)
      .set({ tokenHash: hashToken(token) })
      .where(eq(visitors.id, id))
      .run();
    return token;
  }

  /**
   * Record who the visitor is. A verified identity sets the user id and the verified flag; an
   * unverified one may only fill in name and e-mail of an anonymous, unverified visitor.
   */
  identify(id: string, who: VisitorIdentity): void {
    const row = this.get(id);
    if (!row) return;
    if (!who.externalId && row.verified) return;
    this.db
      .update(visitors)
      .set({
        ...(who.name ? { name: who.name } : {}),
        ...(who.email ? { email: who.email } : {}),
        ...(who.externalId ? { externalId: who.externalId, verified: true } : {}),
      })
      .where(eq(visitors.id, id))
      .run();
  }

  /**
   * Move an anonymous visitor's conversations and unsent uploads to a verified contact and forget the
   * anonymous row. Only ever called when the browser proved both: it held the anonymous token and a
   * valid identity. (An upload left under the deleted id would survive the contact's erasure.)
   */
  mergeInto(fromId: string, toId: string): string[] {
    return this.db.transaction((tx) => {
      const moved = tx.select({ id: conversations.id }).from(conversations).where(eq(conversations.visitorId, fromId)).all();
      tx.update(conversations).set({ visitorId: toId }).where(eq(conversations.visitorId, fromId)).run();
      this.files?.moveUploads(tx as unknown as Db, fromId, toId);
      tx.delete(visitors).where(eq(visitors.id, fromId)).run();
      return moved.map((r) => r.id);
    });
  }

  /**
   * Everything stored about a visitor, for a data-subject request (LGPD/GDPR): the profile with its
   * custom attributes, every conversation with its messages and the agents' notes, and the files
   * they uploaded but never sent. Not the token hash or the first message's client id (credentials).
   */
  exportData(
    id: string,
    read: { conversation: (id: string) => Conversation; messages: (conversationId: string) => Message[]; notes: (conversationId: string) => Note[] },
  ): VisitorExport | undefined {
    const v = this.get(id);
    if (!v) return undefined;
    const convIds = this.db
      .select({ id: conversations.id })
      .from(conversations)
      .where(eq(conversations.visitorId, id))
      .orderBy(asc(conversations.createdAt))
      .all();
    return {
      exportedAt: Date.now(),
      visitor: {
        id: v.id,
        siteId: v.siteId,
        name: v.name,
        email: v.email,
        externalId: v.externalId,
        verified: v.verified,
        locale: v.locale,
        lastPageUrl: v.lastPageUrl,
        lastPageTitle: v.lastPageTitle,
        referrer: v.referrer,
        userAgent: v.userAgent,
        timezone: v.timezone,
        sessionPages: parseJson(v.sessionPages),
        sessionStartedAt: v.sessionStartedAt,
        attributes: parseJson(v.attributes) as Record<string, string>,
        createdAt: v.createdAt,
        lastSeenAt: v.lastSeenAt,
      },
      conversations: convIds.map(({ id: cid }) => ({ ...read.conversation(cid), messages: read.messages(cid), notes: read.notes(cid) })),
      unsentUploads: this.files?.unsentBy(id) ?? [],
    };
  }

  /** Erase a visitor with their conversations, messages and files (cascading deletes). Returns whether one existed. */
  delete(id: string): boolean {
    let files: string[] = [];
    const existed = this.db.transaction(
      (tx) => {
        const convIds = tx.select({ id: conversations.id }).from(conversations).where(eq(conversations.visitorId, id)).all();
        files =
          this.files?.deleteForVisitor(
            tx as unknown as Db,
            id,
            convIds.map((c) => c.id),
          ) ?? [];
        for (const c of convIds) tx.delete(messages).where(eq(messages.conversationId, c.id)).run();
        tx.delete(conversations).where(eq(conversations.visitorId, id)).run();
        return tx.delete(visitors).where(eq(visitors.id, id)).run().changes > 0;
        // Immediate: it reads before it writes, and the writer thread may commit in between.
      },
      { behavior: 'immediate' },
    );
    // Only after the commit: a failed erasure keeps the files its rows point to.
    this.files?.removeFiles(files);
    return existed;
  }

  /**
   * Make what `delete` removed unrecoverable from the database files: merge the search indexes and
   * empty the WAL (storage/sqlite/scrub.ts). Resolves when done; a failure is logged, and the next erasure's
   * scrub covers what this one left.
   */
  scrub(): Promise<void> {
    const run = this.scrubbing.then(async () => {
      if (!(await scrubDeleted(this.db)))
        console.error('erasure: the WAL could not be emptied (the writer thread kept it busy); it is overwritten as new writes reuse it');
    });
    this.scrubbing = run.catch((err: unknown) => console.error('erasure: scrubbing the database failed:', err));
    return this.scrubbing as Promise<void>;
  }

  touch(id: string, info: { locale?: string | undefined; pageUrl?: string | undefined }): void {
    this.db
      .update(visitors)
      .set({
        lastSeenAt: Date.now(),
        ...(info.locale ? { locale: info.locale } : {}),
        ...(info.pageUrl ? { lastPageUrl: info.pageUrl } : {}),
      })
      .where(eq(visitors.id, id))
      .run();
  }
}
