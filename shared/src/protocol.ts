/**
 * The WebSocket protocol. Inbound frames (client → server) have runtime schemas; the server parses
 * every frame with `parseVisitorFrame` / `parseAgentFrame` before it looks at any field.
 * Outbound frames (server → client) are typed unions.
 */
import * as v from 'valibot';
import { LIMITS, PROTOCOL_VERSION } from './limits';
import type { Agent, Conversation, Message, VisitorConversation } from './models';
import type { ErrorCode } from './errors';

const id = v.pipe(v.string(), v.minLength(1), v.maxLength(64), v.regex(/^[A-Za-z0-9_-]+$/));
const clientIdSchema = v.pipe(v.string(), v.minLength(1), v.maxLength(LIMITS.clientIdLength), v.regex(/^[A-Za-z0-9_-]+$/));
const clientId = clientIdSchema;
const body = v.pipe(
  v.string(),
  v.transform((s) => s.trim()),
  v.minLength(1, 'Message is empty'),
  v.maxLength(LIMITS.messageLength, `Message is longer than ${LIMITS.messageLength} characters`),
);
const seq = v.pipe(v.number(), v.integer(), v.minValue(0));
/** Per conversation, the last `seq` the client holds. */
const resume = v.pipe(
  v.record(id, seq),
  v.check((r) => Object.keys(r).length <= 200, 'Too many conversations to resume'),
);
const page = v.object({
  url: v.pipe(v.string(), v.maxLength(2048)),
  title: v.optional(v.pipe(v.string(), v.maxLength(512))),
});

export const VisitorHelloSchema = v.strictObject({
  type: v.literal('hello'),
  v: v.number(),
  role: v.literal('visitor'),
  siteId: id,
  token: v.optional(v.pipe(v.string(), v.minLength(10), v.maxLength(128))),
  locale: v.optional(v.pipe(v.string(), v.maxLength(16))),
  page: v.optional(page),
  resume: v.optional(resume),
});

export const AgentHelloSchema = v.strictObject({
  type: v.literal('hello'),
  v: v.number(),
  role: v.literal('agent'),
  resume: v.optional(resume),
});

export const VisitorSendSchema = v.strictObject({
  type: v.literal('message.send'),
  /** Absent for the visitor's first message: the server opens a conversation. */
  conversationId: v.optional(id),
  clientId,
  body,
});

export const AgentSendSchema = v.strictObject({
  type: v.literal('message.send'),
  conversationId: id,
  clientId,
  body,
});

export const ReadSchema = v.strictObject({
  type: v.literal('conversation.read'),
  conversationId: id,
  seq,
});

export const PingSchema = v.strictObject({ type: v.literal('ping') });

export const VisitorFrameSchema = v.variant('type', [VisitorHelloSchema, VisitorSendSchema, ReadSchema, PingSchema]);
export const AgentFrameSchema = v.variant('type', [AgentHelloSchema, AgentSendSchema, ReadSchema, PingSchema]);

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
    }
  | { type: 'welcome'; v: number; role: 'agent'; agent: Agent }
  /** Sent to a visitor once, when the server creates it: the client keeps the token to resume. */
  | { type: 'session'; visitorId: string; token: string }
  /** The sender's message is committed. */
  | { type: 'ack'; clientId: string; message: Message }
  /** A message for a conversation this socket may see (including replays after a reconnect). */
  | { type: 'message'; message: Message }
  /** A conversation was created or changed (agents get the full row, visitors their own view). */
  | { type: 'conversation'; conversation: Conversation }
  | { type: 'conversation.status'; conversation: VisitorConversation }
  | { type: 'pong' }
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
  const clientId = v.is(clientIdSchema, rawClientId) ? { clientId: rawClientId } : {};
  const issue = result.issues[0];
  if (issue.kind === 'schema' && issue.path?.[0]?.key === 'type') {
    return { ok: false, code: 'unknown_type', message: `Unknown frame type: ${String(type).slice(0, 40)}`, ...clientId };
  }
  const where = issue.path?.map((p) => String(p.key)).join('.') ?? '';
  return { ok: false, code: 'bad_request', message: where ? `${where}: ${issue.message}` : issue.message, ...clientId };
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
