import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { visitors } from '../db/schema';
import { hashToken, newId, newToken } from './ids';

export type VisitorRow = typeof visitors.$inferSelect;

/** Visitors: people chatting from a site's widget, known by a server-issued token. */
export class VisitorService {
  constructor(private db: Db) {}

  /** Create a visitor of `siteId`; the token is returned once and stored only as a hash. */
  create(siteId: string, info: { locale?: string | undefined; pageUrl?: string | undefined } = {}): { visitor: VisitorRow; token: string } {
    const token = newToken();
    const now = Date.now();
    const visitor: VisitorRow = {
      id: newId(),
      siteId,
      tokenHash: hashToken(token),
      name: null,
      email: null,
      locale: info.locale ?? null,
      lastPageUrl: info.pageUrl ?? null,
      createdAt: now,
      lastSeenAt: now,
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

  get(id: string): VisitorRow | undefined {
    return this.db.select().from(visitors).where(eq(visitors.id, id)).get();
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
