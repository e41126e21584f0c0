import { t } from '../i18n';
import { route } from '../state/route';
import { boot, session, signOut } from '../state/session';
import { TwoFactorSettings } from '../settings/TwoFactorSettings';
import { LoginFrame } from './Login';
import { SetPassword } from './SetPassword';
import { Logo } from '../ui/Avatar';
import { Login } from './Login';
import { Shell } from './Shell';

/** Login or the app, depending on the session; a password link's page whatever the session. */
export function App() {
  const s = session.value;
  const r = route.value;
  if (r.page === 'password') return <SetPassword token={r.token} />;
  if (s.status === 'loading') {
    return (
      <div class="splash" role="status">
        <Logo size={40} />
        <span>{t('app.loading')}</span>
      </div>
    );
  }
  if (s.status === 'unreachable') {
    return (
      <main class="splash">
        <Logo size={40} />
        <h1>{t('app.unreachable')}</h1>
        <p class="muted">{s.error}</p>
        <button type="button" class="btn btn-primary" onClick={() => void boot()}>
          {t('common.retry')}
        </button>
      </main>
    );
  }
  if (s.status === 'anonymous') return <Login notice={s.notice} />;
  if (s.status === 'setup') {
    return (
      <LoginFrame subtitle={t('access.setupRequiredHint')}>
        <TwoFactorSettings email={s.agent.email} onEnabled={() => void boot()} />
        <button type="button" class="link-btn login-aside" onClick={() => void signOut()}>
          {t('topbar.logout')}
        </button>
      </LoginFrame>
    );
  }
  return <Shell agent={s.agent} />;
}
