/**
 * The visitor's conversations as plain data, and pure functions over it. Messages are kept per
 * conversation in `seq` order and deduplicated by id and clientId; messages the server has not
 * acknowledged yet are "pending" and always come after every stored message.
 */
import { contiguousSeq, type BotState, type ConversationStatus, type Message, type MessageAttachment, type VisitorConversation } from '@atendo/shared';

/** A message the visitor sent that the server has not acknowledged yet. */
export interface PendingMessage {
  clientId: string;
  body: string;
  /** A file sent with it, already uploaded (attachments). */
  attachment?: MessageAttachment;
  createdAt: number;
  /** The server refused it (or it could not be sent); the visitor may retry. */
  failed: boolean;
}

export interface ConversationState {
  id: string;
  status: ConversationStatus;
  messages: readonly Message[];
  /** The visitor answered the end of conversation survey: it is not asked again. */
  rated?: boolean;
  /** The newest seq the server reported (welcome): with a lazy hello, the messages may not be here yet. */
  lastSeq?: number;
  /** The answer bot here: `answered` while its buttons wait for the visitor (absent: it never answered). */
  botState?: BotState | null;
}

export interface ChatState {
  /** Oldest first. */
  conversations: readonly ConversationState[];
  /** Oldest first. */
  pending: readonly PendingMessage[];
}

export type TimelineItem =
  | { kind: 'message'; key: string; message: Message }
  | { kind: 'pending'; key: string; pending: PendingMessage }
  | { kind: 'resolved'; key: string; conversationId: string };

export const emptyChat: ChatState = { conversations: [], pending: [] };

const firstAt = (c: ConversationState) => c.messages[0]?.createdAt ?? Number.POSITIVE_INFINITY;

/** Conversations in the order they started; ones we hold no message of yet go last. */
function sorted(conversations: ConversationState[]): ConversationState[] {
  return conversations.sort((a, b) => firstAt(a) - firstAt(b));
}

/** Insert `m` in seq order, or return null when it is already there (same id or clientId). */
function insertBySeq(messages: readonly Message[], m: Message): Message[] | null {
  if (messages.some((x) => x.id === m.id || x.clientId === m.clientId)) return null;
  const out = messages.slice();
  let i = out.length;
  while (i > 0 && out[i - 1]!.seq > m.seq) i--;
  out.splice(i, 0, m);
  return out;
}

/**
 * Store a message from the server (an `ack`, a live `message` or a replay). Returns the same
 * state object when nothing changed, so callers can tell a duplicate from news.
 */
export function receiveMessage(state: ChatState, m: Message): ChatState {
  const pending = state.pending.filter((p) => p.clientId !== m.clientId);
  const conv = state.conversations.find((c) => c.id === m.conversationId);
  const messages = insertBySeq(conv?.messages ?? [], m);
  if (!messages) return pending.length === state.pending.length ? state : { ...state, pending };
  const next: ConversationState = conv ? { ...conv, messages } : { id: m.conversationId, status: 'open', messages };
  // A bot answer the server has not described yet (it arrived live): its buttons wait for the visitor,
  // unless something was said after it (an older conversation's history, loaded later).
  if (m.author === 'bot' && next.botState === undefined && next.status === 'open' && messages[messages.length - 1] === m) next.botState = 'answered';
  // Someone wrote after the bot's answer (a person, or the visitor instead of a button): the server
  // hands over or stands the bot down, and its buttons go; a history read in order ends the same way.
  else if ((m.author === 'agent' || m.author === 'visitor') && next.botState === 'answered' && messages.some((x) => x.author === 'bot' && x.seq < m.seq))
    next.botState = null;
  const others = state.conversations.filter((c) => c !== conv);
  return { conversations: sorted([...others, next]), pending };
}

/** Learn the visitor's conversations (from `welcome`): add unknown ones, update statuses. */
export function mergeConversations(state: ChatState, list: readonly VisitorConversation[]): ChatState {
  let conversations = state.conversations.slice();
  for (const v of list) {
    const known = conversations.find((c) => c.id === v.id);
    const rated = v.rated ? { rated: true } : {};
    const bot = v.botState !== undefined ? { botState: v.botState } : {};
    if (!known) conversations.push({ id: v.id, status: v.status, messages: [], lastSeq: v.lastSeq, ...rated, ...bot });
    else if (
      known.status !== v.status ||
      (v.rated && !known.rated) ||
      v.lastSeq > (known.lastSeq ?? 0) ||
      (bot.botState !== undefined && bot.botState !== known.botState)
    )
      conversations = conversations.map((c) =>
        c === known ? { ...c, status: v.status, lastSeq: Math.max(v.lastSeq, known.lastSeq ?? 0), ...rated, ...bot } : c,
      );
  }
  return { ...state, conversations: sorted(conversations) };
}

/** Apply a `conversation.status` (resolved or reopened; with `botState` when the frame carries one: the bot's hand-over). */
export function setStatus(state: ChatState, id: string, status: ConversationStatus, botState?: BotState | null): ChatState {
  const known = state.conversations.find((c) => c.id === id);
  const bot = botState !== undefined ? { botState } : {};
  if (known?.status === status && (botState === undefined || known.botState === botState)) return state;
  const conversations = known
    ? state.conversations.map((c) => (c === known ? { ...c, status, ...bot } : c))
    : sorted([...state.conversations, { id, status, messages: [], ...bot }]);
  return { ...state, conversations };
}

/** The survey of conversation `id` was answered (here or in another tab). */
export function setRated(state: ChatState, id: string): ChatState {
  const known = state.conversations.find((c) => c.id === id);
  if (!known || known.rated) return state;
  return { ...state, conversations: state.conversations.map((c) => (c === known ? { ...c, rated: true } : c)) };
}

export function addPending(state: ChatState, p: Omit<PendingMessage, 'failed'>): ChatState {
  return { ...state, pending: [...state.pending, { ...p, failed: false }] };
}

/** Mark a pending message as failed (or, with `failed = false`, as being retried). */
export function markFailed(state: ChatState, clientId: string, failed = true): ChatState {
  if (!state.pending.some((p) => p.clientId === clientId && p.failed !== failed)) return state;
  return { ...state, pending: state.pending.map((p) => (p.clientId === clientId ? { ...p, failed } : p)) };
}

/**
 * The conversation the visitor's next message belongs to: the newest open one, or pending (the
 * agent is waiting on the visitor: the answer reopens it). Null means the next message goes
 * without a conversationId and the server opens a new conversation (after a resolved one).
 */
export function openConversationId(state: ChatState): string | null {
  for (let i = state.conversations.length - 1; i >= 0; i--) {
    const c = state.conversations[i]!;
    if (c.status === 'open' || c.status === 'pending') return c.id;
  }
  return null;
}

/**
 * For `hello.resume`: per conversation, the highest contiguous seq we hold, so the replay also
 * fills a hole a lost live frame left (resuming after the highest seq would leave it for good).
 */
export function resumeMap(state: ChatState): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of state.conversations) {
    const k = contiguousSeq(c.messages);
    if (k) out[c.id] = k;
  }
  return out;
}

/** Conversations holding a message past a missing one, with the seq to fetch after (`history.get`). */
export function holes(state: ChatState): { conversationId: string; after: number }[] {
  const out: { conversationId: string; after: number }[] = [];
  for (const c of state.conversations) {
    const k = contiguousSeq(c.messages);
    if ((c.messages[c.messages.length - 1]?.seq ?? 0) > k) out.push({ conversationId: c.id, after: k });
  }
  return out;
}

/**
 * Conversations the server has more of than we hold (after a lazy hello: the panel was closed, so
 * nothing was replayed), with the seq to fetch after (`history.get`).
 */
export function behind(state: ChatState): { conversationId: string; after: number }[] {
  const out: { conversationId: string; after: number }[] = [];
  for (const c of state.conversations) {
    const k = contiguousSeq(c.messages);
    if ((c.lastSeq ?? 0) > k) out.push({ conversationId: c.id, after: k });
  }
  return out;
}

/** Everything the message list draws, in order. */
export function timeline(state: ChatState): TimelineItem[] {
  const items: TimelineItem[] = [];
  for (const c of state.conversations) {
    for (const m of c.messages) {
      // Visitor messages keep their clientId as key, so a pending bubble is not redrawn on ack.
      items.push({ kind: 'message', key: m.author === 'visitor' ? `c:${m.clientId}` : `m:${m.id}`, message: m });
    }
    if (c.status === 'resolved' && c.messages.length) items.push({ kind: 'resolved', key: `r:${c.id}`, conversationId: c.id });
  }
  for (const p of state.pending) items.push({ kind: 'pending', key: `c:${p.clientId}`, pending: p });
  return items;
}
