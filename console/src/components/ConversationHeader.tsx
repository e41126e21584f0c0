import { useState } from 'preact/hooks';
import type { Conversation } from '@atendo/shared';
import { visitorLabel } from '../format';
import { t } from '../i18n';
import { setConversationStatus } from '../state/inbox';
import { inboxHref } from '../state/route';
import { Avatar } from './Avatar';
import { Link } from './Link';

export function ConversationHeader({ conversation: c }: { conversation: Conversation }) {
  const [busy, setBusy] = useState(false);
  const name = visitorLabel(c);
  const resolved = c.status === 'resolved';

  async function toggle() {
    setBusy(true);
    await setConversationStatus(c.id, resolved ? 'open' : 'resolved');
    setBusy(false);
  }

  return (
    <div class="conv-header">
      <Link href={inboxHref} class="icon-btn back-btn" aria-label={t('conversation.back')}>
        <span aria-hidden="true">←</span>
      </Link>
      <Avatar name={name} seed={c.visitorId} size="lg" />
      <div class="conv-header-title">
        <h2>{name}</h2>
        <span class={`pill pill-${c.status}`}>{resolved ? t('status.resolved') : t('status.open')}</span>
      </div>
      <button type="button" class={`btn ${resolved ? '' : 'btn-primary'}`} disabled={busy} onClick={() => void toggle()}>
        {resolved ? t('conversation.reopen') : t('conversation.resolve')}
      </button>
    </div>
  );
}
