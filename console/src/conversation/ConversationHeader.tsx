import { useState } from 'preact/hooks';
import type { Conversation, ConversationStatus } from '@atendo/shared';
import { visitorLabel } from '../format';
import { t } from '../i18n';
import { assignConversation, setConversationStatus } from '../state/inbox';
import { inboxHref } from '../state/route';
import { agentList, isActive, isOnline } from '../state/team';
import { Avatar } from '../ui/Avatar';
import { Link } from '../ui/Link';
import { RatingSummary } from './RatingSummary';
import { TranscriptButton } from './TranscriptButton';

const STATUS_LABEL = { open: 'status.open', pending: 'status.pending', resolved: 'status.resolved' } as const;

/** Who, status, assignee (assign / transfer), "waiting on visitor", resolve / reopen. */
export function ConversationHeader({ conversation: c }: { conversation: Conversation }) {
  const [busy, setBusy] = useState(false);
  const name = visitorLabel(c);
  const resolved = c.status === 'resolved';

  async function setStatus(status: ConversationStatus) {
    setBusy(true);
    await setConversationStatus(c.id, status);
    setBusy(false);
  }

  return (
    <>
      <div class="conv-header">
        <Link href={inboxHref} class="icon-btn back-btn" aria-label={t('conversation.back')}>
          <span aria-hidden="true">←</span>
        </Link>
        <Avatar name={name} seed={c.visitorId} size="lg" />
        <div class="conv-header-title">
          <h2>{name}</h2>
          <span class={`pill pill-${c.status}`}>{t(STATUS_LABEL[c.status])}</span>
        </div>
        <div class="conv-actions">
          <TranscriptButton conversation={c} />
          <label class="assign">
            <span class="sr-only">{t('conversation.assignee')}</span>
            <select
              aria-label={t('conversation.assignee')}
              value={c.assigneeId ?? ''}
              onChange={(e) => void assignConversation(c.id, e.currentTarget.value || null)}
            >
              <option value="">{t('conversation.unassigned')}</option>
              {/* Deactivated agents are not offered; the server refuses them too. */}
              {agentList.value
                .filter((a) => isActive(a) || a.id === c.assigneeId)
                .map((a) => (
                  <option key={a.id} value={a.id}>
                    {a.name}
                    {isOnline(a) ? ` · ${t('presence.online')}` : ` · ${t('presence.away')}`}
                  </option>
                ))}
            </select>
          </label>
          {c.status === 'open' && (
            <button type="button" class="btn" disabled={busy} onClick={() => void setStatus('pending')} title={t('conversation.pendingHint')}>
              {t('conversation.markPending')}
            </button>
          )}
          {c.status === 'pending' && (
            <button type="button" class="btn" disabled={busy} onClick={() => void setStatus('open')}>
              {t('conversation.markOpen')}
            </button>
          )}
          <button type="button" class={`btn ${resolved ? '' : 'btn-primary'}`} disabled={busy} onClick={() => void setStatus(resolved ? 'open' : 'resolved')}>
            {resolved ? t('conversation.reopen') : t('conversation.resolve')}
          </button>
        </div>
      </div>
      {/* The visitor's survey answer, on its own line so the header row keeps its room. */}
      <RatingSummary conversation={c} />
    </>
  );
}
