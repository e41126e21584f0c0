import { createHash } from 'node:crypto';
import type { Conversation, Message, Note, VisitorExport } from '@atendo/shared';
import type { VisitorStore } from '../storage/visitors';
import type { VisitorRow } from '../storage/types';
import type { AttachmentService } from './attachments';
import type { Bus } from '../state';
import { hashToken, newId, newToken } from './ids';

export type { VisitorRow };

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
    private store: VisitorStore,
    /** Attachments: an erasure deletes the visitor's files too, an export lists the unsent ones. */
    private files?: Pick<AttachmentService, 'removeFiles' | 'unsentBy'>,
    /** Where `visitor.identified` and `visitor.erased` are announced (webhooks). */
    private bus?: Pick<Bus, 'emit'>,
  ) {}

  /** Announce who a visitor now is (webhooks' `visitor.identified`). */
  private identified(row: VisitorRow): void {
    const { id, siteId, name, email, externalId, verified } = row;
    this.bus?.emit({ type: 'visitor.identified', visitor: { id, siteId, name, email, externalId, verified } });
  }

  /** The erasures' scrubs, one after the other (each merges the whole search index). */
  private scrubbing: Promise<unknown> = Promise.resolve();

  /** Create a visitor of `siteId`; the token is returned once and stored only as a hash. */
  async create(
    siteId: string,
    info: { locale?: string | undefined; pageUrl?: string | undefined } = {},
    who: VisitorIdentity = {},
    /** clientId of the message that creates this visitor (see `byFirstClientId`). */
    firstClientId?: string,
  ): Promise<{ visitor: VisitorRow; token: string }> {
    const token = newToken();
    const now = Date.now();
    // A verified contact is one row per (site, user id): the store reuses it, with this fresh token
    // for this browser. The first client id is kept only as an unguessable claim no other visitor
    // holds (see `byFirstClientId`), decided by the store in the same transaction.
    const visitor = await this.store.create({
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
      firstClientId: firstClientId && firstClientId.length >= FIRST_CLIENT_ID_MIN_LENGTH ? firstClientId : null,
    });
    // A new row that says who it is (a verified contact's first visit, a pre-chat form's name); a
    // known contact's row reused for a new browser is no news.
    if (visitor.createdAt === now && (visitor.name || visitor.email || visitor.externalId)) this.identified(visitor);
    return { visitor, token };
  }

  /** The visitor holding `token` on `siteId`; a token of another site finds nothing. */
  authenticate(siteId: string, token: string): Promise<VisitorRow | undefined> {
    return this.store.authenticate(siteId, hashToken(token));
  }

  /**
   * The visitor whose first message had this clientId (and proof), if it was created less than
   * `withinMs` ago: a token-less retry of a first message (the `session` frame was lost with the
   * socket) resumes it. The retry must carry the very message that created the visitor.
   */
  async byFirstClientId(siteId: string, clientId: string, withinMs: number, body: string, proof?: string): Promise<VisitorRow | undefined> {
    if (clientId.length < FIRST_CLIENT_ID_MIN_LENGTH) return undefined;
    const row = await this.store.byFirstClientId(siteId, firstMessageKey(clientId, proof), clientId, body);
    return row && Date.now() - row.createdAt <= withinMs ? row : undefined;
  }

  get(id: string): Promise<VisitorRow | undefined> {
    return this.store.get(id);
  }

  /** The verified contact of a site with the site's own user id, if one exists. */
  contact(siteId: string, externalId: string): Promise<VisitorRow | undefined> {
    return this.store.contact(siteId, externalId);
  }

  /** Issue a new token for a visitor; the old one stops working. */
  async rotateToken(id: string): Promise<string> {
    const token = newToken();
    await this.store.rotateToken(id, hashToken(token));
    return token;
  }

  /**
   * Record who the visitor is. A verified identity sets the user id and the verified flag; an
   * unverified one may only fill in name and e-mail of an anonymous, unverified visitor.
   */
  async identify(id: string, who: VisitorIdentity): Promise<void> {
    // Before and after: a returning contact's hello re-sends the same identity on every page.
    const before = this.bus ? await this.store.get(id) : undefined;
    await this.store.identify(id, who);
    if (!before) return;
    const after = await this.store.get(id);
    if (after && (after.name !== before.name || after.email !== before.email || after.externalId !== before.externalId || after.verified !== before.verified)) {
      this.identified(after);
    }
  }

  /**
   * Move an anonymous visitor's conversations and unsent uploads to a verified contact and forget the
   * anonymous row (one transaction). Only ever called when the browser proved both: it held the
   * anonymous token and a valid identity. (An upload left under the deleted id would survive the
   * contact's erasure.)
   */
  mergeInto(fromId: string, toId: string): Promise<string[]> {
    return this.store.mergeInto(fromId, toId);
  }

  /**
   * Everything stored about a visitor, for a data-subject request (LGPD/GDPR): the profile with its
   * custom attributes, every conversation with its messages and the agents' notes, and the files
   * they uploaded but never sent. Not the token hash or the first message's client id (credentials).
   */
  async exportData(
    id: string,
    read: {
      conversation: (id: string) => Conversation | Promise<Conversation>;
      messages: (conversationId: string) => Message[] | Promise<Message[]>;
      notes: (conversationId: string) => Note[] | Promise<Note[]>;
    },
  ): Promise<VisitorExport | undefined> {
    const v = await this.store.get(id);
    if (!v) return undefined;
    const convIds = await this.store.conversationIds(id);
    const conversations: VisitorExport['conversations'] = [];
    for (const cid of convIds) {
      conversations.push({ ...(await read.conversation(cid)), messages: await read.messages(cid), notes: await read.notes(cid) });
    }
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
      conversations,
      unsentUploads: (await this.files?.unsentBy(id)) ?? [],
    };
  }

  /** Erase a visitor with their conversations, messages and files (one transaction). Returns whether one existed. */
  async delete(id: string, erased?: () => void): Promise<boolean> {
    const siteId = this.bus ? (await this.store.get(id))?.siteId : undefined;
    const { existed, attachmentIds } = await this.store.erase(id);
    // Right after the commit, before the files: the visitor's sockets must not act for a visitor
    // who no longer exists while the files are being removed.
    if (existed) erased?.();
    if (existed && siteId) this.bus?.emit({ type: 'visitor.erased', visitorId: id, siteId });
    // Only after the commit: a failed erasure keeps the files its rows point to.
    await this.files?.removeFiles(attachmentIds);
    return existed;
  }

  /**
   * Make what `delete` removed unrecoverable from the database files (for SQLite: merge the search
   * indexes and empty the WAL: the store's `scrub`). Resolves when done; a failure is logged,
   * and the next erasure's scrub covers what this one left.
   */
  scrub(): Promise<void> {
    const run = this.scrubbing.then(async () => {
      if (!(await this.store.scrub()))
        console.error('erasure: the WAL could not be emptied (the writer thread kept it busy); it is overwritten as new writes reuse it');
    });
    this.scrubbing = run.catch((err: unknown) => console.error('erasure: scrubbing the database failed:', err));
    return this.scrubbing as Promise<void>;
  }

  touch(id: string, info: { locale?: string | undefined; pageUrl?: string | undefined }): Promise<void> {
    return this.store.touch(id, Date.now(), info);
  }
}
