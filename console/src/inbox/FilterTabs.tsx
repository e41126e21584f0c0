import type { JSX } from 'preact';
import type { InboxScope } from '@atendo/shared';
import type { ListFilter } from '../api';
import { t, type MessageKey } from '../i18n';
import { listFilter, listScope } from '../state/conversations';
import { loadInbox, viewCounts } from '../state/inbox';

export const FILTERS: readonly ListFilter[] = ['open', 'pending', 'resolved', 'all'];
const LABELS: Record<ListFilter, MessageKey> = { open: 'inbox.tab.open', pending: 'inbox.tab.pending', resolved: 'inbox.tab.resolved', all: 'inbox.tab.all' };
export const SCOPES: readonly InboxScope[] = ['unassigned', 'mine', 'all'];
const SCOPE_LABELS: Record<InboxScope, MessageKey> = { unassigned: 'inbox.scope.unassigned', mine: 'inbox.scope.mine', all: 'inbox.scope.all' };

export const tabId = (f: ListFilter) => `inbox-tab-${f}`;
export const PANEL_ID = 'inbox-panel';

/** Unread conversations of a view (status "all" sums the three). */
function unreadOf(scope: InboxScope, status: ListFilter): number {
  const c = viewCounts.value?.[scope];
  if (!c) return 0;
  return status === 'all' ? c.open + c.pending + c.resolved : c[status];
}

function arrows<T>(list: readonly T[], current: T, go: (next: T) => void, id: (x: T) => string) {
  return (e: JSX.TargetedKeyboardEvent<HTMLDivElement>) => {
    const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    if (!step) return;
    e.preventDefault();
    const next = list[(list.indexOf(current) + step + list.length) % list.length] ?? current;
    go(next);
    document.getElementById(id(next))?.focus();
  };
}

/** Unassigned / Mine / All, each with its unread count. */
export function ScopeTabs() {
  const current = listScope.value;
  const status = listFilter.value;
  const go = (s: InboxScope) => void loadInbox(listFilter.value, false, { scope: s });
  return (
    <div class="scope-tabs" role="tablist" aria-label={t('inbox.scope')} onKeyDown={arrows(SCOPES, current, go, (s) => `inbox-scope-${s}`)}>
      {SCOPES.map((s) => {
        const n = unreadOf(s, status);
        return (
          <button
            key={s}
            type="button"
            role="tab"
            id={`inbox-scope-${s}`}
            aria-selected={s === current}
            aria-controls={PANEL_ID}
            tabIndex={s === current ? 0 : -1}
            onClick={() => s !== current && go(s)}
          >
            <span class="tab-label">{t(SCOPE_LABELS[s])}</span>
            {n > 0 && (
              <span class="badge badge-count" aria-label={t('inbox.unread', { count: n })}>
                {n > 99 ? '99+' : n}
              </span>
            )}
          </button>
        );
      })}
    </div>
  );
}

/** Open / Pending / Resolved / All as a tab list (arrow keys move between tabs). */
export function FilterTabs() {
  const current = listFilter.value;
  const scope = listScope.value;
  const go = (f: ListFilter) => void loadInbox(f);
  return (
    <div class="segmented" role="tablist" aria-label={t('inbox.filter')} onKeyDown={arrows(FILTERS, current, go, tabId)}>
      {FILTERS.map((f) => {
        const n = f === 'all' ? 0 : unreadOf(scope, f);
        return (
          <button
            key={f}
            type="button"
            role="tab"
            id={tabId(f)}
            aria-selected={f === current}
            aria-controls={PANEL_ID}
            tabIndex={f === current ? 0 : -1}
            onClick={() => f !== current && go(f)}
          >
            {t(LABELS[f])}
            {n > 0 && <span class="dot" aria-hidden="true" title={t('inbox.unread', { count: n })} />}
          </button>
        );
      })}
    </div>
  );
}
