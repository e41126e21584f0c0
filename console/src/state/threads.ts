/**
 * Transcripts as normalized data: per conversation, the committed messages ordered by `seq` and
 * the agent's own messages still waiting for their ack.
 */
import { signal } from '@preact/signals';
import { contiguousSeq, type Message, type MessageAttachment } from '@atendo/shared';
import type { LoadState } from './conversations';

/** A message this agent sent that the server has not acked yet, or refused. */
export interface PendingMessage {
  clientId: string;
  conversationId: string;
  body: string;
  /** A file sent with it, already uploaded (attachments). */
  attachment?: MessageAttachment;
  createdAt: number;
  state: 'sending' | 'failed';
  error: string | null;
}

export interface Thread {
  /** Committed messages, ascending `seq`, each `seq` once. */
  messages: readonly Message[];
  pending: readonly PendingMessage[];
  state: LoadState;
  error: string | null;
}

export const emptyThread: Thread = { messages: [], pending: [], state: 'idle', error: null };

/** Merge messages into a seq-ordered list; a seq already present is replaced, never duplicated. */
export function mergeMessages(list: readonly Message[], incoming: readonly Message[]): readonly Message[] {
  if (!incoming.length) return list;
  const last = list[list.length - 1];
  // The common case, one new message at the end, needs no re-sort.
  if (incoming.length === 1 && incoming[0] && (!last || incoming[0].seq > last.seq)) return [...list, incoming[0]];
  const bySeq = new Map<number, Message>();
  for (const m of list) bySeq.set(m.seq, m);
  for (const m of incoming) bySeq.set(m.seq, m);
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

/** Add committed messages; any pending message with the same client id is now sent. */
export function addMessages(thread: Thread, incoming: readonly Message[]): Thread {
  if (!incoming.length) return thread;
  const sent = new Set(incoming.map((m) => m.clientId));
  return {
    ...thread,
    messages: mergeMessages(thread.messages, incoming),
    pending: thread.pending.some((p) => sent.has(p.clientId)) ? thread.pending.filter((p) => !sent.has(p.clientId)) : thread.pending,
  };
}

export function addPending(thread: Thread, p: PendingMessage): Thread {
  if (thread.pending.some((x) => x.clientId === p.clientId)) return thread;
  if (thread.messages.some((m) => m.clientId === p.clientId)) return thread;
  return { ...thread, pending: [...thread.pending, p] };
}

export function updatePending(thread: Thread, clientId: string, patch: Partial<Pick<PendingMessage, 'state' | 'error'>>): Thread {
  return { ...thread, pending: thread.pending.map((p) => (p.clientId === clientId ? { ...p, ...patch } : p)) };
}

export function removePending(thread: Thread, clientId: string): Thread {
  return { ...thread, pending: thread.pending.filter((p) => p.clientId !== clientId) };
}

/** The newest committed seq (0 for none): where a catch-up fetch resumes. */
export function lastSeqOf(thread: Thread): number {
  return thread.messages[thread.messages.length - 1]?.seq ?? 0;
}

/** The highest seq s such that 1..s are all held (0 for none): where a resume or catch-up starts. */
export function contiguousSeqOf(thread: Thread): number {
  return contiguousSeq(thread.messages);
}

/** True when a message is missing below one we hold (a live frame never arrived). */
export function hasGap(thread: Thread): boolean {
  return lastSeqOf(thread) > contiguousSeqOf(thread);
}

export type Threads = Readonly<Record<string, Thread>>;

export const threads = signal<Threads>({});
/** Unsent composer text per conversation, so switching conversations keeps a draft. */
export const drafts = signal<Readonly<Record<string, string>>>({});

/** Apply a pure update to one conversation's thread. */
export function updateThread(conversationId: string, fn: (t: Thread) => Thread): void {
  const current = threads.value[conversationId] ?? emptyThread;
  const next = fn(current);
  if (next !== current) threads.value = { ...threads.value, [conversationId]: next };
}

/** Find which conversation a pending client id belongs to. */
export function findPending(clientId: string): PendingMessage | undefined {
  for (const thread of Object.values(threads.value)) {
    const p = thread.pending.find((x) => x.clientId === clientId);
    if (p) return p;
  }
  return undefined;
}

export function setDraft(conversationId: string, text: string): void {
  drafts.value = { ...drafts.value, [conversationId]: text };
}

export function resetThreads(): void {
  threads.value = {};
  drafts.value = {};
}
