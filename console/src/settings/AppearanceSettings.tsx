import { useEffect, useState } from 'preact/hooks';
import type { AppearanceInput, Site } from '@atendo/shared';
import { api } from '../api';
import { errorText } from '../errors';
import { t } from '../i18n';
import { sites } from '../state/sites';
import { SitePicker } from '../shell/SitePicker';
import { SaveActions, type SaveState } from './SaveActions';

const fromSite = (s: Site): AppearanceInput => ({
  color: s.color,
  position: s.position ?? 'right',
  teamName: s.teamName,
  greeting: s.greeting,
  launcherLabel: s.launcherLabel ?? '',
});

/** Widget appearance per site with a live preview; the widget reads these from its config. */
export function AppearanceSettings({ admin }: { admin: boolean }) {
  const list = sites.value;
  const [siteId, setSiteId] = useState<string | null>(null);
  const site = list.find((s) => s.siteId === siteId) ?? list[0];
  const [form, setForm] = useState<AppearanceInput | null>(null);
  const [state, setState] = useState<SaveState>({ kind: 'idle' });
  useEffect(() => {
    if (site) setForm(fromSite(site));
  }, [site?.siteId]);
  if (!site || !form) return <p role="status">{t('common.loading')}</p>;
  const set = (patch: Partial<AppearanceInput>) => {
    setForm({ ...form, ...patch });
    setState({ kind: 'idle' });
  };

  async function save(e: Event) {
    e.preventDefault();
    if (!site || !form) return;
    setState({ kind: 'saving' });
    try {
      const res = await api.setAppearance(site.siteId, form);
      sites.value = sites.value.map((s) => (s.siteId === res.site.siteId ? res.site : s));
      setState({ kind: 'saved' });
    } catch (err) {
      setState({ kind: 'error', message: errorText(err) });
    }
  }

  return (
    <div class="appearance">
      <form class="form" onSubmit={(e) => void save(e)}>
        <SitePicker sites={list} value={site.siteId} label={t('appearance.site')} onChange={(id) => setSiteId(id)} />
        <fieldset disabled={!admin}>
          <label>
            {t('appearance.color')}
            <span class="color-row">
              <input type="color" value={form.color} onInput={(e) => set({ color: e.currentTarget.value })} aria-label={t('appearance.color')} />
              <code>{form.color}</code>
            </span>
          </label>
          <label>
            {t('appearance.position')}
            <select value={form.position} onChange={(e) => set({ position: e.currentTarget.value as 'left' | 'right' })}>
              <option value="right">{t('appearance.right')}</option>
              <option value="left">{t('appearance.left')}</option>
            </select>
          </label>
          <label>
            {t('appearance.teamName')}
            <input value={form.teamName} maxLength={60} required onInput={(e) => set({ teamName: e.currentTarget.value })} />
          </label>
          <label>
            {t('appearance.greeting')}
            <textarea
              value={form.greeting}
              maxLength={280}
              rows={3}
              placeholder={t('appearance.greetingHint')}
              onInput={(e) => set({ greeting: e.currentTarget.value })}
            />
          </label>
          <label>
            {t('appearance.launcherLabel')}
            <input
              value={form.launcherLabel}
              maxLength={40}
              placeholder={t('appearance.launcherPlaceholder')}
              onInput={(e) => set({ launcherLabel: e.currentTarget.value })}
            />
          </label>
          <SaveActions state={state} admin={admin} />
        </fieldset>
      </form>
      <WidgetPreview form={form} />
    </div>
  );
}

/** A static picture of the widget with the current (unsaved) settings. */
function WidgetPreview({ form }: { form: AppearanceInput }) {
  return (
    <figure class="preview" aria-label={t('appearance.preview')}>
      <figcaption class="muted">{t('appearance.preview')}</figcaption>
      <div class={`preview-page preview-${form.position}`}>
        <div class="preview-window">
          <div class="preview-head" style={{ background: form.color }}>
            {form.teamName || '…'}
          </div>
          <div class="preview-body">
            <p class="preview-bubble">{form.greeting || '…'}</p>
          </div>
          <div class="preview-input">{t('appearance.previewInput')}</div>
        </div>
        <div class="preview-launcher-row">
          <span class="preview-launcher" style={{ background: form.color }}>
            <svg width="20" height="20" viewBox="0 0 24 24" fill="currentColor" aria-hidden="true">
              <path d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z" />
            </svg>
            {form.launcherLabel && <span>{form.launcherLabel}</span>}
          </span>
        </div>
      </div>
    </figure>
  );
}
