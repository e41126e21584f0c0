import type { Chat, Proactive } from '../chat';
import type { T } from '../i18n';
import type { TimelineItem } from '../store';
import { CloseIcon } from './icons';
import { useSnapshot } from './useSnapshot';

/**
 * The proactive message as a message from the team in the panel, placed by time among the real ones
 * (the visitor's reply then reads as an answer to it). It lives only on this page.
 */
export function withProactive(items: TimelineItem[], p: Proactive | null | undefined): TimelineItem[] {
  if (!p) return items;
  const item: TimelineItem = {
    kind: 'message',
    key: `p:${p.triggerId}`,
    message: {
      id: `p:${p.triggerId}`,
      conversationId: '',
      seq: 0,
      clientId: '',
      author: 'agent',
      agentId: null,
      authorName: null,
      body: p.body,
      createdAt: p.createdAt,
    },
  };
  const at = items.findIndex((i) => i.kind === 'pending' || (i.kind === 'message' && i.message.createdAt > p.createdAt));
  return at < 0 ? [...items, item] : [...items.slice(0, at), item, ...items.slice(at)];
}

interface Props {
  chat: Chat;
  t: T;
  /** Open the panel (the greeting's message is in it). */
  onOpen(): void;
}

/** The greeting bubble beside the launcher. It never takes focus: the live region announces it. */
export function Greeting({ chat, t, onOpen }: Props) {
  const snap = useSnapshot(chat);
  const p = snap.proactive;
  if (!p || !snap.greet || snap.open) return null;
  const config = snap.config.status === 'ready' ? snap.config.config : null;
  const team = config?.teamName.trim() || t('title');
  return (
    <div class={config?.position === 'left' ? 'greet left' : 'greet'}>
      <button type="button" class="greet-body" onClick={onOpen}>
        <span class="greet-team">{team}</span>
        <span class="greet-text" dir="auto">
          {p.body}
        </span>
      </button>
      <button type="button" class="greet-close" aria-label={t('dismiss')} title={t('dismiss')} onClick={() => chat.dismissGreeting()}>
        <CloseIcon />
      </button>
    </div>
  );
}
