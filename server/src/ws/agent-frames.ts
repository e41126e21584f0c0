/** What an agent's socket may say after hello, one handler per frame type. */
import { CloseCode, type AgentFrame } from '@atendo/shared';
import { SESSION_COOKIE } from '../http/context';
import { send, type Connection } from './connection';
import { cookieValue, rateLimited, refuse, sendError, type AgentState, type SocketContext } from './context';
import type { FrameTable } from './frame-table';
import { history } from './replay';
import { typingAllowed } from './throttles';

/**
 * A write (a message, a read receipt) and a transcript read check the session again: it may have
 * ended (expired, revoked behind the events' back) since hello. Ping and typing use the session
 * kept on the socket; the session sweep closes a socket whose session ended within its interval,
 * and logout closes it at once.
 */
async function sessionStillValid(ctx: SocketContext, conn: Connection): Promise<boolean> {
  const session = await ctx.services.agents.authenticate(cookieValue(conn.cookieHeader, SESSION_COOKIE));
  if (session) return true;
  refuse(conn, CloseCode.Unauthorized, 'unauthorized', 'Session ended');
  return false;
}

export const agentFrames: FrameTable<AgentFrame, AgentState> = {
  hello: (_ctx, conn) => send(conn, { type: 'error', code: 'bad_request', message: 'Already said hello' }),

  ping: (_ctx, conn) => send(conn, { type: 'pong' }),

  async 'conversation.read'(ctx, conn, _state, frame) {
    // A write (unread counts, the visitor's "Seen"): the session is checked again.
    if (!(await sessionStillValid(ctx, conn))) return;
    await ctx.services.conversations.markRead(frame.conversationId, frame.seq, conn.id);
  },

  async 'history.get'(ctx, conn, _state, frame) {
    // Reads a transcript: the session is checked again.
    if (!(await sessionStillValid(ctx, conn))) return;
    await ctx.services.conversations.get(frame.conversationId);
    await history(ctx, conn, frame);
  },

  async typing({ services }, conn, state, frame) {
    const conversation = await services.conversations.get(frame.conversationId);
    const active = frame.active ?? true;
    if (typingAllowed(conn, frame.conversationId, active)) {
      services.bus.emit({
        type: 'typing',
        frame: { conversationId: frame.conversationId, author: 'agent', agentId: state.agent.id, name: state.agent.name, active },
        visitorId: conversation.visitorId,
        origin: conn.id,
      });
    }
  },

  async 'message.send'(ctx, conn, state, frame) {
    const allowed = await ctx.guard.message(conn.id, conn.ip, false);
    if (!allowed.ok) return rateLimited(conn, allowed.verdict, `Too many messages; try again in ${Math.ceil(allowed.retryAfterMs / 1000)} s`, frame.clientId);
    if (!(await sessionStillValid(ctx, conn))) return;
    const clientId = frame.clientId;
    ctx.sends.push(
      { kind: 'agent', agentId: state.agent.id, agentName: state.agent.name },
      { conversationId: frame.conversationId, clientId, body: frame.body, attachmentId: frame.attachmentId, origin: conn.id },
      (outcome) => (outcome.ok ? ctx.hub.ack(conn, clientId, outcome.result.message) : sendError(conn, outcome.error, clientId)),
    );
  },
};
