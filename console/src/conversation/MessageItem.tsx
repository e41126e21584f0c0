import type { Message, Note } from '@atendo/shared';
import { clockTime, fullDateTime, isoTime } from '../format';
import { locale, t } from '../i18n';
import { discardMessage, retryMessage } from '../state/chat';
import { connection } from '../state/live';
import type { PendingMessage } from '../state/threads';
import { RichText } from '../ui/RichText';
import { AttachmentView } from './Attachments';

/** A committed message. */
export function MessageItem({ message: m, visitorName, seen }: { message: Message; visitorName: string; seen?: boolean }) {
  const loc = locale.value;
  const who =
    m.author === 'agent'
      ? (m.authorName ?? t('message.agent'))
      : m.author === 'system'
        ? t('message.system')
        : m.author === 'bot'
          ? t('message.bot')
          : visitorName;
  return (
    <div class={`msg msg-${m.author}`}>
      {m.author === 'agent' ? (
        <div class="msg-author">{who}</div>
      ) : m.author === 'bot' ? (
        <div class="msg-author">
          <span class="bot-tag">{t('message.botBadge')}</span> {who}
        </div>
      ) : (
        <span class="sr-only">{who}: </span>
      )}
      <div class="bubble">
        {m.attachment && <AttachmentView a={m.attachment} />}
        {/* A file sent without words has its name as the body: shown once, in the file itself. */}
        {(!m.attachment || m.body !== m.attachment.name) && <RichText text={m.body} />}
      </div>
      {m.bot && m.bot.articles.length > 0 && (
        <ul class="bot-articles" aria-label={t('message.botArticles')}>
          {m.bot.articles.map((a) => (
            <li key={a.id} class="bot-article">
              <span class="bot-article-title">{a.title}</span>
              {a.excerpt && <span class="bot-article-excerpt">{a.excerpt}</span>}
            </li>
          ))}
        </ul>
      )}
      <div class="msg-meta">
        <time dateTime={isoTime(m.createdAt)} title={fullDateTime(m.createdAt, loc)}>
          {clockTime(m.createdAt, loc)}
        </time>
        {m.via === 'email' && <span class="msg-via"> · {t('message.viaEmail')}</span>}
        {seen && <span class="msg-seen"> · {t('message.seen')}</span>}
      </div>
    </div>
  );
}

/** One of our messages the server has not acked yet, or refused. */
export function PendingItem({ pending: p, agentName }: { pending: PendingMessage; agentName: string }) {
  const failed = p.state === 'failed';
  const online = connection.value.status === 'online';
  return (
    <div class={`msg msg-agent msg-pending${failed ? ' msg-failed' : ''}`} aria-busy={failed ? undefined : 'true'}>
      <div class="msg-author">{agentName}</div>
      <div class="bubble">
        {p.attachment && <AttachmentView a={p.attachment} />}
        {(!p.attachment || p.body !== p.attachment.name) && <RichText text={p.body} />}
      </div>
      <div class="msg-meta">
        {failed ? (
          <>
            <span class="msg-error">{t('message.failed', { reason: p.error ?? '' })}</span>
            <button type="button" class="link-btn" onClick={() => retryMessage(p.conversationId, p.clientId)}>
              {t('message.retry')}
            </button>
            <button type="button" class="link-btn" onClick={() => discardMessage(p.conversationId, p.clientId)}>
              {t('message.discard')}
            </button>
          </>
        ) : (
          <span class="msg-status">{online ? t('message.sending') : t('message.queued')}</span>
        )}
      </div>
    </div>
  );
}

/** An internal note: agents only, visibly different from messages (the visitor never receives it). */
export function NoteItem({ note: n }: { note: Note }) {
  const loc = locale.value;
  // A note of no agent is the answer bot's (the articles it offered before a hand-over).
  const name = n.authorName ?? (n.agentId === null ? t('message.bot') : t('message.agent'));
  return (
    <div class="msg msg-note" role="note" aria-label={t('note.label', { name })}>
      <div class="msg-author">
        <span class="note-tag">{t('note.tag')}</span> {name}
      </div>
      <div class="bubble">
        <RichText text={n.body} />
      </div>
      <div class="msg-meta">
        <time dateTime={isoTime(n.createdAt)} title={fullDateTime(n.createdAt, loc)}>
          {clockTime(n.createdAt, loc)}
        </time>
      </div>
    </div>
  );
}
