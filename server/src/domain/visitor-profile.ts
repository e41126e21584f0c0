import type { LiveVisitor, PageView, VisitorProfile } from '@atendo/shared';
import { parsePages } from '../storage/columns';
import type { VisitorStore } from '../storage/visitors';
import { notFound } from './errors';
import type { PresenceService } from './presence';

/** A new socket more than this long after the visitor was last seen starts a new browsing session. */
export const SESSION_GAP_MS = 30 * 60_000;
/** Pages kept per session. */
const MAX_PAGES = 50;

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
    private store: VisitorStore,
    private presence: Pick<PresenceService, 'visitorConnected' | 'visitorPage' | 'isVisitorOnline'>,
  ) {}

  /** A widget socket of this visitor said hello: continue or start a session, and mark them live. */
  async connected(visitorId: string, info: SessionInfo, now = Date.now()): Promise<LiveVisitor | null> {
    // Read, decide (a new session after SESSION_GAP_MS) and write in one store transaction.
    const session = await this.store.connect(visitorId, {
      now,
      gapMs: SESSION_GAP_MS,
      maxPages: MAX_PAGES,
      page: info.page ? { url: info.page.url, title: info.page.title ?? null } : undefined,
      referrer: info.page?.referrer,
      userAgent: info.userAgent ? info.userAgent.slice(0, 512) : undefined,
      timezone: info.timezone,
      attributes: info.attributes ? JSON.stringify(info.attributes) : undefined,
    });
    if (!session) return null;
    const { before: row, sessionStartedAt, pages } = session;
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
  setAttributes(visitorId: string, attributes: Record<string, string>): Promise<void> {
    return this.store.setAttributes(visitorId, JSON.stringify(attributes));
  }

  /** The visitor moved to another page. */
  async page(visitorId: string, input: { url: string; title?: string | undefined }, now = Date.now()): Promise<void> {
    const page: PageView = { url: input.url, title: input.title ?? null, at: now };
    if (!(await this.store.addPage(visitorId, page, MAX_PAGES))) return;
    this.presence.visitorPage(visitorId, page);
  }

  async profile(visitorId: string): Promise<VisitorProfile> {
    const row = await this.store.get(visitorId);
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
      conversations: await this.store.conversations(visitorId, 20),
    };
  }
}
