import { desc, eq } from 'drizzle-orm';
import type { LiveVisitor, PageView, VisitorProfile } from '@atendo/shared';
import type { Db } from '../storage/sqlite/client';
import { conversations, visitors } from '../storage/sqlite/schema';
import { notFound } from './errors';
import type { PresenceService } from './presence';

/** A new socket more than this long after the visitor was last seen starts a new browsing session. */
export const SESSION_GAP_MS = 30 * 60_000;
/** Pages kept per session. */
const MAX_PAGES = 50;

function parsePages(json: string): PageView[] {
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? (v as PageView[]) : [];
  } catch {
    return [];
  }
}

function parseAttributes(json: string): Record<string, string> {
  try {
    const v: unknown = JSON.parse(json);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, string>) : {};
  } catch {
    return {};
  }
}

export interface SessionInfo {
  page?: { url: string; title?: string | undefined; referrer?: string | undefined } | undefined;
  userAgent?: string | undefined;
  timezone?: string | undefined;
  attributes?: Record<string, string> | undefined;
}

/** What the console's visitor sidebar and live-visitors page know: session, pages, device. */
export class VisitorProfileService {
  constructor(
    private db: Db,
    private presence: PresenceService,
  ) {}

  /** A widget socket of this visitor said hello: continue or start a session, and mark them live. */
  connected(visitorId: string, info: SessionInfo, now = Date.now()): LiveVisitor | null {
    const row = this.db.select().from(visitors).where(eq(visitors.id, visitorId)).get();
    if (!row) return null;
    const fresh = !row.sessionStartedAt || now - row.lastSeenAt > SESSION_GAP_MS;
    const sessionStartedAt = fresh ? now : row.sessionStartedAt!;
    let pages = fresh ? [] : parsePages(row.sessionPages);
    const page = info.page ? { url: info.page.url, title: info.page.title ?? null, at: now } : null;
    if (page && pages[pages.length - 1]?.url !== page.url) pages = [...pages, page].slice(-MAX_PAGES);
    this.db
      .update(visitors)
      .set({
        sessionStartedAt,
        sessionPages: JSON.stringify(pages),
        lastSeenAt: now,
        ...(page ? { lastPageUrl: page.url, lastPageTitle: page.title } : {}),
        ...(fresh && info.page?.referrer !== undefined ? { referrer: info.page.referrer || null } : {}),
        ...(info.userAgent ? { userAgent: info.userAgent.slice(0, 512) } : {}),
        ...(info.timezone ? { timezone: info.timezone } : {}),
        ...(info.attributes ? { attributes: JSON.stringify(info.attributes) } : {}),
      })
      .where(eq(visitors.id, visitorId))
      .run();
    return this.presence.visitorConnected({
      visitorId,
      siteId: row.siteId,
      name: row.name,
      email: row.email,
      currentPage: pages[pages.length - 1] ?? (row.lastPageUrl ? { url: row.lastPageUrl, title: row.lastPageTitle, at: row.lastSeenAt } : null),
      since: sessionStartedAt,
      // A new session starts only after a gap of SESSION_GAP_MS, so a longer distance means an earlier visit.
      returning: sessionStartedAt - row.createdAt > SESSION_GAP_MS,
    });
  }

  /** The site set custom attributes (`Atendo('setAttributes', …)`): the whole set replaces the stored one. */
  setAttributes(visitorId: string, attributes: Record<string, string>): void {
    this.db
      .update(visitors)
      .set({ attributes: JSON.stringify(attributes) })
      .where(eq(visitors.id, visitorId))
      .run();
  }

  /** The visitor moved to another page. */
  page(visitorId: string, input: { url: string; title?: string | undefined }, now = Date.now()): void {
    const row = this.db.select({ sessionPages: visitors.sessionPages }).from(visitors).where(eq(visitors.id, visitorId)).get();
    if (!row) return;
    const page: PageView = { url: input.url, title: input.title ?? null, at: now };
    const pages = parsePages(row.sessionPages);
    if (pages[pages.length - 1]?.url !== page.url) pages.push(page);
    this.db
      .update(visitors)
      .set({ sessionPages: JSON.stringify(pages.slice(-MAX_PAGES)), lastPageUrl: page.url, lastPageTitle: page.title, lastSeenAt: now })
      .where(eq(visitors.id, visitorId))
      .run();
    this.presence.visitorPage(visitorId, page);
  }

  profile(visitorId: string): VisitorProfile {
    const row = this.db.select().from(visitors).where(eq(visitors.id, visitorId)).get();
    if (!row) throw notFound('Visitor');
    const pages = parsePages(row.sessionPages);
    return {
      id: row.id,
      siteId: row.siteId,
      name: row.name,
      email: row.email,
      verified: row.verified,
      locale: row.locale,
      timezone: row.timezone,
      referrer: row.referrer,
      userAgent: row.userAgent,
      attributes: parseAttributes(row.attributes),
      currentPage: pages[pages.length - 1] ?? (row.lastPageUrl ? { url: row.lastPageUrl, title: row.lastPageTitle, at: row.lastSeenAt } : null),
      pages,
      online: this.presence.isVisitorOnline(row.id),
      createdAt: row.createdAt,
      lastSeenAt: row.lastSeenAt,
      conversations: this.db
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
        .limit(20)
        .all(),
    };
  }
}
