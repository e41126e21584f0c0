/**
 * The answer bot's message (lazy chunk): its lead text, the article cards (a click opens the
 * article in the help view), and "That answered it" / "Talk to a person" while the bot waits for
 * the visitor. Every text is a text node (titles and passages come from the site's articles).
 */
import type { Locale, Message } from '@atendo/shared';
import { useEffect, useLayoutEffect, useRef } from 'preact/hooks';
import type { Chat, Snapshot } from '../chat';
import { formatTime } from '../format';
import { adoptOnce } from '../sheet';
import css from './bot.css?inline';
import { botT } from './i18n';
import { botView } from './logic';

export interface BotMessageProps {
  message: Message;
  locale: Locale;
  /** The buttons show: the bot waits for the visitor (store.ts `botWaiting`) and no answer is on its way. */
  waiting: boolean;
  /** The visitor's answer from this page was refused or went unanswered: the buttons say so. */
  failed: boolean;
  /** How this answer ended (its conversation's newest bot message only): resolved by it, or handed over to a person. */
  outcome: 'resolved' | 'handed_over' | null;
  onReply(answer: 'answered' | 'person'): void;
  /** Open an article in the help view. */
  onRead(articleId: string): void;
}

function BotIcon() {
  return (
    <svg viewBox="0 0 24 24" width="16" height="16" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" aria-hidden="true">
      <rect x="4" y="8" width="16" height="11" rx="3" />
      <path d="M12 4v4M9 13h.01M15 13h.01" />
    </svg>
  );
}

export function BotMessage({ message: m, locale, waiting, failed, outcome, onReply, onRead }: BotMessageProps) {
  const t = botT(locale);
  const box = useRef<HTMLDivElement>(null);
  const status = useRef<HTMLParagraphElement>(null);
  /** A button here was clicked: when the buttons go, the focus moves to the line that replaces them. */
  const clicked = useRef(false);
  useLayoutEffect(() => {
    if (box.current) adoptOnce(box.current, css);
  }, []);
  const done = !waiting && outcome !== null;
  useEffect(() => {
    if (!done || !clicked.current) return;
    clicked.current = false;
    status.current?.focus();
  }, [done]);
  const answer = (a: 'answered' | 'person') => {
    clicked.current = true;
    onReply(a);
  };
  const articles = m.bot?.articles ?? [];
  return (
    <div ref={box} class="row agent bot first last">
      <span class="avatar bot-avatar" aria-hidden="true">
        <BotIcon />
      </span>
      <div class="stack bot-stack">
        <div class="name" aria-hidden="true">
          {t('name')}
        </div>
        <p class="bubble" dir="auto">
          <span class="sr">{t('name')}: </span>
          {m.body}
        </p>
        {articles.length > 0 && (
          <ul class="bot-cards" aria-label={t('articles')}>
            {articles.map((a) => (
              <li key={a.id}>
                <button type="button" class="bot-card" onClick={() => onRead(a.id)}>
                  <span class="bot-card-title" dir="auto">
                    {a.title}
                  </span>
                  {a.excerpt && (
                    <span class="bot-card-excerpt" dir="auto">
                      {a.excerpt}
                    </span>
                  )}
                  <span class="bot-card-more">
                    {t('read')}
                    <span aria-hidden="true"> →</span>
                  </span>
                </button>
              </li>
            ))}
          </ul>
        )}
        {waiting && (
          <div class="bot-actions" role="group" aria-label={t('question')}>
            <button type="button" class="bot-yes" onClick={() => answer('answered')}>
              {t('answered')}
            </button>
            <button type="button" class="bot-person" onClick={() => answer('person')}>
              {t('person')}
            </button>
          </div>
        )}
        {waiting && failed && (
          <p class="meta error" role="alert">
            {t('failed')}
          </p>
        )}
        {done && (
          <p ref={status} class="bot-done" role="status" tabIndex={-1}>
            {outcome === 'resolved' ? t('glad') : t('handedOver')}
          </p>
        )}
        <div class="meta">
          <time dateTime={new Date(m.createdAt).toISOString()}>{formatTime(m.createdAt, locale)}</time>
        </div>
      </div>
    </div>
  );
}

/** What the panel hands the chunk for one bot message. */
export interface BotCardProps {
  chat: Pick<Chat, 'botReply'>;
  snap: Snapshot;
  message: Message;
  locale: Locale;
  /** Open an article in the help view. */
  onRead(articleId: string): void;
}

/** One bot message, with what it shows decided from the snapshot (`logic.ts`). */
export function BotCard({ chat, snap, message, locale, onRead }: BotCardProps) {
  return <BotMessage message={message} locale={locale} {...botView(snap, message)} onReply={(a) => chat.botReply(message.conversationId, a)} onRead={onRead} />;
}
