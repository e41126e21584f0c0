/**
 * Not missing a chat: a desktop notification (once permitted), a short sound and the unread count
 * in the tab title, for new conversations and for visitor messages in one's own (or unassigned)
 * conversations that are not on screen right now.
 */
import { computed, effect, signal } from '@preact/signals';
import type { Conversation, Message } from '@atendo/shared';
import { visitorLabel } from '../format';
import { t } from '../i18n';
import { openId } from './chat';
import { conversationsById, myId } from './conversations';
import { viewCounts } from './inbox';
import { navigate, conversationHref } from './route';

const SOUND_KEY = 'atendo:console:sound';

function initialSound(): boolean {
  try {
    return localStorage.getItem(SOUND_KEY) !== 'off';
  } catch {
    return true;
  }
}

export const soundOn = signal(initialSound());
export const notifyPermission = signal<NotificationPermission | 'unsupported'>(typeof Notification === 'undefined' ? 'unsupported' : Notification.permission);

export function setSound(on: boolean): void {
  soundOn.value = on;
  try {
    localStorage.setItem(SOUND_KEY, on ? 'on' : 'off');
  } catch {
    // Applies to this tab only.
  }
}

export async function askNotifications(): Promise<void> {
  if (typeof Notification === 'undefined') return;
  notifyPermission.value = await Notification.requestPermission();
}

/** Unread conversations that are the agent's to answer: theirs and unassigned (open). */
export const attentionCount = computed(() => {
  const counts = viewCounts.value;
  if (counts) return counts.mine.open + counts.unassigned.open;
  let n = 0;
  for (const c of Object.values(conversationsById.value)) if (c.status === 'open' && c.unreadCount > 0 && (!c.assigneeId || c.assigneeId === myId.value)) n++;
  return n;
});

if (typeof document !== 'undefined') {
  effect(() => {
    const n = attentionCount.value;
    document.title = n > 0 ? `(${n}) ${t('app.name')}` : t('app.name');
  });
}

let audio: AudioContext | null = null;
/** Two short soft tones; no asset to load. */
export function playChime(): void {
  if (!soundOn.value || typeof AudioContext === 'undefined') return;
  try {
    audio ??= new AudioContext();
    const ctx = audio;
    [0, 0.16].forEach((delay, i) => {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.frequency.value = i ? 880 : 660;
      gain.gain.setValueAtTime(0.0001, ctx.currentTime + delay);
      gain.gain.exponentialRampToValueAtTime(0.15, ctx.currentTime + delay + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, ctx.currentTime + delay + 0.25);
      osc.connect(gain).connect(ctx.destination);
      osc.start(ctx.currentTime + delay);
      osc.stop(ctx.currentTime + delay + 0.3);
    });
  } catch {
    // Autoplay policies may block sound until the agent has clicked once; the title still counts.
  }
}

function desktop(title: string, body: string, conversationId: string): void {
  if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
  const n = new Notification(title, { body, tag: conversationId });
  n.onclick = () => {
    window.focus();
    navigate(conversationHref(conversationId));
    n.close();
  };
}

function onScreen(conversationId: string): boolean {
  return openId.value === conversationId && typeof document !== 'undefined' && document.visibilityState === 'visible';
}

const mineOrUnassigned = (c: Conversation) => !c.assigneeId || c.assigneeId === myId.value;

/** Decide whether a change deserves an alert. Pure: returns what to say, or null. */
export function alertFor(
  kind: 'conversation' | 'message',
  c: Conversation | undefined,
  known: boolean,
  m?: Message,
  before?: Conversation,
): { title: string; body: string } | null {
  if (!c) return null;
  if (kind === 'conversation') {
    // Someone else handed this conversation to me.
    if (before && before.assigneeId !== c.assigneeId && c.assigneeId && c.assigneeId === myId.value) {
      return { title: t('alert.assigned', { name: visitorLabel(c) }), body: c.lastMessagePreview ?? '' };
    }
    // A resolved one is never new: e.g. the row of a rating reaching a tab that had not listed it.
    if (known || c.lastSeq > 1 || c.status === 'resolved' || !mineOrUnassigned(c)) return null;
    return { title: t('alert.newConversation', { name: visitorLabel(c) }), body: c.lastMessagePreview ?? '' };
  }
  if (!m || m.author !== 'visitor' || m.seq <= 1 || !mineOrUnassigned(c)) return null;
  return { title: t('alert.newMessage', { name: visitorLabel(c) }), body: m.body.slice(0, 140) };
}

/** Called by the frame handler before the state is updated. */
export function maybeAlert(kind: 'conversation' | 'message', c: Conversation | undefined, known: boolean, m?: Message, before?: Conversation): void {
  const id = c?.id;
  if (!id || onScreen(id)) return;
  const a = alertFor(kind, c, known, m, before);
  if (!a) return;
  playChime();
  desktop(a.title, a.body, id);
}
