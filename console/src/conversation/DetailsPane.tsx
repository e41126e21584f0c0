import { useState } from 'preact/hooks';
import type { Conversation } from '@atendo/shared';
import { describeUserAgent, fullDateTime, languageName, localTimeIn, mailtoHref, relativeTime, visitorLabel } from '../format';
import { locale, t } from '../i18n';
import { now } from '../state/clock';
import { conversationsById } from '../state/conversations';
import { setTags } from '../state/inbox';
import { conversationHref } from '../state/route';
import { profiles } from '../state/visitors';
import { session } from '../state/session';
import { Link } from '../ui/Link';
import { PageLink } from '../ui/PageLink';
import { EmailStatus } from './EmailStatus';
import { VisitorPrivacy } from './VisitorPrivacy';

const STATUS = { open: 'status.open', pending: 'status.pending', resolved: 'status.resolved' } as const;

/** The visitor sidebar: who they are, where they are right now (live), their session and history, tags. */
export function DetailsPane({ id }: { id: string }) {
  const c = conversationsById.value[id];
  if (!c) return null;
  const p = profiles.value[c.visitorId];
  const loc = locale.value;
  const device = describeUserAgent(p?.userAgent ?? null);
  const local = localTimeIn(p?.timezone ?? null, now.value, loc);
  const previous = (p?.conversations ?? []).filter((x) => x.id !== c.id);
  // Without a name the label is the e-mail: not shown twice (the name is then the link).
  const name = p?.name ?? visitorLabel(c);
  const email = p?.email ?? null;
  return (
    <aside class="details" aria-labelledby="details-title">
      <h2 id="details-title">{t('details.title')}</h2>
      <div class="visitor-card">
        <p class="visitor-name">
          {email === name ? <EmailAddress email={email} /> : name}
          {p?.verified && (
            <span class="pill pill-verified" title={t('details.verifiedHint')}>
              {t('details.verified')}
            </span>
          )}
        </p>
        {email && email !== name && (
          <p class="muted visitor-email">
            <EmailAddress email={email} />
          </p>
        )}
        <p class={`presence-line${p?.online ? ' is-online' : ''}`}>
          <span class="presence-dot" aria-hidden="true" />
          {p?.online ? t('details.onSiteNow') : p ? t('details.lastSeen', { time: relativeTime(p.lastSeenAt, now.value, loc) }) : ''}
        </p>
      </div>

      <section aria-labelledby="current-page-title">
        <h3 id="current-page-title">{t('details.currentPage')}</h3>
        {p?.currentPage ? (
          <p class="page-line">
            <PageLink page={p.currentPage} testId="current-page" />
          </p>
        ) : (
          <p class="muted">{t('details.unknown')}</p>
        )}
      </section>

      <dl>
        {p?.referrer && (
          <>
            <dt>{t('details.referrer')}</dt>
            <dd class="break">{p.referrer}</dd>
          </>
        )}
        <dt>{t('details.device')}</dt>
        <dd>{device ?? t('details.unknown')}</dd>
        <dt>{t('details.language')}</dt>
        <dd>{p?.locale ? languageName(p.locale, loc) : t('details.unknown')}</dd>
        <dt>{t('details.localTime')}</dt>
        <dd>{local ? `${local} (${p?.timezone})` : t('details.unknown')}</dd>
        <dt>{t('details.started')}</dt>
        <dd>{fullDateTime(c.createdAt, loc)}</dd>
        <dt>{t('details.messages')}</dt>
        <dd>{c.lastSeq}</dd>
      </dl>

      {p && Object.keys(p.attributes ?? {}).length > 0 && (
        <section aria-labelledby="attrs-title">
          <h3 id="attrs-title">{t('details.attributes')}</h3>
          <dl class="attrs">
            {Object.entries(p.attributes).map(([k, v]) => (
              <div key={k}>
                <dt>{k}</dt>
                <dd>{v}</dd>
              </div>
            ))}
          </dl>
        </section>
      )}

      <EmailStatus conversationId={c.id} lastSeq={c.lastSeq} email={email} />

      <TagEditor conversation={c} />

      {p && p.pages.length > 0 && (
        <section aria-labelledby="pages-title">
          <h3 id="pages-title">{t('details.pages', { count: p.pages.length })}</h3>
          <ol class="page-list" aria-labelledby="pages-title">
            {[...p.pages].reverse().map((pg, i) => (
              <li key={`${pg.at}-${i}`}>
                <PageLink page={pg} />
                <span class="muted">{relativeTime(pg.at, now.value, loc)}</span>
              </li>
            ))}
          </ol>
        </section>
      )}

      <section aria-labelledby="history-title">
        <h3 id="history-title">{t('details.previous')}</h3>
        {previous.length === 0 ? (
          <p class="muted">{t('details.noPrevious')}</p>
        ) : (
          <ul class="history-list">
            {previous.map((x) => (
              <li key={x.id}>
                <Link href={conversationHref(x.id)}>{x.lastMessagePreview ?? t('inbox.noMessages')}</Link>
                <span class="muted">
                  {t(STATUS[x.status])} · {relativeTime(x.lastActivityAt, now.value, loc)}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>

      {isAdmin() && <VisitorPrivacy visitorId={c.visitorId} />}
    </aside>
  );
}

/** A visitor's address: a `mailto:` link when it is a valid address, else plain text (Preact escapes both). */
function EmailAddress({ email }: { email: string }) {
  const href = mailtoHref(email);
  return href ? <a href={href}>{email}</a> : <>{email}</>;
}

/** Same rules as the server's TagsSchema (shared/src/console.ts). */
const TAG_CHARS = /^[\p{L}\p{N} _-]+$/u;
const MAX_TAGS = 20;

const isAdmin = () => session.value.status === 'authenticated' && session.value.agent.role === 'admin';

function TagEditor({ conversation: c }: { conversation: Conversation }) {
  const [draft, setDraft] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const tags = c.tags ?? [];
  function add(e: Event) {
    e.preventDefault();
    const name = draft.trim().toLowerCase();
    if (!name || tags.includes(name)) return setDraft('');
    // The server's rules, said in the agent's language (and the draft kept to fix).
    if (!TAG_CHARS.test(name)) return setProblem(t('tags.invalid'));
    if (tags.length >= MAX_TAGS) return setProblem(t('tags.tooMany', { n: MAX_TAGS }));
    setProblem(null);
    void setTags(c.id, [...tags, name]);
    setDraft('');
  }
  return (
    <section aria-labelledby="tags-title">
      <h3 id="tags-title">{t('tags.title')}</h3>
      <ul class="tag-list" aria-label={t('tags.title')}>
        {tags.map((tag) => (
          <li key={tag} class="tag">
            {tag}
            <button
              type="button"
              class="tag-x"
              aria-label={t('tags.remove', { tag })}
              onClick={() =>
                void setTags(
                  c.id,
                  tags.filter((x) => x !== tag),
                )
              }
            >
              ×
            </button>
          </li>
        ))}
      </ul>
      <form class="tag-form" onSubmit={add}>
        <input
          aria-label={t('tags.add')}
          placeholder={t('tags.placeholder')}
          value={draft}
          maxLength={40}
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? 'tag-problem' : undefined}
          onInput={(e) => {
            setDraft(e.currentTarget.value);
            setProblem(null);
          }}
        />
        <button type="submit" class="btn btn-small">
          {t('tags.addButton')}
        </button>
      </form>
      {problem && (
        <p id="tag-problem" class="form-error tag-problem" role="alert">
          {problem}
        </p>
      )}
    </section>
  );
}
