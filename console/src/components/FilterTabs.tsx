import type { JSX } from 'preact';
import type { ListFilter } from '../api';
import { t, type MessageKey } from '../i18n';
import { listFilter } from '../state/conversations';
import { loadInbox } from '../state/inbox';

export const FILTERS: readonly ListFilter[] = ['open', 'resolved', 'all'];
const LABELS: Record<ListFilter, MessageKey> = { open: 'inbox.tab.open', resolved: 'inbox.tab.resolved', all: 'inbox.tab.all' };

export const tabId = (f: ListFilter) => `inbox-tab-${f}`;
export const PANEL_ID = 'inbox-panel';

/** Open / Resolved / All as a tab list (arrow keys move between tabs). */
export function FilterTabs() {
  const current = listFilter.value;

  function onKeyDown(e: JSX.TargetedKeyboardEvent<HTMLDivElement>) {
    const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    if (!step) return;
    e.preventDefault();
    const next = FILTERS[(FILTERS.indexOf(current) + step + FILTERS.length) % FILTERS.length] ?? 'open';
    void loadInbox(next);
    document.getElementById(tabId(next))?.focus();
  }

  return (
    <div class="segmented" role="tablist" aria-label={t('inbox.filter')} onKeyDown={onKeyDown}>
      {FILTERS.map((f) => (
        <button
          key={f}
          type="button"
          role="tab"
          id={tabId(f)}
          aria-selected={f === current}
          aria-controls={PANEL_ID}
          tabIndex={f === current ? 0 : -1}
          onClick={() => f !== current && void loadInbox(f)}
        >
          {t(LABELS[f])}
        </button>
      ))}
    </div>
  );
}
