import { useEffect, useRef, useState } from 'preact/hooks';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, type Agent } from '@atendo/shared';
import { t } from '../i18n';
import { changePassword } from '../state/account';
import { signOutEverywhere } from '../state/session';
import { SaveActions, type SaveState } from './SaveActions';
import { TwoFactorSettings } from './TwoFactorSettings';
import { NewPasswordInput } from '../ui/AccessInputs';

/** Settings → Your account: the agent's own password, two-factor sign-in, and logging out on every device. */
export function AccountSettings({ agent }: { agent: Agent }) {
  return (
    <div class="settings-stack account">
      <p class="muted">{t('account.signedInAs', { name: agent.name, email: agent.email })}</p>
      <PasswordForm email={agent.email} />
      <TwoFactorSettings email={agent.email} />
      <LogOutEverywhere />
    </div>
  );
}

function PasswordForm({ email }: { email: string }) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [state, setState] = useState<SaveState>({ kind: 'idle' });

  async function submit(e: Event) {
    e.preventDefault();
    setState({ kind: 'saving' });
    const error = await changePassword(current, next, repeat);
    if (error) return setState({ kind: 'error', message: error });
    setCurrent('');
    setNext('');
    setRepeat('');
    setState({ kind: 'saved' });
  }
  const change = (set: (v: string) => void) => (value: string) => {
    set(value);
    if (state.kind !== 'saving') setState({ kind: 'idle' });
  };
  const edit = (set: (v: string) => void) => (e: Event) => change(set)((e.currentTarget as HTMLInputElement).value);

  return (
    <form class="form form-inline-card" aria-labelledby="account-password" onSubmit={(e) => void submit(e)}>
      <h3 id="account-password">{t('account.password')}</h3>
      {/* Password managers pair the new password with this account. */}
      <input type="email" name="username" autocomplete="username" value={email} readOnly hidden />
      <label>
        {t('account.current')}
        <input type="password" autocomplete="current-password" required maxLength={PASSWORD_MAX_LENGTH} value={current} onInput={edit(setCurrent)} />
      </label>
      <div class="form-row">
        <label>
          {t('account.new')}
          <NewPasswordInput value={next} onInput={change(setNext)} />
        </label>
        <label>
          {t('account.repeat')}
          <NewPasswordInput value={repeat} onInput={change(setRepeat)} />
        </label>
      </div>
      <p class="muted hint">{t('account.rules', { min: PASSWORD_MIN_LENGTH })}</p>
      <SaveActions state={state} label={t('account.save')} savedLabel={t('account.changed')} />
    </form>
  );
}

function LogOutEverywhere() {
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const confirm = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (confirming) confirm.current?.focus();
  }, [confirming]);
  return (
    <section class="form-inline-card" aria-labelledby="account-sessions">
      <h3 id="account-sessions">{t('account.sessions')}</h3>
      <p class="muted">{t('account.everywhereHint')}</p>
      {!confirming ? (
        <button type="button" class="btn btn-danger" onClick={() => setConfirming(true)}>
          {t('account.everywhere')}
        </button>
      ) : (
        <div class="confirm" role="alertdialog" aria-label={t('account.everywhere')} aria-describedby="everywhere-confirm">
          <p id="everywhere-confirm">{t('account.everywhereConfirm')}</p>
          <div class="form-actions">
            <button
              type="button"
              class="btn btn-small btn-danger"
              ref={confirm}
              onClick={() =>
                void signOutEverywhere().then((message) => {
                  if (!message) return;
                  setConfirming(false);
                  setError(message);
                })
              }
            >
              {t('account.everywhere')}
            </button>
            <button type="button" class="btn btn-small" onClick={() => setConfirming(false)}>
              {t('common.cancel')}
            </button>
          </div>
        </div>
      )}
      {error && (
        <p role="alert" class="form-error">
          {error}
        </p>
      )}
    </section>
  );
}
