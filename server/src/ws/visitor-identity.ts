import { CloseCode, type VisitorHello } from '@atendo/shared';
import type { Services } from '../domain/services';
import type { SiteRow } from '../domain/sites';
import type { VisitorIdentity } from '../domain/visitors';
import { verifyIdentity } from '../security/identity';

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
export function resolveVisitor(services: Services, site: SiteRow, hello: VisitorHello): VisitorOutcome {
  const identity = hello.identity;
  const verified = identity ? verifyIdentity(site.secret, identity) : false;
  if (site.identityRequired && !verified) {
    return identity
      ? { ok: false, close: CloseCode.Unauthorized, code: 'invalid_identity', message: 'The identity hash does not match' }
      : { ok: false, close: CloseCode.Forbidden, code: 'identity_required', message: 'This site requires a verified identity' };
  }
  const fromToken = hello.token ? services.visitors.authenticate(site.id, hello.token) : undefined;
  // A stale token next to a valid identity is harmless (the identity proves who this is); alone it is refused.
  if (hello.token && !fromToken && !verified) {
    return { ok: false, close: CloseCode.Unauthorized, code: 'unauthorized', message: 'Unknown or expired visitor token' };
  }

  if (identity && verified) {
    const who: VisitorIdentity = { externalId: identity.userId, name: identity.name || undefined, email: identity.email || undefined };
    const contact = services.visitors.contact(site.id, identity.userId);
    if (contact) {
      if (fromToken && fromToken.id !== contact.id && !fromToken.verified) {
        const moved = services.visitors.mergeInto(fromToken.id, contact.id);
        services.bus.emit({ type: 'visitor.deleted', visitorId: fromToken.id });
        for (const id of moved) services.bus.emit({ type: 'conversation.updated', conversation: services.conversations.get(id) });
      }
      services.visitors.identify(contact.id, who);
      const token = fromToken?.id === contact.id ? undefined : services.visitors.rotateToken(contact.id);
      return { ok: true, visitorId: contact.id, verified: true, pending: {}, ...(token ? { token } : {}) };
    }
    if (fromToken && !fromToken.verified) {
      services.visitors.identify(fromToken.id, who);
      return { ok: true, visitorId: fromToken.id, verified: true, pending: {} };
    }
    // No contact yet, or the browser's token belongs to another verified user: start clean.
    return { ok: true, visitorId: null, verified: true, pending: who };
  }

  const claims: VisitorIdentity = identity ? { name: identity.name || undefined, email: identity.email || undefined } : {};
  if (fromToken) {
    if (identity) services.visitors.identify(fromToken.id, claims);
    return { ok: true, visitorId: fromToken.id, verified: false, pending: {} };
  }
  return { ok: true, visitorId: null, verified: false, pending: claims };
}
