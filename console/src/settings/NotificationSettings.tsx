import { useEffect, useState } from 'preact/hooks';
import type { AgentNotifySettings, AgentNotifySettingsResponse } from '@atendo/shared';
import { api } from '../api';
import { errorText } from '../errors';
import { t, type MessageKey } from '../i18n';
import { SaveActions, type SaveState } from './SaveActions';

const OPTIONS: { key: keyof AgentNotifySettings; label: MessageKey; hint: MessageKey }[] = [
  { key: 'unattended', label: 'notify.unattended', hint: 'notify.unattendedHint' },
  { key: 'assigned', label: 'notify.assigned', hint: 'notify.assignedHint' },
  { key: 'visitorMessage', label: 'notify.visitorMessage', hint: 'notify.visitorMessageHint' },
];

/**
 * The agent's own notification e-mails: three checkboxes with a hint each. When the server sends
 * no e-mail it says so and the choices are disabled (nothing would go out).
 */
export function NotificationSettings() {
  const [loaded, setLoaded] = useState<AgentNotifySettingsResponse | null>(null);
  const [form, setForm] = useState<AgentNotifySettings | null>(null);
  const [state, setState] = useState<SaveState>({ kind: 'idle' });

  useEffect(() => {
    api.notifySettings().then(
      (res) => {
        setLoaded(res);
        setForm(res.settings);
      },
      (err: unknown) => setState({ kind: 'error', message: errorText(err) }),
    );
  }, []);

  async function save(e: Event) {
    e.preventDefault();
    if (!form) return;
    setState({ kind: 'saving' });
    try {
      const res = await api.setNotifySettings(form);
      setLoaded(res);
      setForm(res.settings);
      setState({ kind: 'saved' });
    } catch (err) {
      setState({ kind: 'error', message: errorText(err) });
    }
  }

  const off = loaded !== null && !loaded.emailOn;
  return (
    <form class="form" aria-labelledby="notify-settings-title" onSubmit={(e) => void save(e)}>
      <div class="form-inline-card">
        <fieldset disabled={!form || off}>
          <legend id="notify-settings-title">{t('notify.title')}</legend>
          <p class="muted">{t('notify.intro')}</p>
          {off && <p role="note">{t('notify.emailOff')}</p>}
          {OPTIONS.map((o) => (
            <div key={o.key}>
              <label class="check">
                <input
                  type="checkbox"
                  checked={form?.[o.key] ?? false}
                  aria-describedby={`notify-${o.key}-hint`}
                  onChange={(e) => {
                    if (form) setForm({ ...form, [o.key]: e.currentTarget.checked });
                    setState({ kind: 'idle' });
                  }}
                />
                {t(o.label)}
              </label>
              <p class="muted" id={`notify-${o.key}-hint`}>
                {t(o.hint)}
              </p>
            </div>
          ))}
        </fieldset>
      </div>
      {!off && <SaveActions state={state} disabled={!form} />}
    </form>
  );
}
