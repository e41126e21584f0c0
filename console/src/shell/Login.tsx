import { useEffect, useRef, useState } from 'preact/hooks';
import type { ComponentChildren, JSX } from 'preact';
import { api } from '../api';
import { errorText } from '../errors';
import { locale, t } from '../i18n';
import { signIn, signInWithCode } from '../state/session';
import { Logo } from '../ui/Avatar';
import { LanguageSelect } from './LanguageSelect';

type Step = { kind: 'password' } | { kind: 'code'; ticket: string } | { kind: 'forgot' };

/** The login page: e-mail and password, then a code when two-factor sign-in is on; "Forgot password?". */
export function Login({ notice }: { notice: string | null }) {
  const [step, setStep] = useState<Step>({ kind: 'password' });
  const [email, setEmail] = useState('');
  const [flash, setFlash] = useState<string | null>(notice);

  return (
    <LoginFrame subtitle={step.kind === 'password' ? t('login.subtitle') : null}>
      {flash && step.kind === 'password' && <p class="callout">{flash}</p>}
      {step.kind === 'password' && (
        <PasswordStep
          email={email}
          setEmail={setEmail}
          onTwoFactor={(ticket) => setStep({ kind: 'code', ticket })}
          onForgot={() => setStep({ kind: 'forgot' })}
          clearFlash={() => setFlash(null)}
        />
      )}
      {step.kind === 'code' && (
        <CodeStep
          ticket={step.ticket}
          onExpired={(message) => {
            setFlash(message);
            setStep({ kind: 'password' });
          }}
          onBack={() => setStep({ kind: 'password' })}
        />
      )}
      {step.kind === 'forgot' && <ForgotStep initialEmail={email} onBack={() => setStep({ kind: 'password' })} />}
    </LoginFrame>
  );
}

/** The card every page before the console shares (login, links, the required setup). */
export function LoginFrame({ subtitle, children }: { subtitle?: string | null; children: ComponentChildren }) {
  return (
    <div class="login-page">
      <main class="login-card">
        <div class="login-brand">
          <Logo size={40} />
          <h1>{t('login.title')}</h1>
          {subtitle && <p class="muted">{subtitle}</p>}
        </div>
        {children}
        <div class="login-foot">
          <LanguageSelect />
        </div>
      </main>
    </div>
  );
}

function PasswordStep(props: {
  email: string;
  setEmail: (v: string) => void;
  onTwoFactor: (ticket: string) => void;
  onForgot: () => void;
  clearFlash: () => void;
}) {
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: JSX.TargetedSubmitEvent<HTMLFormElement>) {
    e.preventDefault();
    if (busy) return;
    if (!props.email.trim() || !password) {
      setError(t('login.missing'));
      return;
    }
    setBusy(true);
    setError(null);
    props.clearFlash();
    const result = await signIn(props.email, password);
    // On success this component is already gone; only a failure or a second step needs state.
    if (result && 'twoFactor' in result) return props.onTwoFactor(result.twoFactor);
    if (result) {
      setError(result.error);
      setBusy(false);
    }
  }

  return (
    <form class="login-form" aria-label={t('login.form')} onSubmit={submit} noValidate>
      <label class="field">
        <span>{t('login.email')}</span>
        <input type="email" name="email" autocomplete="username" required value={props.email} onInput={(e) => props.setEmail(e.currentTarget.value)} />
      </label>
      <label class="field">
        <span>{t('login.password')}</span>
        <input type="password" name="password" autocomplete="current-password" required value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
      </label>
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" class="btn btn-primary btn-block" disabled={busy}>
        {busy ? t('login.submitting') : t('login.submit')}
      </button>
      <button type="button" class="link-btn login-aside" onClick={props.onForgot}>
        {t('access.forgot')}
      </button>
    </form>
  );
}

function CodeStep({ ticket, onExpired, onBack }: { ticket: string; onExpired: (message: string) => void; onBack: () => void }) {
  const [recovery, setRecovery] = useState(false);
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), [recovery]);

  async function submit(e: JSX.TargetedSubmitEvent<HTMLFormElement>) {
    e.preventDefault();
    if (busy || !code.trim()) return;
    setBusy(true);
    setError(null);
    const failure = await signInWithCode(ticket, code);
    if (!failure) return;
    if (failure.expired) return onExpired(failure.error);
    setError(failure.error);
    setCode('');
    setBusy(false);
  }

  return (
    <form class="login-form" aria-label={t('access.codeTitle')} onSubmit={submit} noValidate>
      <h2 class="login-step-title">{t('access.codeTitle')}</h2>
      <p class="muted">{recovery ? t('access.recoveryHint') : t('access.codeHint')}</p>
      <label class="field">
        <span>{recovery ? t('access.recoveryCode') : t('access.code')}</span>
        {recovery ? (
          <input
            ref={input}
            name="recovery-code"
            autocomplete="off"
            spellcheck={false}
            maxLength={32}
            value={code}
            onInput={(e) => setCode(e.currentTarget.value)}
          />
        ) : (
          <input
            ref={input}
            name="code"
            inputMode="numeric"
            autocomplete="one-time-code"
            pattern="[0-9 ]*"
            maxLength={8}
            value={code}
            onInput={(e) => setCode(e.currentTarget.value)}
          />
        )}
      </label>
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" class="btn btn-primary btn-block" disabled={busy}>
        {t('access.codeSubmit')}
      </button>
      <div class="login-links">
        <button
          type="button"
          class="link-btn"
          onClick={() => {
            setRecovery(!recovery);
            setCode('');
            setError(null);
          }}
        >
          {recovery ? t('access.useApp') : t('access.useRecovery')}
        </button>
        <button type="button" class="link-btn" onClick={onBack}>
          {t('access.backToLogin')}
        </button>
      </div>
    </form>
  );
}

function ForgotStep({ initialEmail, onBack }: { initialEmail: string; onBack: () => void }) {
  const [email, setEmail] = useState(initialEmail);
  const [sent, setSent] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: JSX.TargetedSubmitEvent<HTMLFormElement>) {
    e.preventDefault();
    if (busy) return;
    if (!email.trim()) {
      setError(t('login.missing'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await api.forgotPassword(email.trim(), locale.value);
      setSent(email.trim());
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="login-form" aria-label={t('access.forgotTitle')} onSubmit={submit} noValidate>
      <h2 class="login-step-title">{t('access.forgotTitle')}</h2>
      {sent ? (
        <p class="callout" role="status">
          {t('access.forgotSent', { email: sent })}
        </p>
      ) : (
        <>
          <p class="muted">{t('access.forgotHint')}</p>
          <label class="field">
            <span>{t('login.email')}</span>
            <input type="email" name="email" autocomplete="username" required value={email} onInput={(e) => setEmail(e.currentTarget.value)} />
          </label>
          {error && (
            <p class="form-error" role="alert">
              {error}
            </p>
          )}
          <button type="submit" class="btn btn-primary btn-block" disabled={busy}>
            {t('access.forgotSend')}
          </button>
        </>
      )}
      <button type="button" class="link-btn login-aside" onClick={onBack}>
        {t('access.backToLogin')}
      </button>
    </form>
  );
}
