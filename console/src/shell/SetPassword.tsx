import { useEffect, useState } from 'preact/hooks';
import type { JSX } from 'preact';
import { PASSWORD_MIN_LENGTH, type AccountLinkResponse } from '@atendo/shared';
import { api, ApiError } from '../api';
import { errorText } from '../errors';
import { t } from '../i18n';
import { navigate } from '../state/route';
import { signOutLocally } from '../state/session';
import { NewPasswordInput } from '../ui/AccessInputs';
import { LoginFrame } from './Login';

/**
 * An invitation or password link (`#/password/<token>`): the link's token stays in the fragment,
 * which browsers never send to a server or in a Referer. Choosing the password uses the link; the
 * agent then signs in as usual.
 */
export function SetPassword({ token }: { token: string }) {
  const [link, setLink] = useState<AccountLinkResponse | 'expired' | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api.accountLink(token).then(setLink, (err: unknown) => {
      if (err instanceof ApiError && (err.code === 'link_expired' || err.code === 'bad_request')) setLink('expired');
      else setError(errorText(err));
    });
  }, [token]);

  if (link === 'expired') {
    return (
      <LoginFrame>
        <p class="form-error" role="alert">
          {t('access.linkExpired')}
        </p>
        <button type="button" class="btn btn-primary btn-block" onClick={() => navigate('#/')}>
          {t('access.backToLogin')}
        </button>
      </LoginFrame>
    );
  }
  if (!link) {
    return (
      <LoginFrame>
        <p class={error ? 'form-error' : 'muted'} role={error ? 'alert' : 'status'}>
          {error ?? t('access.linkChecking')}
        </p>
      </LoginFrame>
    );
  }
  return <PasswordForm token={token} link={link} />;
}

function PasswordForm({ token, link }: { token: string; link: AccountLinkResponse }) {
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: JSX.TargetedSubmitEvent<HTMLFormElement>) {
    e.preventDefault();
    if (busy) return;
    if (password.length < PASSWORD_MIN_LENGTH || password.trim().length < PASSWORD_MIN_LENGTH)
      return setError(t('account.tooShort', { min: PASSWORD_MIN_LENGTH }));
    if (password !== repeat) return setError(t('account.mismatch'));
    setBusy(true);
    setError(null);
    try {
      await api.setPasswordWithLink(token, password);
      // Every session of this agent ended: sign in with the new password on the login page.
      signOutLocally(t('access.passwordSet'));
      navigate('#/');
    } catch (err) {
      setError(err instanceof ApiError && err.code === 'link_expired' ? t('access.linkExpired') : errorText(err));
      setBusy(false);
    }
  }

  const invite = link.kind === 'invite';
  return (
    <LoginFrame>
      <form class="login-form" aria-label={invite ? t('access.inviteTitle', { name: link.name }) : t('access.resetTitle')} onSubmit={submit} noValidate>
        <h2 class="login-step-title">{invite ? t('access.inviteTitle', { name: link.name }) : t('access.resetTitle')}</h2>
        <p class="muted">{invite ? t('access.inviteHint', { email: link.email }) : t('access.resetHint', { email: link.email })}</p>
        {/* Password managers pair the new password with this account. */}
        <input type="email" name="username" autocomplete="username" value={link.email} readOnly hidden />
        <label class="field">
          <span>{t('account.new')}</span>
          <NewPasswordInput value={password} onInput={setPassword} />
        </label>
        <label class="field">
          <span>{t('account.repeat')}</span>
          <NewPasswordInput value={repeat} onInput={setRepeat} />
        </label>
        <p class="muted">{t('access.passwordRules', { min: PASSWORD_MIN_LENGTH })}</p>
        {error && (
          <p class="form-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" class="btn btn-primary btn-block" disabled={busy}>
          {t('access.setPassword')}
        </button>
      </form>
    </LoginFrame>
  );
}
