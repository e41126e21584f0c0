/**
 * The visitor-session rules, for any transport: who a widget's hello speaks for (`resolveVisitor`),
 * and who sends a visitor's message (`messageSender`: the socket's visitor, the visitor an earlier
 * first message created, or a new one) or asks for a session (`startSession`).
 */
import { CloseCode, type VisitorHello } from '@atendo/shared';
import type { SiteRow } from '../storage';
import { verifyIdentity } from '../security/identity';
import { AppError } from './errors';
import type { Services } from './services';
import { firstMessageKey, type VisitorIdentity } from './visitors';

export type VisitorOutcome =
  | { ok: false; close: number; code: 'identity_required' | 'invalid_identity' | 'unauthorized'; message: string }
  | {
      ok: true;
      /** The visitor this socket speaks for; null until the first message creates one. */
      visitorId: string | null;
      /** The hello's identity hash matched. */
      verified: boolean;
      /** What to store when the first message creates the visitor (externalId only when verified). */
      pending: VisitorIdentity;
      /** A fresh token to hand out (the browser now speaks for a known contact). */
      token?: string;
    };

/**
 * Who is behind a visitor hello. The rules, in order:
 * - a site with `identityRequired` refuses a missing or wrong hash;
 * - a verified identity wins over a token: it resumes the known contact with that user id (merging
 *   the browser's anonymous visitor into it), or upgrades the anonymous visitor, or waits for the
 *   first message to create the contact;
 * - an identity with a missing or wrong hash is never trusted: at most its name and e-mail label an
 *   anonymous visitor, and it is never merged with, or allowed to label, a verified contact.
 */
export async function resolveVisitor(services: Services, site: SiteRow, hello: VisitorHello): Promise<VisitorOutcome> {
  const identity = hello.identity;
  const verified = identity ? verifyIdentity(site.secret, identity) : false;
  if (site.identityRequired && !verified) {
    return identity
      ? { ok: false, close: CloseCode.Unauthorized, code: 'invalid_identity', message: 'The identity hash does not match' }
      : { ok: false, close: CloseCode.Forbidden, code: 'identity_required', message: 'This site requires a verified identity' };
  }
  const fromToken = hello.token ? await services.visitors.authenticate(site.id, hello.token) : undefined;
  // A stale token next to a valid identity is harmless (the identity proves who this is); alone it is refused.
  if (hello.token && !fromToken && !verified) {
    return { ok: false, close: CloseCode.Unauthorized, code: 'unauthorized', message: 'Unknown or expired visitor token' };
  }

  if (identity && verified) {
    const who: VisitorIdentity = { externalId: identity.userId, name: identity.name || undefined, email: identity.email || undefined };
    const contact = await services.visitors.contact(site.id, identity.userId);
    if (contact) {
      if (fromToken && fromToken.id !== contact.id && !fromToken.verified) {
        const moved = await services.visitors.mergeInto(fromToken.id, contact.id);
        services.bus.emit({ type: 'visitor.deleted', visitorId: fromToken.id });
        for (const id of moved) services.bus.emit({ type: 'conversation.updated', conversation: await services.conversations.get(id) });
      }
      await services.visitors.identify(contact.id, who);
      const token = fromToken?.id === contact.id ? undefined : await services.visitors.rotateToken(contact.id);
      return { ok: true, visitorId: contact.id, verified: true, pending: {}, ...(token ? { token } : {}) };
    }
    if (fromToken && !fromToken.verified) {
      await services.visitors.identify(fromToken.id, who);
      return { ok: true, visitorId: fromToken.id, verified: true, pending: {} };
    }
    // No contact yet, or the browser's token belongs to another verified user: start clean.
    return { ok: true, visitorId: null, verified: true, pending: who };
  }

  const claims: VisitorIdentity = identity ? { name: identity.name || undefined, email: identity.email || undefined } : {};
  if (fromToken) {
    if (identity) await services.visitors.identify(fromToken.id, claims);
    return { ok: true, visitorId: fromToken.id, verified: false, pending: {} };
  }
  return { ok: true, visitorId: null, verified: false, pending: claims };
}

/**
 * A token-less retry of a visitor's first message finds the visitor it created for this long: as
 * long as a reconnect's backoff and a server restart take, no more. The first message's client id
 * is visible to agents (and in exports), so this window is all it could ever claim.
 */
export const FIRST_MESSAGE_RETRY_MS = 120_000;

/** What a connection knows about its visitor before and after the visitor exists. */
export interface VisitorSessionState {
  siteId: string;
  visitorId: string | null;
  locale?: string | undefined;
  pageUrl?: string | undefined;
  /** Identity to store when the first message creates the visitor (externalId only if verified). */
  pending?: VisitorIdentity | undefined;
}

/** The visitor a connection speaks for from now on, with the token to hand out when it changed. */
export type SessionOutcome = { visitorId: string; token?: string };

/**
 * Who sends a visitor's message. A socket without a visitor either resumes the visitor its earlier
 * first message created (a retry whose `session` frame was lost with the socket: the client id acts
 * as a bearer secret, so only an unguessable one with the same text counts, within
 * FIRST_MESSAGE_RETRY_MS), or creates the visitor: only now, when the visitor acts, does a row (and
 * a token in their browser) exist. A `token` in the answer means the connection must adopt it.
 */
export async function messageSender(
  services: Pick<Services, 'visitors'>,
  state: VisitorSessionState,
  frame: { conversationId?: string | undefined; clientId: string; body: string; proof?: string | undefined },
  /** Whether the visitor has a live socket here (a visitor with one lost no `session` frame). */
  hasLiveSocket: (visitorId: string) => boolean,
): Promise<SessionOutcome> {
  if (state.visitorId) return { visitorId: state.visitorId };
  if (frame.conversationId) throw new AppError('not_found', 'Conversation not found');
  const earlier = await services.visitors.byFirstClientId(state.siteId, frame.clientId, FIRST_MESSAGE_RETRY_MS, frame.body, frame.proof);
  // With the widget's proof the retry is the same browser's (its old socket may still be
  // half-open). Without one (older clients), a visitor with a live socket lost no `session`
  // frame: this is not its retry, and its token stays.
  if (earlier && (frame.proof !== undefined || !hasLiveSocket(earlier.id))) {
    return { visitorId: earlier.id, token: await services.visitors.rotateToken(earlier.id) };
  }
  const { visitor, token } = await services.visitors.create(
    state.siteId,
    { locale: state.locale, pageUrl: state.pageUrl },
    state.pending,
    firstMessageKey(frame.clientId, frame.proof),
  );
  return { visitorId: visitor.id, token };
}

/**
 * `session.start` (the widget needs a token before its first message, e.g. to upload a file): a
 * fresh token for the connection's visitor, or a new visitor.
 */
export async function startSession(services: Pick<Services, 'visitors'>, state: VisitorSessionState): Promise<Required<SessionOutcome>> {
  if (state.visitorId) return { visitorId: state.visitorId, token: await services.visitors.rotateToken(state.visitorId) };
  const { visitor, token } = await services.visitors.create(state.siteId, { locale: state.locale, pageUrl: state.pageUrl }, state.pending);
  return { visitorId: visitor.id, token };
}
