import { useEffect } from 'preact/hooks';
import type { Agent } from '@atendo/shared';
import { t } from '../i18n';
import { closeConversation, openConversation } from '../state/chat';
import { conversationsById } from '../state/conversations';
import { inboxHref } from '../state/route';
import { emptyThread, threads } from '../state/threads';
import { Composer } from './Composer';
import { ConversationHeader } from './ConversationHeader';
import { Link } from './Link';
import { Transcript } from './Transcript';

/** The middle pane: header, transcript and composer of one conversation. */
export function ConversationView({ id, agent }: { id: string; agent: Agent }) {
  useEffect(() => {
    void openConversation(id);
    return () => closeConversation();
  }, [id]);

  const c = conversationsById.value[id];
  const thread = threads.value[id] ?? emptyThread;

  if (!c) {
    return (
      <div class="empty-state">
        {thread.state === 'error' ? (
          <>
            <p role="alert">{thread.error ?? t('conversation.notFound')}</p>
            <Link href={inboxHref} class="btn">
              {t('conversation.back')}
            </Link>
          </>
        ) : (
          <p role="status">{t('common.loading')}</p>
        )}
      </div>
    );
  }

  return (
    <div class="conversation">
      <ConversationHeader conversation={c} />
      <Transcript conversation={c} thread={thread} agent={agent} />
      {c.status === 'resolved' && <p class="resolved-note">{t('conversation.resolvedNote')}</p>}
      <Composer conversationId={id} />
    </div>
  );
}
