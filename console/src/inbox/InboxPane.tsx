import { t, type MessageKey } from '../i18n';
import { conversationsById, listError, listFilter, listScope, listSite, listState, loadingMore, nextCursor, visibleIds } from '../state/conversations';
import { loadInbox, loadMore } from '../state/inbox';
import { sites } from '../state/sites';
import { ConversationRow } from './ConversationRow';
import { FilterTabs, PANEL_ID, ScopeTabs, tabId } from './FilterTabs';

const EMPTY: Record<string, MessageKey> = {
  open: 'inbox.empty.open',
  pending: 'inbox.empty.pending',
  resolved: 'inbox.empty.resolved',
  all: 'inbox.empty.all',
};

/** The left column: views (scope × status × site) and the conversation list, newest activity first. */
export function InboxPane({ selectedId }: { selectedId: string | null }) {
  const ids = visibleIds.value;
  const byId = conversationsById.value;
  const state = listState.value;
  const filter = listFilter.value;
  const siteList = sites.value;
  return (
    <section class="inbox" aria-labelledby="inbox-title">
      <div class="inbox-head">
        <div class="inbox-title-row">
          <h1 id="inbox-title">{t('inbox.title')}</h1>
          {siteList.length > 1 && (
            <select
              class="site-select"
              aria-label={t('inbox.site')}
              value={listSite.value ?? ''}
              onChange={(e) => void loadInbox(listFilter.value, false, { site: e.currentTarget.value || null })}
            >
              <option value="">{t('inbox.allSites')}</option>
              {siteList.map((s) => (
                <option key={s.siteId} value={s.siteId}>
                  {s.name}
                </option>
              ))}
            </select>
          )}
        </div>
        <ScopeTabs />
        <FilterTabs />
      </div>
      <div class="inbox-scroll" role="tabpanel" id={PANEL_ID} aria-labelledby={`${tabId(filter)} inbox-scope-${listScope.value}`}>
        {state === 'loading' && ids.length === 0 && <ListSkeleton />}
        {state === 'error' && (
          <div class="inline-error" role="alert">
            <p>{listError.value}</p>
            <button type="button" class="btn btn-small" onClick={() => void loadInbox()}>
              {t('common.retry')}
            </button>
          </div>
        )}
        {state === 'ready' && ids.length === 0 && <p class="list-empty">{t(EMPTY[filter] ?? 'inbox.empty.all')}</p>}
        {ids.length > 0 && (
          <ul class="conv-list" aria-label={t('inbox.title')}>
            {ids.map((id) => {
              const c = byId[id];
              return c ? <ConversationRow key={id} conversation={c} selected={id === selectedId} /> : null;
            })}
          </ul>
        )}
        {nextCursor.value && state === 'ready' && (
          <button type="button" class="btn btn-block btn-quiet load-more" disabled={loadingMore.value} onClick={() => void loadMore()}>
            {loadingMore.value ? t('common.loading') : t('inbox.loadMore')}
          </button>
        )}
      </div>
    </section>
  );
}

function ListSkeleton() {
  return (
    <div class="skeleton-list" role="status">
      <span class="sr-only">{t('common.loading')}</span>
      {[0, 1, 2, 3, 4].map((i) => (
        <div key={i} class="skeleton-row" aria-hidden="true">
          <span class="skeleton-avatar" />
          <span class="skeleton-lines">
            <span />
            <span />
          </span>
        </div>
      ))}
    </div>
  );
}
