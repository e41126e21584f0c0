/**
 * Keyboard shortcuts for the whole console. Single keys work when no text field has the focus;
 * the list is what the `?` overlay shows.
 */
import { signal } from '@preact/signals';
import type { MessageKey } from '../i18n';
import { openId } from './chat';
import { conversationsById, visibleIds } from './conversations';
import { setConversationStatus } from './inbox';
import { conversationHref, inboxHref, navigate, visitorsHref } from './route';

export const showShortcuts = signal(false);

export const SHORTCUTS: readonly { keys: string[]; label: MessageKey }[] = [
  { keys: ['j', '↓'], label: 'keys.next' },
  { keys: ['k', '↑'], label: 'keys.prev' },
  { keys: ['r'], label: 'keys.reply' },
  { keys: ['e'], label: 'keys.resolve' },
  { keys: ['/'], label: 'keys.search' },
  { keys: ['g', 'i'], label: 'keys.inbox' },
  { keys: ['g', 'v'], label: 'keys.visitors' },
  { keys: ['Ctrl', '/'], label: 'keys.canned' },
  { keys: ['Esc'], label: 'keys.escape' },
  { keys: ['?'], label: 'keys.help' },
];

/** The conversation `step` rows away from the open one in the visible list. */
export function neighbour(ids: readonly string[], current: string | null, step: 1 | -1): string | null {
  if (!ids.length) return null;
  const i = current ? ids.indexOf(current) : -1;
  if (i === -1) return step === 1 ? ids[0]! : ids[ids.length - 1]!;
  return ids[Math.min(ids.length - 1, Math.max(0, i + step))] ?? null;
}

function typing(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || !el.tagName) return false;
  return ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName) || Boolean(el.closest?.('[contenteditable]:not([contenteditable="false"])'));
}

let pendingG = false;

/** Handle one keydown; returns true when it was a shortcut. */
export function onShortcut(e: KeyboardEvent): boolean {
  if (e.key === 'Escape' && showShortcuts.value) {
    showShortcuts.value = false;
    return true;
  }
  if (e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) return false;
  const key = e.key;
  if (pendingG) {
    pendingG = false;
    if (key === 'i') return (navigate(inboxHref), true);
    if (key === 'v') return (navigate(visitorsHref), true);
  }
  switch (key) {
    case '?':
      showShortcuts.value = !showShortcuts.value;
      return true;
    case 'j':
    case 'ArrowDown':
    case 'k':
    case 'ArrowUp': {
      const next = neighbour(visibleIds.value, openId.value, key === 'j' || key === 'ArrowDown' ? 1 : -1);
      if (next) navigate(conversationHref(next));
      return Boolean(next);
    }
    case 'r':
      document.querySelector<HTMLTextAreaElement>('.composer textarea')?.focus();
      return true;
    case 'e': {
      const id = openId.value;
      const c = id ? conversationsById.value[id] : undefined;
      if (c) void setConversationStatus(c.id, c.status === 'resolved' ? 'open' : 'resolved');
      return Boolean(c);
    }
    case '/':
      document.getElementById('global-search')?.focus();
      return true;
    case 'g':
      pendingG = true;
      setTimeout(() => (pendingG = false), 1000);
      return true;
    default:
      return false;
  }
}
