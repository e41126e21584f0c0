/**
 * In the details pane: whether an agent's reply reaches the visitor by e-mail (e-mail on and an
 * address; no address; e-mail off on this server) and, per e-mail of the conversation, its state.
 * Loaded when the conversation is shown and again when it changes (a new message: `lastSeq`), and
 * every 15 s while it stays open, so a queued e-mail turns sent (or failed) by itself.
 */
import { useEffect, useState } from 'preact/hooks';
import type { ConversationEmail, ConversationEmailsResponse } from '@atendo/shared';
import { api } from '../api';
import { formatDuration, fullDateTime } from '../format';
import { locale, t } from '../i18n';

/** How often the list is asked for again while the pane is open. */
export const EMAIL_POLL_MS = 15_000;

export function EmailStatus({ conversationId, lastSeq, email }: { conversationId: string; lastSeq: number; email: string | null }) {
  const [answer, setAnswer] = useState<{ id: string; data: ConversationEmailsResponse } | null>(null);
  useEffect(() => {
    let live = true;
    const load = () =>
      api.conversationEmails(conversationId).then(
        (data) => live && setAnswer({ id: conversationId, data }),
        // Not shown on failure: the next poll tries again (the last answer stays).
        () => {},
      );
    void load();
    const timer = setInterval(() => void load(), EMAIL_POLL_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [conversationId, lastSeq]);

  const data = answer?.id === conversationId ? answer.data : null;
  if (!data) return null;
  const loc = locale.value;
  const line = !data.enabled
    ? t('email.off')
    : email
      ? t('email.on', { email, delay: formatDuration(data.delaySeconds * 1000, loc, 'long') })
      : t('email.noAddress');
  return (
    <section aria-labelledby="email-title" class="email-status">
      <h3 id="email-title">{t('email.title')}</h3>
      <p class={`email-line${data.enabled && email ? '' : ' muted'}`} data-testid="email-line">
        {line}
      </p>
      {data.emails.length > 0 && (
        <ul class="email-list" aria-label={t('email.list')}>
          {[...data.emails].reverse().map((e) => (
            <EmailItem key={e.id} mail={e} />
          ))}
        </ul>
      )}
    </section>
  );
}

function EmailItem({ mail: e }: { mail: ConversationEmail }) {
  const loc = locale.value;
  const state =
    e.state === 'sent'
      ? t('email.sent', { time: fullDateTime(e.sentAt ?? e.createdAt, loc) })
      : e.state === 'failed'
        ? e.lastError
          ? t('email.failed', { reason: e.lastError })
          : t('email.failedNoReason')
        : e.state === 'sending'
          ? t('email.sending')
          : t('email.queued', { time: fullDateTime(e.nextAttemptAt ?? e.createdAt, loc) });
  return (
    <li class={`email-item is-${e.state}`}>
      <span class="email-subject">{e.subject}</span>
      <span class="email-state">{state}</span>
      {(e.state === 'queued' || e.state === 'sending') && e.lastError && <span class="muted email-error">{t('email.lastError', { reason: e.lastError })}</span>}
    </li>
  );
}
