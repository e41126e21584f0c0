import type { Conversation } from '@atendo/shared';
import { fullDateTime, isoTime, relativeTime, visitorLabel, waitingTime } from '../format';
import { locale, t } from '../i18n';
import { now } from '../state/clock';
import { conversationHref } from '../state/route';
import { agentsById } from '../state/team';
import { Avatar } from '../ui/Avatar';
import { Link } from '../ui/Link';

/** One inbox row: who, what was said last, when, how long they wait, who has it, and how much is unread. */
export function ConversationRow({ conversation: c, selected }: { conversation: Conversation; selected: boolean }) {
  const name = visitorLabel(c);
  const unread = c.unreadCount > 0;
  const loc = locale.value;
  // Waiting on the team: the visitor wrote last, or the bot did and the visitor then asked for a person.
  const waiting = c.status === 'open' && (c.lastMessageAuthor === 'visitor' || (c.lastMessageAuthor === 'bot' && c.botState === 'handed_over'));
  const assignee = c.assigneeId ? agentsById.value[c.assigneeId] : undefined;
  return (
    <li class="conv-row" aria-label={name}>
      <Link
        href={conversationHref(c.id)}
        class={`conv-link${unread ? ' is-unread' : ''}${selected ? ' is-selected' : ''}`}
        aria-current={selected ? 'page' : undefined}
      >
        <Avatar name={name} seed={c.visitorId} />
        <span class="conv-main">
          <span class="conv-top">
            <span class="conv-name">{name}</span>
            <time class="conv-time" dateTime={isoTime(c.lastActivityAt)} title={fullDateTime(c.lastActivityAt, loc)}>
              {relativeTime(c.lastActivityAt, now.value, loc)}
            </time>
          </span>
          <span class="conv-bottom">
            <span class="conv-preview">
              {c.lastMessageAuthor === 'agent' && <span class="conv-you">{t('inbox.you')} </span>}
              {c.lastMessageAuthor === 'bot' && <span class="conv-you">{t('inbox.bot')} </span>}
              {c.lastMessagePreview ?? t('inbox.noMessages')}
            </span>
            {c.status === 'resolved' && <span class="pill pill-resolved">{t('status.resolved')}</span>}
            {c.status === 'pending' && <span class="pill pill-pending">{t('status.pending')}</span>}
            {unread && (
              <>
                <span class="badge" aria-hidden="true">
                  {c.unreadCount > 99 ? '99+' : c.unreadCount}
                </span>
                <span class="sr-only">{t('inbox.unread', { count: c.unreadCount })}</span>
              </>
            )}
          </span>
          <span class="conv-meta">
            {waiting && <span class="conv-wait">{t('inbox.waiting', { time: waitingTime(c.lastActivityAt, now.value, loc) })}</span>}
            {(c.tags ?? []).slice(0, 3).map((tag) => (
              <span key={tag} class="tag tag-small">
                {tag}
              </span>
            ))}
            <span class="conv-assignee">{assignee ? assignee.name : c.assigneeId ? '' : t('inbox.unassignedShort')}</span>
          </span>
        </span>
      </Link>
    </li>
  );
}
