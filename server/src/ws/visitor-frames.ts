/** What a visitor's socket may say after hello, one handler per frame type. */
import { type VisitorFrame } from '@atendo/shared';
import { pendingWithContact, recordContact } from '../domain/contact';
import { toVisitorConversation } from '../domain/conversations';
import { AppError } from '../domain/errors';
import { messageSender, startSession } from '../domain/visitor-session';
import { send, type Connection } from './connection';
import { cleanPage, rateLimited, sendError, type SocketContext, type VisitorState } from './context';
import type { FrameTable } from './frame-table';
import { history } from './replay';
import { typingAllowed } from './throttles';

/** `contact` frames (pre-chat / leave-a-message forms) one socket may send. */
const CONTACT_FRAMES_PER_SOCKET = 10;
const contactFrames = new WeakMap<Connection, number>();
function contactAllowed(conn: Connection): boolean {
  const n = (contactFrames.get(conn) ?? 0) + 1;
  contactFrames.set(conn, n);
  return n <= CONTACT_FRAMES_PER_SOCKET;
}

/**
 * The socket now speaks for this visitor (created by `session.start` or a first message, or the
 * one an earlier first message created): it gets their frames and their token, and agents see
 * them live.
 */
async function adopt(ctx: SocketContext, conn: Connection, state: VisitorState, visitorId: string, token: string): Promise<void> {
  state.visitorId = visitorId;
  ctx.hub.addVisitor(visitorId, conn);
  send(conn, { type: 'session', visitorId, token });
  if (await ctx.services.profiles.connected(visitorId, conn.session ?? {})) conn.liveVisitorId = visitorId;
}

const retryIn = (ms: number) => `try again in ${Math.ceil(ms / 1000)} s`;

export const visitorFrames: FrameTable<VisitorFrame, VisitorState> = {
  hello: (_ctx, conn) => send(conn, { type: 'error', code: 'bad_request', message: 'Already said hello' }),

  ping: (_ctx, conn) => send(conn, { type: 'pong' }),

  async page({ services }, conn, state, frame) {
    // Before the visitor interacts nothing is stored (privacy): only remember it for later.
    const page = cleanPage(frame.page, state.keepParams ?? [])!;
    if (conn.session) conn.session = { ...conn.session, page };
    if (state.visitorId) await services.profiles.page(state.visitorId, page);
    else state.pageUrl = page.url;
  },

  async attributes({ services }, conn, state, frame) {
    // Like `page`: remembered on the socket until the visitor exists, then stored.
    if (conn.session) conn.session = { ...conn.session, attributes: frame.attributes };
    if (state.visitorId) await services.profiles.setAttributes(state.visitorId, frame.attributes);
  },

  async contact({ services }, conn, state, frame) {
    // Pre-chat / leave-a-message form: like `attributes`, kept on the socket until the visitor
    // exists, then stored; never over a verified identity, never marking anyone verified.
    if (!frame.name && !frame.email) throw new AppError('bad_request', 'Give a name or an e-mail address');
    // Each stored change re-sends the visitor's conversations to agents: a handful per socket is plenty.
    if (!contactAllowed(conn)) throw new AppError('rate_limited', 'Too many contact updates on this connection');
    if (state.visitorId) await recordContact(services, state.visitorId, frame);
    else state.pending = pendingWithContact(state.pending, frame);
  },

  async 'conversation.rate'({ services }, _conn, state, frame) {
    // End of conversation survey: the answer is a `conversation.rated` frame to every
    // tab of this visitor (from the event); a refusal names the frame's clientId (dispatcher).
    if (!state.visitorId) throw new AppError('not_found', 'Conversation not found');
    await services.ratings.rate(state.visitorId, { conversationId: frame.conversationId, csat: frame.csat, nps: frame.nps, comment: frame.comment });
  },

  async 'bot.reply'({ services }, conn, state, frame) {
    // "That answered it" / "Talk to a person", for the visitor's own conversation only (else
    // not_found, naming the frame's clientId). The result reaches every tab of the visitor as
    // `conversation.status` (botState, status). Once settled, another reply changes nothing, and
    // this tab is told how the conversation stands (a stale tab's buttons go).
    if (!state.visitorId) throw new AppError('not_found', 'Conversation not found');
    const unchanged = await services.bot.reply(state.visitorId, frame.conversationId, frame.answer);
    if (unchanged) send(conn, { type: 'conversation.status', conversation: toVisitorConversation(unchanged) });
  },

  async 'session.start'(ctx, conn, state) {
    // Attachments: the widget needs a token to upload a file before its first message.
    const allowed = await ctx.guard.message(conn.id, conn.ip, true);
    if (!allowed.ok) return rateLimited(conn, allowed.verdict, `Too many requests; ${retryIn(allowed.retryAfterMs)}`);
    if (!state.visitorId) {
      // Creating a visitor is limited per client address, on a budget of its own: opening the
      // panel or a proactive message must not eat the address's new-conversation budget.
      const created = await ctx.guard.newVisitor(conn.ip);
      if (!created.ok)
        throw new AppError('rate_limited', `Too many new visitors from your address; try again in ${Math.ceil(created.retryAfterMs / 60_000)} min`);
    }
    const existed = state.visitorId !== null;
    const { visitorId, token } = await startSession(ctx.services, state);
    if (existed) return send(conn, { type: 'session', visitorId, token });
    await adopt(ctx, conn, state, visitorId, token);
  },

  async 'conversation.read'({ services }, conn, state, frame) {
    if (!state.visitorId) throw new AppError('not_found', 'Conversation not found');
    await services.conversations.markVisitorRead(frame.conversationId, state.visitorId, frame.seq, conn.id);
  },

  async 'history.get'(ctx, conn, state, frame) {
    if (!state.visitorId) throw new AppError('not_found', 'Conversation not found');
    await ctx.services.conversations.assertVisitorOwns(frame.conversationId, state.visitorId);
    await history(ctx, conn, frame);
  },

  async typing({ services }, conn, state, frame) {
    if (!state.visitorId) return;
    await services.conversations.assertVisitorOwns(frame.conversationId, state.visitorId);
    const active = frame.active ?? true;
    if (typingAllowed(conn, frame.conversationId, active))
      services.bus.emit({
        type: 'typing',
        frame: { conversationId: frame.conversationId, author: 'visitor', active },
        visitorId: state.visitorId,
        origin: conn.id,
      });
  },

  // Not `async`: a visitor who exists (nearly every send) is handed to the group commit in this
  // turn, without a promise (`pnpm bench` persistence: CPU per message).
  // With many instances the per-address limits are asked of Redis: then this goes on in a promise.
  'message.send'(ctx, conn, state, frame) {
    const allowed = ctx.guard.message(conn.id, conn.ip, true);
    if (!(allowed instanceof Promise)) return messageAllowed(ctx, conn, state, frame, allowed);
    // A follow-up of a known visitor does not hold the socket's next frames while Redis answers:
    // its answers come in the order asked, so the sends still reach the queue in frame order.
    if (state.visitorId && frame.conversationId) {
      allowed.then((a) => messageAllowed(ctx, conn, state, frame, a)).catch((err: unknown) => sendError(conn, err, frame.clientId));
      return;
    }
    return allowed.then((a) => messageAllowed(ctx, conn, state, frame, a));
  },
};

function messageAllowed(
  ctx: SocketContext,
  conn: Connection,
  state: VisitorState,
  frame: SendFrame,
  allowed: Awaited<ReturnType<SocketContext['guard']['message']>>,
): void | Promise<void> {
  if (!allowed.ok) return rateLimited(conn, allowed.verdict, `Too many messages; ${retryIn(allowed.retryAfterMs)}`, frame.clientId);
  // A message without a conversation id may open a conversation: those are limited per IP.
  if (!frame.conversationId) {
    const open = ctx.guard.openConversation(conn.ip);
    if (open instanceof Promise) return open.then((o) => (o.ok ? sendAllowed(ctx, conn, state, frame) : tooManyConversations(o)));
    if (!open.ok) tooManyConversations(open);
  }
  return sendAllowed(ctx, conn, state, frame);
}

function tooManyConversations(open: { retryAfterMs: number }): never {
  throw new AppError('rate_limited', `Too many new conversations from your address; try again in ${Math.ceil(open.retryAfterMs / 60_000)} min`);
}

function sendAllowed(ctx: SocketContext, conn: Connection, state: VisitorState, frame: SendFrame): void | Promise<void> {
  if (state.visitorId) return queueSend(ctx, conn, state, state.visitorId, frame);
  return firstSend(ctx, conn, state, frame);
}

type SendFrame = Extract<VisitorFrame, { type: 'message.send' }>;

/** A socket without a visitor yet: find or create the sender (domain/visitor-session.ts), adopt it, then send. */
async function firstSend(ctx: SocketContext, conn: Connection, state: VisitorState, frame: SendFrame): Promise<void> {
  // Open here or on another instance.
  const sender = await messageSender(ctx.services, state, frame, (id) => ctx.hub.hasVisitor(id) || ctx.services.presence.isVisitorOnline(id));
  if (sender.token) await adopt(ctx, conn, state, sender.visitorId, sender.token);
  queueSend(ctx, conn, state, sender.visitorId, frame);
}

/** Group commit: stored with the other sends of this event-loop turn; acked after the commit. */
function queueSend(ctx: SocketContext, conn: Connection, state: VisitorState, visitorId: string, frame: SendFrame): void {
  const clientId = frame.clientId;
  ctx.sends.push(
    { kind: 'visitor', visitorId, siteId: state.siteId },
    { conversationId: frame.conversationId, clientId, body: frame.body, attachmentId: frame.attachmentId, origin: conn.id },
    (outcome) => (outcome.ok ? ctx.hub.ack(conn, clientId, outcome.result.message) : sendError(conn, outcome.error, clientId)),
  );
}
