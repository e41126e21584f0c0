import { useEffect, useState } from 'preact/hooks';
import type { JSX } from 'preact';
import type { TwoFactorSetupResponse, TwoFactorStatus } from '@atendo/shared';
import { api, ApiError } from '../api';
import { errorText } from '../errors';
import { t } from '../i18n';
import { CodeInput } from '../ui/AccessInputs';
import { downloadText } from '../transcript-file';

/** A wrong code (or password) in the agent's language; anything else as the server said it. */
function codeError(err: unknown): string {
  if (err instanceof ApiError && err.code === 'invalid_code') return t('access.wrongCode');
  if (err instanceof ApiError && err.code === 'invalid_credentials') return t('account.wrongCurrent');
  if (err instanceof ApiError && err.code === 'rate_limited') return t('login.tooMany');
  if (err instanceof ApiError && err.code === 'link_expired') return t('access.setupExpired');
  return errorText(err);
}

type View =
  { kind: 'status' } | { kind: 'setup'; setup: TwoFactorSetupResponse } | { kind: 'codes'; codes: string[] } | { kind: 'disable' } | { kind: 'regenerate' };

/**
 * Two-factor sign-in for the signed-in agent: set up with a QR code and a first code, ten recovery
 * codes shown once, new codes, turning it off. `onEnabled` runs once the agent has seen the codes
 * (the setup a team requires continues to the console then).
 */
export function TwoFactorSettings({ email, onEnabled }: { email: string; onEnabled?: () => void }) {
  const [status, setStatus] = useState<TwoFactorStatus | null>(null);
  const [view, setView] = useState<View>({ kind: 'status' });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const reload = () =>
    api.twoFactorStatus().then(setStatus, (err: unknown) => {
      setError(errorText(err));
    });
  useEffect(() => void reload(), []);

  async function run(action: () => Promise<void>) {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (err) {
      setError(codeError(err));
    } finally {
      setBusy(false);
    }
  }
  const start = () => run(async () => setView({ kind: 'setup', setup: await api.twoFactorSetup() }));
  const back = () => {
    setView({ kind: 'status' });
    setError(null);
  };

  return (
    <section class="form-inline-card two-factor" aria-labelledby="two-factor-title">
      <h3 id="two-factor-title">{t('access.tfTitle')}</h3>
      {status?.required && <p class="callout">{t('access.tfRequired')}</p>}
      {view.kind === 'status' && status && (
        <>
          <p class="muted" data-testid="two-factor-state">
            {status.enabled ? t('access.tfOn', { n: status.recoveryCodesLeft }) : t('access.tfOff')}
          </p>
          <div class="form-actions">
            {!status.enabled && (
              <button type="button" class="btn btn-primary" disabled={busy} onClick={() => void start()}>
                {t('access.tfStart')}
              </button>
            )}
            {status.enabled && (
              <button type="button" class="btn" onClick={() => setView({ kind: 'regenerate' })}>
                {t('access.tfRegenerate')}
              </button>
            )}
            {status.enabled && !status.required && (
              <button type="button" class="btn btn-danger" onClick={() => setView({ kind: 'disable' })}>
                {t('access.tfDisable')}
              </button>
            )}
          </div>
        </>
      )}
      {view.kind === 'setup' && (
        <CodeForm
          label={t('access.tfEnable')}
          busy={busy}
          onCancel={back}
          onSubmit={(code) =>
            run(async () => {
              const { recoveryCodes } = await api.enableTwoFactor(view.setup.setupToken, code);
              setView({ kind: 'codes', codes: recoveryCodes });
            })
          }
        >
          <p>{t('access.tfScan')}</p>
          <img class="qr" width={184} height={184} alt={t('access.tfQrAlt')} src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(view.setup.qrSvg)}`} />
          <p class="muted">
            {t('access.tfSecret')}{' '}
            <code class="secret" data-testid="two-factor-secret">
              {view.setup.secret.replace(/(.{4})/g, '$1 ').trim()}
            </code>
          </p>
        </CodeForm>
      )}
      {view.kind === 'codes' && (
        <RecoveryCodes
          email={email}
          codes={view.codes}
          onDone={() => {
            setView({ kind: 'status' });
            void reload();
            onEnabled?.();
          }}
        />
      )}
      {view.kind === 'regenerate' && (
        <CodeForm
          label={t('access.tfRegenerate')}
          busy={busy}
          onCancel={back}
          onSubmit={(code) =>
            run(async () => {
              const { recoveryCodes } = await api.regenerateRecoveryCodes(code);
              setView({ kind: 'codes', codes: recoveryCodes });
            })
          }
        >
          <p class="muted">{t('access.tfRegenerateHint')}</p>
        </CodeForm>
      )}
      {view.kind === 'disable' && (
        <DisableForm
          busy={busy}
          onCancel={back}
          onSubmit={(password, code) =>
            run(async () => {
              await api.disableTwoFactor(password, code);
              back();
              await reload();
            })
          }
        />
      )}
      {error && (
        <p role="alert" class="form-error">
          {error}
        </p>
      )}
    </section>
  );
}

function CodeForm(props: { label: string; busy: boolean; onSubmit: (code: string) => void; onCancel: () => void; children: JSX.Element | JSX.Element[] }) {
  const [code, setCode] = useState('');
  return (
    <form
      class="form"
      onSubmit={(e) => {
        e.preventDefault();
        if (code.trim()) props.onSubmit(code);
      }}
    >
      {props.children}
      <label>
        {t('access.code')}
        <CodeInput value={code} onInput={setCode} />
      </label>
      <div class="form-actions">
        <button type="submit" class="btn btn-primary" disabled={props.busy}>
          {props.label}
        </button>
        <button type="button" class="btn" onClick={props.onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

function DisableForm(props: { busy: boolean; onSubmit: (password: string, code: string) => void; onCancel: () => void }) {
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  return (
    <form
      class="form"
      onSubmit={(e) => {
        e.preventDefault();
        props.onSubmit(password, code);
      }}
    >
      <p class="muted">{t('access.tfDisableHint')}</p>
      <div class="form-row">
        <label>
          {t('login.password')}
          <input type="password" autocomplete="current-password" required value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
        </label>
        <label>
          {t('access.code')}
          <CodeInput value={code} onInput={setCode} />
        </label>
      </div>
      <div class="form-actions">
        <button type="submit" class="btn btn-danger" disabled={props.busy}>
          {t('access.tfDisable')}
        </button>
        <button type="button" class="btn" onClick={props.onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

function RecoveryCodes({ email, codes, onDone }: { email: string; codes: string[]; onDone: () => void }) {
  const [copied, setCopied] = useState(false);
  const text = `Atendo recovery codes for ${email}\n\n${codes.join('\n')}\n`;
  return (
    <div class="recovery" role="region" aria-labelledby="recovery-title">
      <h4 id="recovery-title">{t('access.tfCodesTitle')}</h4>
      <p class="muted">{t('access.tfCodesHint')}</p>
      <ol class="recovery-codes" data-testid="recovery-codes">
        {codes.map((c) => (
          <li key={c}>
            <code>{c}</code>
          </li>
        ))}
      </ol>
      <div class="form-actions">
        <button
          type="button"
          class="btn"
          onClick={() =>
            void navigator.clipboard?.writeText(text).then(
              () => setCopied(true),
              () => setCopied(false),
            )
          }
        >
          {copied ? t('access.tfCopied') : t('access.tfCopy')}
        </button>
        <button type="button" class="btn" onClick={() => downloadText('atendo-recovery-codes.txt', text)}>
          {t('access.tfDownload')}
        </button>
        <button type="button" class="btn btn-primary" onClick={onDone}>
          {t('access.tfSaved')}
        </button>
      </div>
    </div>
  );
}
