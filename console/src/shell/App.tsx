import { t } from '../i18n';
import { boot, session } from '../state/session';
import { Logo } from '../ui/Avatar';
import { Login } from './Login';
import { Shell } from './Shell';

/** Login or the app, depending on the session. */
export function App() {
  const s = session.value;
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
  return <Shell agent={s.agent} />;
}
