import { useState } from 'preact/hooks';
import type { JSX } from 'preact';
import { t } from '../i18n';
import { signIn } from '../state/session';
import { Logo } from '../ui/Avatar';
import { LanguageSelect } from './LanguageSelect';

export function Login({ notice }: { notice: string | null }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: JSX.TargetedSubmitEvent<HTMLFormElement>) {
    e.preventDefault();
    if (busy) return;
    if (!email.trim() || !password) {
      setError(t('login.missing'));
      return;
    }
    setBusy(true);
    setError(null);
    const failure = await signIn(email, password);
    // On success this component is already gone; only a failure needs state.
    if (failure) {
      setError(failure);
      setBusy(false);
    }
  }

  return (
    <div class="login-page">
      <main class="login-card">
        <div class="login-brand">
          <Logo size={40} />
          <h1>{t('login.title')}</h1>
          <p class="muted">{t('login.subtitle')}</p>
        </div>
        {notice && !error && <p class="callout">{notice}</p>}
        <form class="login-form" aria-label={t('login.form')} onSubmit={submit} noValidate>
          <label class="field">
            <span>{t('login.email')}</span>
            <input type="email" name="email" autocomplete="username" required value={email} onInput={(e) => setEmail(e.currentTarget.value)} />
          </label>
          <label class="field">
            <span>{t('login.password')}</span>
            <input
              type="password"
              name="password"
              autocomplete="current-password"
              required
              value={password}
              onInput={(e) => setPassword(e.currentTarget.value)}
            />
          </label>
          {error && (
            <p class="form-error" role="alert">
              {error}
            </p>
          )}
          <button type="submit" class="btn btn-primary btn-block" disabled={busy}>
            {busy ? t('login.submitting') : t('login.submit')}
          </button>
        </form>
        <div class="login-foot">
          <LanguageSelect />
        </div>
      </main>
    </div>
  );
}
