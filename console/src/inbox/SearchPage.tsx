import { useEffect } from 'preact/hooks';
import { relativeTime, visitorLabel } from '../format';
import { locale, t } from '../i18n';
import { now } from '../state/clock';
import { receiveConversation } from '../state/inbox';
import { conversationHref } from '../state/route';
import { runSearch, searchError, searchHits, searchState } from '../state/search';
import { Avatar } from '../ui/Avatar';
import { Link } from '../ui/Link';

const STATUS = { open: 'status.open', pending: 'status.pending', resolved: 'status.resolved' } as const;

/** Results of a full-text search: one row per conversation, resolved ones included. */
export function SearchPage({ q }: { q: string }) {
  useEffect(() => {
    void runSearch(q);
  }, [q]);
  const hits = searchHits.value;
  const state = searchState.value;
  const loc = locale.value;
  return (
    <main class="page search-page" aria-labelledby="search-title">
      <div class="page-head">
        <h1 id="search-title">{t('search.resultsFor', { q })}</h1>
      </div>
      {state === 'loading' && hits.length === 0 && <p role="status">{t('common.loading')}</p>}
      {state === 'error' && <p role="alert">{searchError.value}</p>}
      {state === 'ready' && hits.length === 0 && <p class="list-empty">{t('search.none')}</p>}
      {hits.length > 0 && (
        <ul class="search-list" aria-label={t('search.results')}>
          {hits.map((h) => {
            const name = visitorLabel(h.conversation);
            return (
              <li key={h.conversation.id} class="search-hit">
                <Link href={conversationHref(h.conversation.id)} onClick={() => receiveConversation(h.conversation)}>
                  <Avatar name={name} seed={h.conversation.visitorId} size="sm" />
                  <span class="hit-main">
                    <span class="hit-top">
                      <strong>{name}</strong>
                      <span class={`pill pill-${h.conversation.status}`}>{t(STATUS[h.conversation.status])}</span>
                      <span class="muted">{relativeTime(h.conversation.lastActivityAt, now.value, loc)}</span>
                    </span>
                    <span class="hit-excerpt">
                      {h.match === 'visitor' ? `${t('search.visitorMatch')}: ` : ''}
                      {h.excerpt}
                    </span>
                  </span>
                </Link>
              </li>
            );
          })}
        </ul>
      )}
    </main>
  );
}
