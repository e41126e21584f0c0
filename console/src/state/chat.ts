/** The open conversation: loading its transcript, sending replies, marking it read. */
import { batch, signal } from '@preact/signals';
import { LIMITS, newClientId, type ErrorCode, type Message, type MessageAttachment } from '@atendo/shared';
import { api } from '../api';
import { codeText, errorText } from '../errors';
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
  contiguousSeqOf,
  hasGap,
  lastSeqOf,
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
    const items = await fetchAfter(id, first ? 0 : contiguousSeqOf(before));
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
    api.markRead(id, seq).then(
      (res) => receiveConversation(res.conversation),
      () => undefined,
    );
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
  updateThread(m.conversationId, (t) => addMessages(t, [m]));
  // Something between what we hold and this message was missed: it shows now, the gap follows.
  if (thread.state === 'ready') healThread(m.conversationId);
  if (m.conversationId === openId.value && m.author !== 'agent') markRead(m.conversationId);
}

/** Conversations with a catch-up fetch in flight. */
const healing = new Set<string>();

/**
 * Fetch what a loaded thread misses: every message after its contiguous seq (a hole a lost live
 * frame left), or, with `upTo`, up to a seq its row announced. One fetch per conversation at a time.
 */
function healThread(id: string, upTo = 0): void {
  const t = threads.value[id];
  if (!t || t.state !== 'ready' || healing.has(id) || (!hasGap(t) && lastSeqOf(t) >= upTo)) return;
  healing.add(id);
  const from = contiguousSeqOf(t);
  fetchAfter(id, from).then(
    (items) => {
      updateThread(id, (x) => addMessages(x, items));
      healing.delete(id);
      // A hole that opened while this fetch was out; never again from the same place (no loop).
      if (contiguousSeqOf(threads.value[id] ?? t) > from) healThread(id);
    },
    () => healing.delete(id), // the next message, reconnect or reopen tries again
  );
}

/** How long a row may announce a newer seq than a loaded thread holds before the rest is fetched. */
const ROW_AHEAD_MS = 1000;

/**
 * A conversation row says its last seq; a loaded thread that holds less is missing messages. The
 * row can overtake its message (a status change in the same commit goes out at once), so this
 * fetches only if the thread is still behind a moment later.
 */
export function receiveRowSeq(id: string, lastSeq: number): void {
  const t = threads.value[id];
  if (!t || t.state !== 'ready' || lastSeqOf(t) >= lastSeq) return;
  setTimeout(() => healThread(id, lastSeq), ROW_AHEAD_MS);
}

/** The server refused a message: keep it on screen as failed, with the reason and a retry. */
export function failMessage(clientId: string, code: ErrorCode, message: string): void {
  const p = findPending(clientId);
  if (!p) return;
  // The server's words for an English-speaking agent, a translated sentence for the others.
  const reason = codeText(code, message);
  updateThread(p.conversationId, (t) => updatePending(t, clientId, { state: 'failed', error: reason }));
}

/** Per loaded conversation, the highest contiguous seq held: the server replays what follows (holes too). */
export function resumePoints(): Record<string, number> {
  const out: Record<string, number> = {};
  let n = 0;
  for (const [id, thread] of Object.entries(threads.value)) {
    if (thread.state !== 'ready' || n >= 200) continue;
    out[id] = contiguousSeqOf(thread);
    n++;
  }
  return out;
}

export function resetChat(): void {
  openId.value = null;
}
