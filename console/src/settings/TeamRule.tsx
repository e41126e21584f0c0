import { useEffect, useState } from 'preact/hooks';
import { api, ApiError } from '../api';
import { errorText } from '../errors';
import { t } from '../i18n';

/** Admins: make two-factor sign-in mandatory for the whole team (only once their own is on). */
export function TeamRule() {
  const [required, setRequired] = useState<boolean | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    api.teamSecurity().then(
      (s) => setRequired(s.requireTwoFactor),
      (err: unknown) => setError(errorText(err)),
    );
  }, []);
  if (required === null && !error) return null;

  async function change(next: boolean, box: HTMLInputElement) {
    setBusy(true);
    setError(null);
    try {
      setRequired((await api.setTeamSecurity({ requireTwoFactor: next })).requireTwoFactor);
    } catch (err) {
      // Refused: the box shows what holds again (the state did not change, so nothing re-renders it).
      box.checked = !next;
      setError(err instanceof ApiError && err.code === 'conflict' ? t('access.teamRuleOwnFirst') : errorText(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="form-inline-card" aria-labelledby="team-rule-title">
      <label class="team-rule" id="team-rule-title">
        <input
          type="checkbox"
          checked={required === true}
          disabled={busy || required === null}
          onChange={(e) => void change(e.currentTarget.checked, e.currentTarget)}
        />
        <span>
          <strong>{t('access.teamRule')}</strong>
          <span class="muted block">{t('access.teamRuleHint')}</span>
        </span>
      </label>
      {error && (
        <p role="alert" class="form-error">
          {error}
        </p>
      )}
    </section>
  );
}
