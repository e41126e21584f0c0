import type { Bus, Presence } from '../state';
import type { ConversationService } from './conversations';
import type { VisitorIdentity, VisitorService } from './visitors';

/** What a visitor typed into the pre-chat or leave-a-message form. */
export interface ContactInput {
  name?: string | undefined;
  email?: string | undefined;
}

/** Only the fields the visitor filled in (empty strings say nothing). */
export function contactClaims(input: ContactInput): VisitorIdentity {
  return { ...(input.name ? { name: input.name } : {}), ...(input.email ? { email: input.email } : {}) };
}

/**
 * Store the name and e-mail a visitor typed. They are claims, never an identity: they only fill in an
 * unverified visitor (a verified contact keeps what the site's backend vouched for) and never mark
 * anyone verified. Agents watching the visitor's conversations get the new label live.
 * Returns whether anything was stored.
 */
export async function recordContact(
  deps: { visitors: VisitorService; conversations: ConversationService; bus: Bus; presence?: Pick<Presence, 'visitorRenamed'> },
  visitorId: string,
  input: ContactInput,
): Promise<boolean> {
  const row = await deps.visitors.get(visitorId);
  const claims = contactClaims(input);
  if (!row || row.verified || (!claims.name && !claims.email)) return false;
  if ((claims.name ?? row.name) === row.name && (claims.email ?? row.email) === row.email) return false;
  await deps.visitors.identify(visitorId, claims);
  const stored = await deps.visitors.get(visitorId);
  if (stored) deps.presence?.visitorRenamed(visitorId, { name: stored.name, email: stored.email });
  for (const c of (await deps.conversations.forVisitor(visitorId)).slice(0, 20)) {
    deps.bus.emit({ type: 'conversation.updated', conversation: await deps.conversations.get(c.id) });
  }
  return true;
}

/**
 * Before the visitor row exists the claims wait on the socket, merged into what will be stored when
 * the first message creates it; a pending verified identity (externalId) is never relabelled.
 */
export function pendingWithContact(pending: VisitorIdentity | undefined, input: ContactInput): VisitorIdentity {
  if (pending?.externalId) return pending;
  return { ...pending, ...contactClaims(input) };
}
