/**
 * Typing indicators: who is typing in which conversation (from `typing` frames, expiring after
 * LIMITS.typingExpiryMs without news), and this agent's own throttled `typing` frames.
 */
import { signal } from '@preact/signals';
import { LIMITS } from '@atendo/shared';
import { myId } from './conversations';
import { liveFrame } from './live';

interface Typer {
  name: string | null;
  author: 'visitor' | 'agent';
}

/** Per conversation, per typer ("visitor" or an agent id). */
export const typers = signal<Readonly<Record<string, Readonly<Record<string, Typer>>>>>({});
const expiry = new Map<string, ReturnType<typeof setTimeout>>();

function remove(conversationId: string, key: string): void {
  const current = typers.value[conversationId];
  if (!current?.[key]) return;
  const next = { ...current };
  delete next[key];
  typers.value = { ...typers.value, [conversationId]: next };
}

/** A `typing` frame from the server. */
export function receiveTyping(f: {
  conversationId: string;
  author: 'visitor' | 'agent';
  agentId?: string | undefined;
  name?: string | null | undefined;
  active: boolean;
}): void {
  if (f.author === 'agent' && f.agentId === myId.value) return;
  const key = f.author === 'visitor' ? 'visitor' : (f.agentId ?? 'agent');
  const timerKey = `${f.conversationId}:${key}`;
  clearTimeout(expiry.get(timerKey));
  expiry.delete(timerKey);
  if (!f.active) return remove(f.conversationId, key);
  typers.value = { ...typers.value, [f.conversationId]: { ...typers.value[f.conversationId], [key]: { name: f.name ?? null, author: f.author } } };
  expiry.set(
    timerKey,
    setTimeout(() => remove(f.conversationId, key), LIMITS.typingExpiryMs),
  );
}

/** Their message arrived: they are no longer typing it. */
export function stoppedBy(conversationId: string, author: 'visitor' | 'agent', agentId: string | null): void {
  remove(conversationId, author === 'visitor' ? 'visitor' : (agentId ?? 'agent'));
}

const lastSent = new Map<string, number>();

/** The agent typed in the composer: tell the others, at most every LIMITS.typingThrottleMs. */
export function typingNow(conversationId: string, now = Date.now()): void {
  const last = lastSent.get(conversationId) ?? 0;
  if (now - last < LIMITS.typingThrottleMs) return;
  if (liveFrame({ type: 'typing', conversationId, active: true })) lastSent.set(conversationId, now);
}

/** The agent sent, cleared the box or left: stop the indicator now rather than on expiry. */
export function typingStopped(conversationId: string): void {
  if (!lastSent.has(conversationId)) return;
  lastSent.delete(conversationId);
  liveFrame({ type: 'typing', conversationId, active: false });
}

export function resetTyping(): void {
  for (const t of expiry.values()) clearTimeout(t);
  expiry.clear();
  lastSent.clear();
  typers.value = {};
}
