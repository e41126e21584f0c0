/** What each server frame does to the console's state. */
import type { ServerFrame } from '@atendo/shared';
import { failMessage, markRead, openId, receiveMessage, syncThread } from './chat';
import { listState } from './conversations';
import { loadInbox, receiveConversation } from './inbox';
import { notify } from './notices';

/** Bring everything on screen up to date after the socket was down. */
export async function resync(): Promise<void> {
  const id = openId.value;
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
      receiveConversation(frame.conversation);
      if (frame.conversation.id === openId.value && frame.conversation.unreadCount > 0) markRead(frame.conversation.id);
      return;
    case 'message':
      receiveMessage(frame.message);
      return;
    case 'ack':
      receiveMessage(frame.message);
      return;
    case 'error':
      if (frame.clientId) failMessage(frame.clientId, frame.code, frame.message);
      else notify(frame.message);
      return;
    default:
      // pong, and visitor-only frames (session, conversation.status) that an agent socket never gets.
      return;
  }
}
