/** What each server frame does to the console's state. */
import type { ServerFrame } from '@atendo/shared';
import { failMessage, markRead, openId, receiveMessage, receiveRowSeq, syncThread } from './chat';
import { conversationsById, listState } from './conversations';
import { maybeAlert } from './alerts';
import { receiveNotes } from './notes';
import { receiveTyping, stoppedBy } from './typing';
import { loadTeam, receiveAgent } from './team';
import { receiveLeft, receiveLive } from './visitors';
import { loadInbox, receiveConversation } from './inbox';
import { notify } from './notices';
import { codeText } from '../errors';
import { siteGone } from './site-gone';
import { refreshSites } from './sites';

/** Bring everything on screen up to date after the socket was down. */
export async function resync(): Promise<void> {
  const id = openId.value;
  void loadTeam();
  await Promise.all([loadInbox(undefined, true), id ? syncThread(id) : Promise.resolve()]);
  if (id && openId.value === id) markRead(id, true);
}

/** Dispatch one server frame to the state modules. */
export function handleFrame(frame: ServerFrame, reconnected: boolean): void {
  switch (frame.type) {
    case 'welcome':
      // After a reconnect, or when the list was fetched before this socket subscribed, anything
      // that happened in between reached no socket of ours: fetch it.
      if (reconnected || listState.value === 'ready') void resync();
      return;
    case 'conversation':
      maybeAlert(
        'conversation',
        frame.conversation,
        Boolean(conversationsById.value[frame.conversation.id]),
        undefined,
        conversationsById.value[frame.conversation.id],
      );
      receiveConversation(frame.conversation);
      receiveRowSeq(frame.conversation.id, frame.conversation.lastSeq);
      if (frame.conversation.id === openId.value && frame.conversation.unreadCount > 0) markRead(frame.conversation.id);
      return;
    case 'message':
      maybeAlert('message', conversationsById.value[frame.message.conversationId], true, frame.message);
      stoppedBy(frame.message.conversationId, frame.message.author === 'agent' ? 'agent' : 'visitor', frame.message.agentId);
      receiveMessage(frame.message);
      // The conversation's row as committed rides on its newest message of a batch (agents only).
      if (frame.conversation) handleFrame({ type: 'conversation', conversation: frame.conversation }, reconnected);
      return;
    case 'typing':
      receiveTyping(frame);
      return;
    // The server would not replay that big a gap; refetch the thread over REST.
    case 'resync':
      if (frame.conversationId === openId.value) void syncThread(frame.conversationId);
      return;
    case 'history':
      for (const m of frame.messages) receiveMessage(m);
      return;
    // Read receipts: the visitor read up to seq (agents' "Seen"); another agent read it (unread cleared).
    case 'read': {
      const c = conversationsById.value[frame.conversationId];
      if (frame.reader === 'visitor' && c && (c.visitorReadSeq ?? 0) < frame.seq) receiveConversation({ ...c, visitorReadSeq: frame.seq });
      return;
    }
    case 'note':
      receiveNotes(frame.note.conversationId, [frame.note]);
      return;
    case 'agent.presence':
      receiveAgent(frame.agent);
      return;
    case 'visitor.live':
      receiveLive(frame.visitor);
      return;
    case 'visitor.left':
      receiveLeft(frame.visitorId);
      return;
    case 'site.deleted':
      siteGone(frame.siteId);
      return;
    case 'sites.changed':
      void refreshSites();
      return;
    case 'ack':
      receiveMessage(frame.message);
      return;
    case 'error':
      if (frame.clientId) failMessage(frame.clientId, frame.code, frame.message);
      else notify(codeText(frame.code, frame.message));
      return;
    default:
      // pong, and visitor-only frames (session, conversation.status) that an agent socket never gets.
      return;
  }
}
