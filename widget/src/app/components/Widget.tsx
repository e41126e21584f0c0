import { DEFAULT_MAX_UPLOAD_BYTES, type Locale } from '@atendo/shared';
import { useEffect, useMemo, useRef } from 'preact/hooks';
import type { Chat } from '../chat';
import type { T } from '../i18n';
import { timeline } from '../store';
import { cycleFocus } from '../a11y';
import { withProactive } from './Proactive';
import { Composer } from './Composer';
import { CloseIcon } from './icons';
import { HelpButton, LazyHelp, useHelp } from './HelpEntry';
import { MessageList } from './MessageList';
import { ResolvedCard } from './ResolvedCard';
import { AwayBanner, IntakeView, useIntake } from './IntakeEntry';
import { BotEntry } from './BotEntry';
import { TeamAvatar } from './TeamAvatar';
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
  const items = useMemo(() => withProactive(timeline(snap.chat), snap.proactive), [snap.chat, snap.proactive]);
  const { open, config, connection } = snap;
  // Help articles: offered before the chat when the site has some.
  const help = useHelp(snap, locale, input, chat.resuming());
  // Pre-chat form / leave a message: stand in for the conversation until the visitor starts one.
  const intake = useIntake(snap, chat);

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
        cycleFocus(e, e.currentTarget);
      }}
    >
      <header class="header">
        <TeamAvatar team={team} url={config.status === 'ready' ? config.config.settings?.avatarUrl : undefined} />
        <div class="heading">
          <h2 class="team">{team}</h2>
          <p class="greeting">{greeting}</p>
        </div>
        {help.available && !help.showing && <HelpButton locale={locale} onClick={help.open} />}
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
      {help.showing ? (
        <LazyHelp origin={chat.origin} siteId={chat.siteId} locale={locale} open={open} onChat={help.close} article={help.article} />
      ) : intake.mode !== 'chat' ? (
        <IntakeView intake={intake} snap={snap} chat={chat} locale={locale} />
      ) : (
        <>
          {/* While the bot's buttons wait, "Talk to a person" comes first; the away notice follows the hand-over. */}
          {!snap.chat.conversations.some((c) => c.botState === 'answered' && c.status !== 'resolved') && (
            <AwayBanner intake={intake} snap={snap} locale={locale} />
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
            origin={chat.origin}
            renderBot={(m, plain) => <BotEntry chat={chat} snap={snap} message={m} locale={locale} onRead={help.read} fallback={plain} />}
            renderResolved={(id) => <ResolvedCard chat={chat} snap={snap} conversationId={id} locale={locale} team={team} />}
          />
          {snap.typing && (
            <div class="typing" role="status">
              {t('typing').replace('{name}', snap.typing.name || team)}
            </div>
          )}
          <Composer
            t={t}
            disabled={unavailable}
            inputRef={input}
            onSend={(text) => chat.send(text)}
            onTyping={() => chat.typing()}
            attach={{
              locale,
              origin: chat.origin,
              siteId: chat.siteId,
              maxBytes: (config.status === 'ready' && config.config.maxUploadBytes) || DEFAULT_MAX_UPLOAD_BYTES,
              token: () => chat.token(),
              send: (a) => chat.sendFile(a),
            }}
          />
        </>
      )}
    </div>
  );
}
