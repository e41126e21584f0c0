/**
 * The wire's primitives, declared once: every HTTP and socket input schema (all of them in shared/)
 * is built from these. Deliberately not re-exported from the package index, so a new input schema
 * goes into shared/ beside the others rather than into a route file.
 */
import * as v from 'valibot';
import { LIMITS } from './limits';
import { wellFormed } from './text';

/** The characters of every id on the wire (the server's base36 ids, client ids, tokens' ids). */
export const URL_SAFE = /^[A-Za-z0-9_-]+$/;

/** A row id (conversation, visitor, agent, attachment…): 1–64 URL-safe characters. */
export const id = v.pipe(v.string(), v.minLength(1), v.maxLength(64), v.regex(URL_SAFE));

/**
 * A site id: the rule of every id, as the socket's hello has always enforced it. Sites are only
 * created with the server's ids (16 base36 characters), so no stored site fails it; on the widget's
 * HTTP endpoints and the live list, where it was only "1–64 characters", a malformed id (no site
 * could have it) is now a 400 instead of a 404 or an empty list.
 */
export const siteId = id;

/**
 * An optional `?site=` filter of the agents' lists and reports: a site id, or empty (as if absent:
 * every site; the live list always took it so).
 */
export const siteFilter = v.optional(
  v.pipe(
    v.union([v.literal(''), siteId]),
    v.transform((s) => s || undefined),
  ),
);

/** An idempotency key the client makes up (`newClientId`), 1–`LIMITS.clientIdLength` URL-safe characters. */
export const clientId = v.pipe(v.string(), v.minLength(1), v.maxLength(LIMITS.clientIdLength), v.regex(URL_SAFE));

/** A message's position in its conversation (0: before the first message). */
export const seq = v.pipe(v.number(), v.integer(), v.minValue(0));

/** `seq` in a query string (`?after=`). */
export const seqParam = v.pipe(v.string(), v.regex(/^\d{1,12}$/), v.transform(Number));

/** An optional page size in a frame: 1 to `max`. */
export const limit = (max: number) => v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(max)));

/** An optional page size in a query string (`?limit=`): 1 to `max` (at most 999). */
export const limitParam = (max: number) => v.optional(v.pipe(v.string(), v.regex(/^\d{1,3}$/), v.transform(Number), v.minValue(1), v.maxValue(max)));

/**
 * Text a person typed (a message, a note, a canned reply): well-formed (lone surrogates replaced),
 * trimmed, 1 to `LIMITS.messageLength` characters; `noun` names it in the errors.
 */
export function typedText(noun: string) {
  return v.pipe(
    v.string(),
    v.transform((s: string) => wellFormed(s).trim()),
    v.minLength(1, `${noun} is empty`),
    v.maxLength(LIMITS.messageLength, `${noun} is longer than ${LIMITS.messageLength} characters`),
  );
}

/** A message's text. */
export const body = typedText('Message');

/**
 * A message's text when it may be empty because the message carries a file:
 * the server then uses the file's name as the body.
 */
export const sendBody = v.pipe(
  v.string(),
  v.transform((s: string) => wellFormed(s).trim()),
  v.maxLength(LIMITS.messageLength, `Message is longer than ${LIMITS.messageLength} characters`),
);
