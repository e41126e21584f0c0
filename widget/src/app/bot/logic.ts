/**
 * What one bot message shows, as pure functions of the controller's snapshot (in the bot chunk:
 * the panel bundle only knows that a bot message exists).
 */
import type { Message } from '@atendo/shared';
import type { Snapshot } from '../chat';
import type { ConversationState } from '../store';

/**
 * Whether the bot message `m` still waits for "That answered it" / "Talk to a person": the
 * conversation's newest bot answer, the bot's state is `answered`, the conversation is not resolved
 * and no person of the team has written since.
 */
export function botWaiting(c: ConversationState | undefined, m: Message): boolean {
  if (!c || c.botState !== 'answered' || c.status === 'resolved') return false;
  const i = c.messages.findIndex((x) => x.id === m.id);
  return i >= 0 && !c.messages.slice(i + 1).some((x) => x.author === 'bot' || x.author === 'agent');
}

/** What the bot message `m` shows now: its buttons, a refused answer, and how it ended (its conversation's newest bot message only). */
export function botView(snap: Snapshot, m: Message): { waiting: boolean; failed: boolean; outcome: 'resolved' | 'handed_over' | null } {
  const c = snap.chat.conversations.find((x) => x.id === m.conversationId);
  const reply = snap.botReply?.[m.conversationId];
  const newest = c ? c.messages.filter((x) => x.author === 'bot').at(-1)?.id === m.id : false;
  const sent = reply?.state === 'sent' ? (reply.answer === 'answered' ? 'resolved' : 'handed_over') : null;
  const state = c?.botState === 'resolved' || c?.botState === 'handed_over' ? c.botState : null;
  return { waiting: botWaiting(c, m) && !sent, failed: reply?.state === 'error', outcome: newest ? (sent ?? state) : null };
}
