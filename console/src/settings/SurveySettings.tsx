import { useState } from 'preact/hooks';
import { DEFAULT_WIDGET_SETTINGS, type Site } from '@atendo/shared';
import { api } from '../api';
import { errorText } from '../errors';
import { t } from '../i18n';
import { sites } from '../state/sites';
import { SitePicker } from '../shell/SitePicker';
import { SaveActions } from './SaveActions';

/**
 * The end of conversation survey toggles: CSAT and NPS per site, for admins. Saves the
 * site's whole widget-settings object, starting from the latest one the sites list holds, so the
 * other sections' settings (pre-chat, hours, triggers…) are kept.
 */
export function SurveySettings({ admin }: { admin: boolean }) {
  const list = sites.value;
  const [siteId, setSiteId] = useState<string | null>(null);
  const site: Site | undefined = list.find((s) => s.siteId === siteId) ?? list[0];
  if (!site) return null;
  // Keyed by site: picking another site starts from that site's saved answers.
  return <SurveyForm key={site.siteId} site={site} list={list} admin={admin} onSite={setSiteId} />;
}

function SurveyForm({ site, list, admin, onSite }: { site: Site; list: readonly Site[]; admin: boolean; onSite(id: string): void }) {
  const current = { ...DEFAULT_WIDGET_SETTINGS, ...site.settings };
  const [form, setForm] = useState({ csat: current.csat, nps: current.nps });
  const [state, setState] = useState<{ kind: 'idle' | 'saving' | 'saved' } | { kind: 'error'; message: string }>({ kind: 'idle' });

  async function save(e: Event) {
    e.preventDefault();
    setState({ kind: 'saving' });
    try {
      const latest = sites.value.find((x) => x.siteId === site.siteId) ?? site;
      const res = await api.setWidgetSettings(site.siteId, { ...DEFAULT_WIDGET_SETTINGS, ...latest.settings, csat: form.csat, nps: form.nps });
      sites.value = sites.value.map((x) => (x.siteId === res.site.siteId ? res.site : x));
      setState({ kind: 'saved' });
    } catch (err) {
      setState({ kind: 'error', message: errorText(err) });
    }
  }

  const toggle = (patch: Partial<typeof form>) => {
    setForm({ ...form, ...patch });
    setState({ kind: 'idle' });
  };
  return (
    <form class="form survey-settings" aria-labelledby="survey-settings-title" onSubmit={(e) => void save(e)}>
      <SitePicker sites={list} value={site.siteId} label={t('appearance.site')} onChange={(id) => onSite(id)} />
      <div class="form-inline-card">
        <fieldset disabled={!admin}>
          <legend id="survey-settings-title">{t('survey.title')}</legend>
          <p class="muted">{t('survey.intro')}</p>
          <label class="check">
            <input type="checkbox" checked={form.csat} onChange={(e) => toggle({ csat: e.currentTarget.checked })} />
            {t('survey.csat')}
          </label>
          <label class="check">
            <input type="checkbox" checked={form.nps} onChange={(e) => toggle({ nps: e.currentTarget.checked })} />
            {t('survey.nps')}
          </label>
        </fieldset>
      </div>
      <SaveActions state={state} admin={admin} />
    </form>
  );
}
