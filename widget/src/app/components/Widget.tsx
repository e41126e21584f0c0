import type { Locale } from '@atendo/shared';
import { useEffect, useMemo, useRef } from 'preact/hooks';
import type { Chat } from '../chat';
import type { T } from '../i18n';
import { timeline } from '../store';
import { Composer } from './Composer';
import { CloseIcon } from './icons';
import { MessageList } from './MessageList';
import { useSnapshot } from './useSnapshot';

interface Props {
  chat: Chat;
  t: T;
  locale: Locale;
  /** Close the panel (the caller returns focus to the launcher). */
  onClose(): void;
}

/** The chat panel: header, connection state, messages, composer. */
export function Widget({ chat, t, locale, onClose }: Props) {
  const snap = useSnapshot(chat);
  const input = useRef<HTMLTextAreaElement>(null);
  const items = useMemo(() => timeline(snap.chat), [snap.chat]);
  const { open, config, connection } = snap;

  const team = config.status === 'ready' && config.config.teamName.trim() ? config.config.teamName : t('title');
  const greeting = config.status === 'ready' && config.config.greeting.trim() ? config.config.greeting : t('greeting');
  const unavailable = config.status === 'unavailable' || connection === 'failed';

  useEffect(() => {
    if (open) input.current?.focus();
  }, [open]);

  return (
    <div
      class={open ? 'panel open' : 'panel'}
      role="dialog"
      aria-label={t('dialog', { team })}
      aria-hidden={open ? undefined : 'true'}
      inert={!open}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          onClose();
        }
      }}
    >
      <header class="header">
        <span class="team-avatar" aria-hidden="true">
          {team.trim().charAt(0).toUpperCase()}
        </span>
        <div class="heading">
          <h2 class="team">{team}</h2>
          <p class="greeting">{greeting}</p>
        </div>
        <button type="button" class="close" aria-label={t('close')} title={t('close')} onClick={onClose}>
          <CloseIcon />
        </button>
      </header>
      {unavailable ? (
        <div class="banner error" role="alert">
          {t('unavailable')}
        </div>
      ) : (
        connection === 'reconnecting' && (
          <div class="banner" role="status">
            <span class="dot" aria-hidden="true" />
            {t('reconnecting')}
          </div>
        )
      )}
      <MessageList
        items={items}
        open={open}
        t={t}
        locale={locale}
        team={team}
        onRetry={(id) => chat.retry(id)}
        onDiscard={(id) => chat.discard(id)}
        agentRead={snap.agentRead}
      />
      {snap.typing && (
        <div class="typing" role="status">
          {t('typing').replace('{name}', snap.typing.name || team)}
        </div>
      )}
      <Composer t={t} disabled={unavailable} inputRef={input} onSend={(text) => chat.send(text)} onTyping={() => chat.typing()} />
    </div>
  );
}
