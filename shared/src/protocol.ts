/**
 * The WebSocket protocol. Inbound frames (client → server) have runtime schemas; the server parses
 * every frame with `parseVisitorFrame` / `parseAgentFrame` before it looks at any field.
 * Outbound frames (server → client) are typed unions.
 */
import * as v from 'valibot';
import { LIMITS, PROTOCOL_VERSION } from './limits';
import { CONTACT_LIMITS, isEmail } from './contact';
import { URL_SAFE, clientId, id, limit, sendBody, seq, siteId } from './primitives';
import type { Agent, Conversation, Message, VisitorConversation } from './models';
import type { AgentSummary, LiveVisitor, Note } from './console';
import { RATING_LIMITS, type Rating } from './ratings';
import type { ErrorCode } from './errors';
import { BotReplySchema } from './bot';

/** Per conversation, the last `seq` the client holds. */
const resume = v.pipe(
  v.record(id, seq),
  v.check((r) => Object.keys(r).length <= 200, 'Too many conversations to resume'),
);
/** Agents click page URLs: anything but http(s) (`javascript:`, `data:`…) is stored as an empty string. */
const webUrl = v.pipe(
  v.string(),
  v.maxLength(2048),
  v.transform((s) => (/^https?:\/\//i.test(s) ? s : '')),
);
const page = v.object({
  url: webUrl,
  title: v.optional(v.pipe(v.string(), v.maxLength(512))),
  /** document.referrer of the first page of the session (console sidebar). */
  referrer: v.optional(webUrl),
});

/** Custom attributes: at most 20 short string pairs. */
const attributes = v.pipe(
  v.record(v.pipe(v.string(), v.maxLength(40)), v.pipe(v.string(), v.maxLength(200))),
  v.check((r) => Object.keys(r).length <= 20, 'At most 20 attributes'),
);

/**
 * A logged-in customer, as the site's backend vouches for them: `hash` is the hex HMAC-SHA256 of
 * `userId` keyed with the site's secret. Without a matching hash the identity is not trusted.
 */
export const IdentitySchema = v.strictObject({
  userId: v.pipe(v.string(), v.minLength(1), v.maxLength(128)),
  hash: v.optional(v.pipe(v.string(), v.maxLength(128))),
  name: v.optional(
    v.pipe(
      v.string(),
      v.transform((s) => s.trim()),
      v.maxLength(120),
    ),
  ),
  email: v.optional(
    v.pipe(
      v.string(),
      v.transform((s) => s.trim()),
      v.maxLength(254),
    ),
  ),
});
export type Identity = v.InferOutput<typeof IdentitySchema>;

export const VisitorHelloSchema = v.strictObject({
  type: v.literal('hello'),
  v: v.number(),
  role: v.literal('visitor'),
  siteId,
  token: v.optional(v.pipe(v.string(), v.minLength(10), v.maxLength(128))),
  locale: v.optional(v.pipe(v.string(), v.maxLength(16))),
  page: v.optional(page),
  /** IANA time zone (Intl.DateTimeFormat().resolvedOptions().timeZone), for the visitor's local time. */
  timezone: v.optional(v.pipe(v.string(), v.maxLength(64))),
  /** Custom attributes the site sets (e.g. { plan: "pro" }); agents see them in the sidebar. At most 20. */
  attributes: v.optional(attributes),
  resume: v.optional(resume),
  /**
   * The panel has not been opened on this page: replay nothing (every page view of a returning
   * visitor connects, and most never open the chat). Live messages still come; the client asks for
   * the rest with `history.get` when the panel opens.
   */
  lazy: v.optional(v.boolean()),
  /** Signed identity of a logged-in customer (see docs/widget.md, "Identity verification"). */
  identity: v.optional(IdentitySchema),
});

export const AgentHelloSchema = v.strictObject({
  type: v.literal('hello'),
  v: v.number(),
  role: v.literal('agent'),
  resume: v.optional(resume),
});

export const VisitorSendSchema = v.pipe(
  v.strictObject({
    type: v.literal('message.send'),
    /** Absent for the visitor's first message: the server opens a conversation. */
    conversationId: v.optional(id),
    clientId,
    body: sendBody,
    /**
     * With a message that may create the visitor: a random value the widget keeps in memory only.
     * A token-less retry of that message (its `session` frame lost) must carry it to claim the
     * visitor it created; the client id alone is visible to agents.
     */
    proof: v.optional(v.pipe(v.string(), v.minLength(16), v.maxLength(64), v.regex(URL_SAFE))),
    /** A file uploaded by this visitor (POST /widget/attachments), not yet in another conversation. */
    attachmentId: v.optional(id),
  }),
  v.check((f) => f.body.length > 0 || f.attachmentId !== undefined, 'Message is empty'),
);

export const AgentSendSchema = v.pipe(
  v.strictObject({
    type: v.literal('message.send'),
    conversationId: id,
    clientId,
    body: sendBody,
    /** A file uploaded by this agent (POST /attachments) for this conversation's site. */
    attachmentId: v.optional(id),
  }),
  v.check((f) => f.body.length > 0 || f.attachmentId !== undefined, 'Message is empty'),
);

/**
 * Create the visitor now, before a first message, so the widget holds a token to upload a file
 * with. Answered with `session`; a visitor that exists already gets a fresh token.
 */
export const SessionStartSchema = v.strictObject({ type: v.literal('session.start') });

export const ReadSchema = v.strictObject({
  type: v.literal('conversation.read'),
  conversationId: id,
  seq,
});

export const PingSchema = v.strictObject({ type: v.literal('ping') });

/**
 * "I am typing" (active, default true) or "I stopped" (active: false). Clients send it at most every
 * few seconds while typing; receivers hide the indicator after `LIMITS.typingExpiryMs` without news.
 */
export const TypingSchema = v.strictObject({
  type: v.literal('typing'),
  conversationId: id,
  active: v.optional(v.boolean()),
});

/** One page of a conversation's history after `after` (the answer to a `resync`, or to fill a gap). */
export const HistorySchema = v.strictObject({
  type: v.literal('history.get'),
  conversationId: id,
  after: seq,
  limit: limit(LIMITS.historyPage),
});

/** The visitor navigated (the widget sends it on each page view): agents see the current page live. */
export const PageFrameSchema = v.strictObject({ type: v.literal('page'), page });

/** `Atendo('setAttributes', …)` after hello: the whole current set (it replaces the stored one). */
export const AttributesFrameSchema = v.strictObject({ type: v.literal('attributes'), attributes });

/** PUT /visitors/:id/attributes: the same set, from the site's other systems (a CRM) with an API token. */
export const VisitorAttributesInputSchema = v.strictObject({ attributes });

/**
 * The visitor typed their name and/or e-mail (pre-chat or leave-a-message form). Stored on the
 * visitor (remembered on the socket until the visitor exists); never over a verified identity.
 * (A plain object, as `variant` requires: the server refuses a frame with neither field.)
 */
export const ContactFrameSchema = v.strictObject({
  type: v.literal('contact'),
  name: v.optional(
    v.pipe(
      v.string(),
      v.transform((s) => s.trim()),
      v.maxLength(CONTACT_LIMITS.name, `Name is longer than ${CONTACT_LIMITS.name} characters`),
    ),
  ),
  email: v.optional(
    v.pipe(
      v.string(),
      v.transform((s) => s.trim()),
      v.check((s) => s === '' || isEmail(s), 'E-mail address is not valid'),
    ),
  ),
});

/**
 * End of conversation survey: the visitor rates a resolved conversation of theirs, once.
 * `csat` 1–5 and/or `nps` 0–10 (whichever the site asks; the server checks that one is given: variant
 * options cannot be piped); `clientId` lets an error frame name it.
 */
export const RateSchema = v.strictObject({
  type: v.literal('conversation.rate'),
  conversationId: id,
  clientId: v.optional(clientId),
  csat: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1, 'CSAT is 1 to 5'), v.maxValue(5, 'CSAT is 1 to 5'))),
  comment: v.optional(
    v.pipe(
      v.string(),
      v.transform((s) => s.trim()),
      v.maxLength(RATING_LIMITS.commentLength, `Comment is longer than ${RATING_LIMITS.commentLength} characters`),
    ),
  ),
  nps: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0, 'NPS is 0 to 10'), v.maxValue(10, 'NPS is 0 to 10'))),
});
export type RateFrame = v.InferOutput<typeof RateSchema>;

export const VisitorFrameSchema = v.variant('type', [
  VisitorHelloSchema,
  VisitorSendSchema,
  ReadSchema,
  PingSchema,
  PageFrameSchema,
  TypingSchema,
  HistorySchema,
  AttributesFrameSchema,
  ContactFrameSchema,
  RateSchema,
  SessionStartSchema,
  BotReplySchema,
]);
export const AgentFrameSchema = v.variant('type', [AgentHelloSchema, AgentSendSchema, ReadSchema, PingSchema, TypingSchema, HistorySchema]);

export type VisitorHello = v.InferOutput<typeof VisitorHelloSchema>;
export type AgentHello = v.InferOutput<typeof AgentHelloSchema>;
export type VisitorFrame = v.InferOutput<typeof VisitorFrameSchema>;
export type AgentFrame = v.InferOutput<typeof AgentFrameSchema>;
export type VisitorFrameInput = v.InferInput<typeof VisitorFrameSchema>;
export type AgentFrameInput = v.InferInput<typeof AgentFrameSchema>;

/** Frames the server sends. */
export type ServerFrame =
  | {
      type: 'welcome';
      v: number;
      role: 'visitor';
      /** Null until the visitor sends a first message. */
      visitorId: string | null;
      conversations: VisitorConversation[];
      /** True when hello carried an identity whose hash matched. */
      verified?: boolean;
      /** Some agent is online right now; false → offer to leave a message. */
      available?: boolean;
    }
  | { type: 'welcome'; v: number; role: 'agent'; agent: Agent }
  /** Sent to a visitor once, when the server creates it: the client keeps the token to resume. */
  | { type: 'session'; visitorId: string; token: string }
  /** The sender's message is committed. */
  | { type: 'ack'; clientId: string; message: Message }
  /**
   * A message for a conversation this socket may see (including replays after a reconnect). Agents:
   * the newest message of a conversation in a group commit carries the conversation's row as
   * committed, instead of a `conversation` frame after it (half the frames per message).
   */
  | { type: 'message'; message: Message; conversation?: Conversation }
  /** A conversation was created or changed (agents get the full row, visitors their own view). */
  | { type: 'conversation'; conversation: Conversation }
  | { type: 'conversation.status'; conversation: VisitorConversation }
  /** Visitors (all their tabs; the rater's answer to `conversation.rate`): the rating was stored. */
  | { type: 'conversation.rated'; conversationId: string; rating: Rating }
  | { type: 'pong' }
  /**
   * On resume: the client is missing more than the server replays (more than ATENDO_RESUME_GAP
   * messages, or past the replay's byte budget). What was replayed of this conversation, if
   * anything, came before this frame; the client fetches the rest from its contiguous seq up to
   * `lastSeq` (`history.get`, or REST for agents).
   */
  | { type: 'resync'; conversationId: string; lastSeq: number }
  /** Answer to `history.get`: messages after `after` in seq order; `more` when another page follows. */
  | { type: 'history'; conversationId: string; after: number; messages: Message[]; more: boolean }
  /** Someone is typing (active) or stopped. Agents see visitors and other agents; visitors see agents (their id and name, as on their messages). */
  | { type: 'typing'; conversationId: string; author: 'visitor' | 'agent'; agentId?: string; name?: string | null; active: boolean }
  /** Read receipt: `reader` has read the conversation up to `seq` (also sent to the reader's other tabs). */
  | { type: 'read'; conversationId: string; reader: 'visitor' | 'agent'; seq: number }
  /** Agents only: an internal note was added. Never sent to a visitor socket. */
  | { type: 'note'; note: Note }
  /** Agents only: an agent changed status, opened their first or closed their last console. */
  | { type: 'agent.presence'; agent: AgentSummary }
  /** Agents only: a visitor is on a site now, or moved to another page. */
  | { type: 'visitor.live'; visitor: LiveVisitor }
  /** Agents only: the visitor's last widget socket closed. */
  | { type: 'visitor.left'; visitorId: string }
  /** Agents only: an admin deleted a site with its conversations and visitors: drop them, read the sites again. */
  | { type: 'site.deleted'; siteId: string }
  /** Agents only: a site was created, renamed or its settings changed (here or on another instance): read the sites again. */
  | { type: 'sites.changed' }
  /** Visitors: whether any agent is online changed. */
  | { type: 'availability'; available: boolean }
  | { type: 'error'; code: ErrorCode; message: string; clientId?: string };

/** A failed parse carries the frame's clientId when it had a usable one, so the sender can mark that message failed. */
export type ParseResult<T> = { ok: true; frame: T } | { ok: false; code: ErrorCode; message: string; clientId?: string };

function parseWith<T>(schema: v.GenericSchema<unknown, T>, raw: string): ParseResult<T> {
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return { ok: false, code: 'invalid_json', message: 'Frame is not valid JSON' };
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return { ok: false, code: 'bad_request', message: 'Frame must be a JSON object' };
  }
  const { type, clientId: rawClientId } = data as Record<string, unknown>;
  const result = v.safeParse(schema, data);
  if (result.success) return { ok: true, frame: result.output };
  const withClientId = v.is(clientId, rawClientId) ? { clientId: rawClientId } : {};
  const issue = result.issues[0];
  if (issue.kind === 'schema' && issue.path?.[0]?.key === 'type') {
    return { ok: false, code: 'unknown_type', message: `Unknown frame type: ${typeof type === 'string' ? type.slice(0, 40) : typeof type}`, ...withClientId };
  }
  const where = issue.path?.map((p) => String(p.key)).join('.') ?? '';
  return { ok: false, code: 'bad_request', message: where ? `${where}: ${issue.message}` : issue.message, ...withClientId };
}

/** Parse and validate a raw frame from a visitor socket. */
export function parseVisitorFrame(raw: string): ParseResult<VisitorFrame> {
  return parseWith(VisitorFrameSchema, raw);
}

/** Parse and validate a raw frame from an agent socket. */
export function parseAgentFrame(raw: string): ParseResult<AgentFrame> {
  return parseWith(AgentFrameSchema, raw);
}

export { PROTOCOL_VERSION };
