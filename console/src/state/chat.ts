/** The open conversation: loading its transcript, sending replies, marking it read. */
import { batch, signal } from '@preact/signals';
import { LIMITS, newClientId, type ErrorCode, type Message, type MessageAttachment } from '@atendo/shared';
import { api } from '../api';
import { errorText } from '../errors';
import { applyRead, conversationsById, readSeqs } from './conversations';
import { fetchConversation, receiveConversation, receiveMessageForRow } from './inbox';
import { liveFrame, liveSend } from './live';
import { loadNotes } from './notes';
import { loadProfile } from './visitors';
import {
  addMessages,
  addPending,
  emptyThread,
  findPending,
  lastSeqOf,
  leavesGap,
  removePending,
  threads,
  updatePending,
  updateThread,
} from './threads';

/** The conversation on screen, or null. */
export const openId = signal<string | null>(null);

/** Fetch every message after `after`, page by page (the API pages forward from a seq). */
async function fetchAfter(id: string, after: number): Promise<Message[]> {
  const all: Message[] = [];
  let from = after;
  for (;;) {
    const page = await api.listMessages(id, from, LIMITS.historyPage);
    all.push(...page.items);
    const last = page.items[page.items.length - 1];
    if (!last || page.items.length < LIMITS.historyPage) return all;
    from = last.seq;
  }
}

/** Bring a thread up to date: the whole history the first time, only what is new afterwards. */
export async function syncThread(id: string): Promise<void> {
  const before = threads.value[id] ?? emptyThread;
  const first = before.state !== 'ready';
  if (first) updateThread(id, (t) => ({ ...t, state: 'loading', error: null }));
  try {
    // A first load starts from the beginning even if live messages already arrived.
    const items = await fetchAfter(id, first ? 0 : lastSeqOf(before));
    updateThread(id, (t) => ({ ...addMessages(t, items), state: 'ready', error: null }));
  } catch (err) {
    if (first) updateThread(id, (t) => ({ ...t, state: 'error', error: errorText(err) }));
  }
}

function pageVisible(): boolean {
  return typeof document === 'undefined' || document.visibilityState !== 'hidden';
}

/**
 * Mark the conversation read up to the newest seq we know of, over the socket when connected and
 * over REST otherwise. `force` re-sends even if we believe it is already read (after a reconnect).
 */
export function markRead(id: string, force = false): void {
  const c = conversationsById.value[id];
  if (!c || !pageVisible()) return;
  const seq = Math.max(c.lastSeq, lastSeqOf(threads.value[id] ?? emptyThread));
  const already = (readSeqs.value[id] ?? -1) >= seq;
  if (!force && already && c.unreadCount === 0) return;
  batch(() => {
    readSeqs.value = { ...readSeqs.value, [id]: Math.max(seq, readSeqs.value[id] ?? 0) };
    conversationsById.value = { ...conversationsById.value, [id]: applyRead(c, seq) };
  });
  if (!liveFrame({ type: 'conversation.read', conversationId: id, seq })) {
    api.markRead(id, seq).then((res) => receiveConversation(res.conversation), () => undefined);
  }
}

/** Show a conversation: make sure its row and transcript are loaded, then mark it read. */
export async function openConversation(id: string): Promise<void> {
  openId.value = id;
  const known = conversationsById.value[id] ?? (await fetchConversation(id));
  if (openId.value !== id) return;
  if (!known) {
    updateThread(id, (t) => ({ ...t, state: 'error', error: null }));
    return;
  }
  void loadNotes(id);
  void loadProfile(known.visitorId);
  await syncThread(id);
  if (openId.value === id) markRead(id);
}

export function closeConversation(): void {
  openId.value = null;
}

/** Send a reply: it shows at once as pending and goes out through the socket's outbox. */
export function sendReply(conversationId: string, text: string, attachment?: MessageAttachment): boolean {
  // A file sent without words carries its name as the body (attachments).
  const body = text.trim() || (attachment?.name ?? '');
  if (!body || body.length > LIMITS.messageLength) return false;
  const clientId = newClientId();
  updateThread(conversationId, (t) =>
    addPending(t, { clientId, conversationId, body, ...(attachment ? { attachment } : {}), createdAt: Date.now(), state: 'sending', error: null }),
  );
  liveSend({ conversationId, clientId, body, attachmentId: attachment?.id });
  return true;
}

/** Send a refused message again, with the same client id. */
export function retryMessage(conversationId: string, clientId: string): void {
  const p = (threads.value[conversationId] ?? emptyThread).pending.find((x) => x.clientId === clientId);
  if (!p) return;
  updateThread(conversationId, (t) => updatePending(t, clientId, { state: 'sending', error: null }));
  liveSend({ conversationId, clientId, body: p.body, attachmentId: p.attachment?.id });
}

export function discardMessage(conversationId: string, clientId: string): void {
  updateThread(conversationId, (t) => removePending(t, clientId));
}

/** A committed message, from an ack, a live frame or a replay. */
export function receiveMessage(m: Message): void {
  const thread = threads.value[m.conversationId];
  receiveMessageForRow(m);
  if (!thread) return;
  if (thread.state === 'ready' && leavesGap(thread, m)) {
    // Something between what we hold and this message was missed: fetch the gap, then add it.
    updateThread(m.conversationId, (t) => addMessages(t, [m]));
    void syncThreadFrom(m.conversationId, lastSeqOf(thread));
  } else {
    updateThread(m.conversationId, (t) => addMessages(t, [m]));
  }
  if (m.conversationId === openId.value && m.author !== 'agent') markRead(m.conversationId);
}

async function syncThreadFrom(id: string, after: number): Promise<void> {
  try {
    const items = await fetchAfter(id, after);
    updateThread(id, (t) => addMessages(t, items));
  } catch {
    // The next reconnect or reopen catches up.
  }
}

/** The server refused a message: keep it on screen as failed, with the reason and a retry. */
export function failMessage(clientId: string, code: ErrorCode, message: string): void {
  const p = findPending(clientId);
  if (!p) return;
  const reason = message || code;
  updateThread(p.conversationId, (t) => updatePending(t, clientId, { state: 'failed', error: reason }));
}

/** Per loaded conversation, the last seq held: what the socket asks the server to replay. */
export function resumePoints(): Record<string, number> {
  const out: Record<string, number> = {};
  let n = 0;
  for (const [id, thread] of Object.entries(threads.value)) {
    if (thread.state !== 'ready' || n >= 200) continue;
    out[id] = lastSeqOf(thread);
    n++;
  }
  return out;
}

export function resetChat(): void {
  openId.value = null;
}
