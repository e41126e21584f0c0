import { useEffect } from 'preact/hooks';
import type { Agent } from '@atendo/shared';
import { t } from '../i18n';
import { closeConversation, openConversation } from '../state/chat';
import { conversationsById } from '../state/conversations';
import { inboxHref } from '../state/route';
import { emptyThread, threads } from '../state/threads';
import { Composer } from './Composer';
import { ConversationHeader } from './ConversationHeader';
import { Link } from '../ui/Link';
import { Transcript } from './Transcript';
import { visitorLabel } from '../format';
import { typers } from '../state/typing';
import type { Conversation } from '@atendo/shared';

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
      <TypingIndicator conversation={c} />
      {c.status === 'resolved' && <p class="resolved-note">{t('conversation.resolvedNote')}</p>}
      <Composer conversationId={id} />
    </div>
  );
}

/** "Maria is typing…" under the transcript; an empty live region otherwise, so it is announced. */
function TypingIndicator({ conversation: c }: { conversation: Conversation }) {
  const who = Object.values(typers.value[c.id] ?? {}).map((x) => (x.author === 'visitor' ? visitorLabel(c) : (x.name ?? t('message.agent'))));
  return (
    <div class="typing-line" aria-live="polite">
      {who.length > 0 && (
        <span>
          <span class="typing-dots" aria-hidden="true">
            <span />
            <span />
            <span />
          </span>
          {t('typing.one', { name: who.join(', ') })}
        </span>
      )}
    </div>
  );
}
