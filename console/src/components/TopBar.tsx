import type { Agent } from '@atendo/shared';
import { t } from '../i18n';
import { unreadTotal } from '../state/conversations';
import { inboxHref, installHref, route } from '../state/route';
import { signOut } from '../state/session';
import { Avatar, Logo } from './Avatar';
import { LanguageSelect } from './LanguageSelect';
import { Link } from './Link';

export function TopBar({ agent }: { agent: Agent }) {
  const page = route.value.page;
  const unread = unreadTotal.value;
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
        <Link href={installHref} aria-current={page === 'settings' ? 'page' : undefined}>
          {t('nav.settings')}
        </Link>
      </nav>
      <div class="topbar-end">
        <LanguageSelect />
        <span class="me" title={t('topbar.signedInAs', { name: agent.name })}>
          <Avatar name={agent.name} seed={agent.id} size="sm" />
          <span class="me-name">{agent.name}</span>
        </span>
        <button type="button" class="btn btn-ghost" onClick={() => void signOut()}>
          {t('topbar.logout')}
        </button>
      </div>
    </header>
  );
}
