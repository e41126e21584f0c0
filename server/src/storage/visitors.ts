/**
 * Visitors: people chatting from a site's widget, known by a server-issued token (stored as a hash),
 * with their browsing session (pages, device) and custom attributes. Erasure and merge are single
 * store methods: each runs its own transaction over the visitor, their conversations, messages and
 * attachments' rows (the files themselves are the `Blobs` port's).
 */
import type { ConversationStatus, PageView } from '@atendo/shared';
import type { VisitorRow } from './types';

/** What `identify` may set. With `externalId` the visitor becomes a verified contact. */
export interface VisitorIdentityPatch {
  name?: string | undefined;
  email?: string | undefined;
  externalId?: string | undefined;
}

/** A widget socket said hello: continue the visitor's browsing session or start one. */
export interface SessionStart {
  now: number;
  /** A hello more than this long after `lastSeenAt` (or without a session) starts a new session. */
  gapMs: number;
  /** Pages kept per session (the newest). */
  maxPages: number;
  /** The page the visitor is on: appended unless it is the session's last page. */
  page?: { url: string; title: string | null } | undefined;
  /** Stored only when a new session starts ('' stores null; undefined keeps the stored one). */
  referrer?: string | undefined;
  userAgent?: string | undefined;
  timezone?: string | undefined;
  /** JSON object of custom attributes: replaces the stored set. */
  attributes?: string | undefined;
}

/** The session after `connect`, with the row as it was before. */
export interface SessionState {
  before: VisitorRow;
  sessionStartedAt: number;
  /** The session's pages, oldest first, at most `maxPages`. */
  pages: PageView[];
}

/** A visitor's conversation as the console's visitor profile lists it. */
export interface VisitorConversationSummary {
  id: string;
  status: ConversationStatus;
  lastMessagePreview: string | null;
  lastActivityAt: number;
  createdAt: number;
}

export interface VisitorStore {
  /** Store a row as it is (fixtures, imports). */
  insert(row: VisitorRow): Promise<void>;
  /**
   * Store a new visitor, deciding in one transaction:
   * - a verified row (`verified` with an `externalId`) whose (site, externalId) contact already exists
   *   is not inserted: that contact gets `row.tokenHash` as its token instead, and is returned;
   * - `row.firstClientId` is kept only when no visitor of the site holds it already (else stored null).
   * Returns the row as stored.
   */
  create(row: VisitorRow): Promise<VisitorRow>;
  get(id: string): Promise<VisitorRow | undefined>;
  /** How many visitors are stored (all sites); with `verified`, only those whose verified flag is that. */
  count(filter?: { verified?: boolean }): Promise<number>;
  /** The visitor of `siteId` holding this token hash; a token of another site finds nothing. */
  authenticate(siteId: string, tokenHash: string): Promise<VisitorRow | undefined>;
  /** The verified contact of a site with the site's own user id. */
  contact(siteId: string, externalId: string): Promise<VisitorRow | undefined>;
  /**
   * The visitor of `siteId` whose `firstClientId` is `firstClientKey`, provided one of their
   * conversations holds a message with client id `clientId` and exactly this `body`.
   */
  byFirstClientId(siteId: string, firstClientKey: string, clientId: string, body: string): Promise<VisitorRow | undefined>;
  /** Whether a visitor of `siteId` holds this first client id. */
  firstClientIdTaken(siteId: string, firstClientKey: string): Promise<boolean>;
  /** Replace the visitor's token hash (the old token stops working). */
  rotateToken(id: string, tokenHash: string): Promise<void>;
  /**
   * Set name / e-mail (the non-empty ones given) and, with `externalId`, the user id and the verified
   * flag. Without `externalId` nothing changes on a verified visitor (decided in the same write).
   */
  identify(id: string, who: VisitorIdentityPatch): Promise<void>;
  /** Seen now; the locale and last page when given. */
  touch(id: string, now: number, info: { locale?: string | undefined; pageUrl?: string | undefined }): Promise<void>;
  /** A widget socket said hello (see `SessionStart`), in one transaction; undefined when there is no such visitor. */
  connect(id: string, start: SessionStart): Promise<SessionState | undefined>;
  /**
   * The visitor moved to `page`: appended to the session's pages unless it is the last one, capped at
   * the newest `maxPages`; last page and last seen set. False when there is no such visitor.
   */
  addPage(id: string, page: PageView, maxPages: number): Promise<boolean>;
  /** Replace the custom attributes (a JSON object). */
  setAttributes(id: string, attributesJson: string): Promise<void>;
  /** The visitor's conversations, newest activity first, at most `limit`. */
  conversations(visitorId: string, limit: number): Promise<VisitorConversationSummary[]>;
  /** Ids of the visitor's conversations, oldest first (for a data export). */
  conversationIds(visitorId: string): Promise<string[]>;
  /**
   * One transaction: move the conversations of `fromId` to `toId`, then its unsent uploads, and
   * delete the `fromId` row. Returns the moved conversations' ids.
   */
  mergeInto(fromId: string, toId: string): Promise<string[]>;
  /**
   * Erase a visitor, in one transaction: the attachment rows they uploaded or that are in their
   * conversations (and unsent uploads of visitors that no longer exist), their conversations'
   * messages, the conversations, the visitor. Returns whether the visitor existed and the erased
   * attachments' ids (their bytes are for the caller to delete, after this returns).
   */
  erase(visitorId: string): Promise<{ existed: boolean; attachmentIds: string[] }>;
  /**
   * Make what erasures deleted unrecoverable from the storage's files (indexes, logs). Resolves
   * false when part of it could not be done now (the next scrub covers it).
   */
  scrub(): Promise<boolean>;
}
