import { useEffect, useState } from 'preact/hooks';
import type { Agent } from '@atendo/shared';
import { t } from '../i18n';
import { askNotifications, attentionCount, notifyPermission, setSound, soundOn } from '../state/alerts';
import { accountHref, inboxHref, installHref, navigate, reportsHref, route, searchHref, visitorsHref } from '../state/route';
import { signOut } from '../state/session';
import { me, setMyStatus } from '../state/team';
import { liveList } from '../state/visitors';
import { showShortcuts } from '../state/keyboard';
import { Avatar, Logo } from '../ui/Avatar';
import { LanguageSelect } from './LanguageSelect';
import { Link } from '../ui/Link';

function BellIcon({ off }: { off: boolean }) {
  return (
    <svg
      width="18"
      height="18"
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      stroke-width="2"
      stroke-linecap="round"
      stroke-linejoin="round"
      aria-hidden="true"
    >
      <path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
      <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
      {off && <path d="M3 3l18 18" />}
    </svg>
  );
}

export function TopBar({ agent }: { agent: Agent }) {
  const r = route.value;
  const page = r.page;
  const unread = attentionCount.value;
  const live = liveList.value.length;
  const status = me.value?.status ?? 'away';
  const [q, setQ] = useState(r.page === 'search' ? r.q : '');
  // Back/forward or a search link: the box shows what the results are for.
  const routeQ = r.page === 'search' ? r.q : null;
  useEffect(() => {
    if (routeQ !== null) setQ(routeQ);
  }, [routeQ]);
  return (
    <header class="topbar">
      <div class="brand">
        <Logo />
        <span>{t('app.name')}</span>
      </div>
      <nav class="topnav" aria-label={t('nav.main')}>
        <Link href={inboxHref} aria-current={page === 'inbox' ? 'page' : undefined}>
          {t('nav.inbox')}
          {unread > 0 && (
            <span class="badge badge-quiet" aria-hidden="true">
              {unread}
            </span>
          )}
        </Link>
        <Link href={visitorsHref} aria-current={page === 'visitors' ? 'page' : undefined}>
          {t('nav.visitors')}
          {live > 0 && (
            <span class="badge badge-live" aria-hidden="true">
              {live}
            </span>
          )}
        </Link>
        <Link href={reportsHref} aria-current={page === 'reports' ? 'page' : undefined}>
          {t('nav.reports')}
        </Link>
        <Link href={installHref} aria-current={page === 'settings' ? 'page' : undefined}>
          {t('nav.settings')}
        </Link>
      </nav>
      <form
        class="search-form"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          if (q.trim()) navigate(searchHref(q.trim()));
        }}
      >
        <input
          id="global-search"
          type="search"
          aria-label={t('search.label')}
          placeholder={t('search.placeholder')}
          value={q}
          onInput={(e) => setQ(e.currentTarget.value)}
        />
      </form>
      <div class="topbar-end">
        <button
          type="button"
          class={`status-toggle status-${status}`}
          aria-pressed={status === 'online'}
          title={t('presence.toggleHint')}
          onClick={() => void setMyStatus(status === 'online' ? 'away' : 'online')}
        >
          <span class="presence-dot" aria-hidden="true" />
          {status === 'online' ? t('presence.online') : t('presence.away')}
        </button>
        {notifyPermission.value === 'default' && (
          <button type="button" class="icon-btn notify-ask" aria-label={t('alert.enable')} title={t('alert.enable')} onClick={() => void askNotifications()}>
            <svg width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" aria-hidden="true">
              <rect x="3" y="4" width="18" height="13" rx="2" />
              <path d="M8 21h8M12 17v4" />
              <circle cx="19" cy="5" r="3" fill="#f04438" stroke="none" />
            </svg>
          </button>
        )}
        <button
          type="button"
          class="icon-btn"
          aria-pressed={soundOn.value}
          aria-label={soundOn.value ? t('alert.soundOff') : t('alert.soundOn')}
          title={soundOn.value ? t('alert.soundOff') : t('alert.soundOn')}
          onClick={() => setSound(!soundOn.value)}
        >
          <BellIcon off={!soundOn.value} />
        </button>
        <button type="button" class="icon-btn keys-btn" aria-label={t('keys.title')} title={t('keys.title')} onClick={() => (showShortcuts.value = true)}>
          <span aria-hidden="true">?</span>
        </button>
        <LanguageSelect />
        {/* Your account: password and "log out everywhere" are one click from your name. */}
        <Link
          href={accountHref}
          class="me"
          title={`${t('topbar.signedInAs', { name: agent.name })} · ${t('settings.account')}`}
          aria-label={`${agent.name} · ${t('settings.account')}`}
        >
          <Avatar name={agent.name} seed={agent.id} size="sm" />
          <span class="me-name">{agent.name}</span>
        </Link>
        <button type="button" class="btn btn-ghost" onClick={() => void signOut()}>
          {t('topbar.logout')}
        </button>
      </div>
    </header>
  );
}
