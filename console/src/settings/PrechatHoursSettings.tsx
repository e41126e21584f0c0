import { useEffect, useState } from 'preact/hooks';
import { DEFAULT_WIDGET_SETTINGS, type Opening, type PrechatField, type Site, type WidgetSettings } from '@atendo/shared';
import { api } from '../api';
import { errorText } from '../errors';
import { locale, t } from '../i18n';
import { sites } from '../state/sites';
import { SitePicker } from '../shell/SitePicker';
import { SaveActions, type SaveState } from './SaveActions';

/** One editable row per weekday: its first opening span (more spans, set over the API, are kept as they are). */
interface DayRow {
  day: number;
  closed: boolean;
  open: string;
  close: string;
}

interface Form {
  prechat: WidgetSettings['prechat'];
  hoursEnabled: boolean;
  timezone: string;
  days: DayRow[];
  avatarUrl: string;
}

/** Monday first, as most of the world's calendars. */
const WEEK = [1, 2, 3, 4, 5, 6, 0];

/** The browser's IANA zones (Intl), with UTC and the stored zone always present. */
export function timeZones(current: string): string[] {
  const list = (Intl as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf?.('timeZone') ?? [];
  return [...new Set(['UTC', current, ...list])];
}

/** Weekday name in the console's language; 2026-11-29 was a Sunday (day 0). */
function dayName(day: number, loc: string): string {
  return new Intl.DateTimeFormat(loc, { weekday: 'long', timeZone: 'UTC' }).format(Date.UTC(2026, 10, 29 + day));
}

function fromSettings(s: WidgetSettings): Form {
  const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  // Never set up yet: suggest the admin's own zone (saved only if they save).
  const timezone = !s.hours.enabled && s.hours.timezone === 'UTC' && browserZone ? browserZone : s.hours.timezone;
  return {
    prechat: { ...s.prechat },
    hoursEnabled: s.hours.enabled,
    timezone,
    days: WEEK.map((day) => {
      const first = s.hours.openings.find((o) => o.day === day);
      return first ? { day, closed: false, open: first.open, close: first.close } : { day, closed: true, open: '09:00', close: '18:00' };
    }),
    avatarUrl: s.avatarUrl,
  };
}

/** The settings to save: the site's current ones with this section's parts replaced. */
export function toSettings(base: WidgetSettings, f: Form): WidgetSettings {
  const openings: Opening[] = [];
  for (const d of [...f.days].sort((a, b) => a.day - b.day)) {
    if (d.closed) continue;
    openings.push({ day: d.day, open: d.open, close: d.close });
    openings.push(...base.hours.openings.filter((o) => o.day === d.day).slice(1));
  }
  return { ...base, prechat: f.prechat, hours: { enabled: f.hoursEnabled, timezone: f.timezone, openings }, avatarUrl: f.avatarUrl.trim() };
}

/** The server's rule (shared WidgetSettingsSchema): empty, https, or http on localhost for development. */
const isAvatarUrl = (s: string) => s === '' || /^https:\/\/[^\s"'<>]+$/i.test(s) || /^http:\/\/(localhost|127\.0\.0\.1)(:\d+)?\//i.test(s);

type Errors = { prechat?: string; days: Record<number, string>; hours?: string; avatar?: string };

function validate(f: Form, loc: string): Errors {
  const errors: Errors = { days: {} };
  const p = f.prechat;
  if (p.enabled && p.name === 'off' && p.email === 'off' && p.question === 'off') errors.prechat = t('prechat.noFields');
  for (const d of f.days) {
    if (!d.closed && !(d.open && d.close && d.open < d.close)) errors.days[d.day] = t('hours.order', { day: dayName(d.day, loc) });
  }
  if (f.hoursEnabled && f.days.every((d) => d.closed)) errors.hours = t('hours.none');
  if (!isAvatarUrl(f.avatarUrl.trim())) errors.avatar = t('avatar.invalid');
  return errors;
}
const hasErrors = (e: Errors) => Boolean(e.prechat || e.hours || e.avatar || Object.keys(e.days).length);

/**
 * Settings → Pre-chat & hours (admins edit): the pre-chat form's fields, business hours with their
 * time zone, and the team avatar. Saves the site's whole widget-settings object, starting from the one
 * the sites list holds, so other sections' settings (triggers, survey) are kept.
 */
export function PrechatHoursSettings({ admin }: { admin: boolean }) {
  const list = sites.value;
  const [siteId, setSiteId] = useState<string | null>(null);
  const site = list.find((s) => s.siteId === siteId) ?? list[0];
  const [form, setForm] = useState<Form | null>(null);
  const [errors, setErrors] = useState<Errors>({ days: {} });
  const [state, setState] = useState<SaveState>({ kind: 'idle' });
  useEffect(() => {
    if (site) setForm(fromSettings({ ...DEFAULT_WIDGET_SETTINGS, ...site.settings }));
    setErrors({ days: {} });
  }, [site?.siteId]);
  if (!site || !form) return <p role="status">{t('common.loading')}</p>;
  const loc = locale.value;
  const set = (patch: Partial<Form>) => {
    setForm({ ...form, ...patch });
    setState({ kind: 'idle' });
  };
  const setDay = (day: number, patch: Partial<DayRow>) => set({ days: form.days.map((d) => (d.day === day ? { ...d, ...patch } : d)) });
  const setField = (key: 'name' | 'email' | 'question', value: PrechatField) => set({ prechat: { ...form.prechat, [key]: value } });

  async function save(e: Event, s: Site, f: Form) {
    e.preventDefault();
    const found = validate(f, loc);
    setErrors(found);
    if (hasErrors(found)) return setState({ kind: 'error', message: t('prechat.fixErrors') });
    setState({ kind: 'saving' });
    try {
      // The latest copy of the site: another section may have saved since this one opened.
      const latest = sites.value.find((x) => x.siteId === s.siteId) ?? s;
      const res = await api.setWidgetSettings(s.siteId, toSettings({ ...DEFAULT_WIDGET_SETTINGS, ...latest.settings }, f));
      sites.value = sites.value.map((x) => (x.siteId === res.site.siteId ? res.site : x));
      setState({ kind: 'saved' });
    } catch (err) {
      setState({ kind: 'error', message: errorText(err) });
    }
  }

  const fieldSelect = (key: 'name' | 'email' | 'question', label: string) => (
    <label>
      {label}
      <select value={form.prechat[key]} disabled={!form.prechat.enabled} onChange={(e) => setField(key, e.currentTarget.value as PrechatField)}>
        <option value="off">{t('prechat.off')}</option>
        <option value="optional">{t('prechat.optional')}</option>
        <option value="required">{t('prechat.required')}</option>
      </select>
    </label>
  );

  return (
    <form class="form prechat-settings" aria-labelledby="prechat-title" noValidate onSubmit={(e) => void save(e, site, form)}>
      <p class="muted">{t('prechat.intro')}</p>
      <SitePicker sites={list} value={site.siteId} label={t('appearance.site')} onChange={(id) => setSiteId(id)} />
      <div class="form-inline-card">
        <fieldset disabled={!admin}>
          <legend>{t('prechat.formTitle')}</legend>
          <label class="check">
            <input type="checkbox" checked={form.prechat.enabled} onChange={(e) => set({ prechat: { ...form.prechat, enabled: e.currentTarget.checked } })} />
            {t('prechat.enabled')}
          </label>
          <div class="form-row">
            {fieldSelect('name', t('prechat.fieldName'))}
            {fieldSelect('email', t('prechat.fieldEmail'))}
            {fieldSelect('question', t('prechat.fieldQuestion'))}
          </div>
          {errors.prechat && (
            <p class="form-error" role="alert">
              {errors.prechat}
            </p>
          )}
        </fieldset>
      </div>

      <div class="form-inline-card">
        <fieldset disabled={!admin}>
          <legend>{t('hours.title')}</legend>
          <label class="check">
            <input type="checkbox" checked={form.hoursEnabled} onChange={(e) => set({ hoursEnabled: e.currentTarget.checked })} />
            {t('hours.enabled')}
          </label>
          <p class="muted">{t('hours.offlineNote')}</p>
          <label>
            {t('hours.timezone')}
            <select value={form.timezone} onChange={(e) => set({ timezone: e.currentTarget.value })}>
              {timeZones(form.timezone).map((z) => (
                <option key={z} value={z} class="notranslate" translate={false}>
                  {z.replace(/_/g, ' ')}
                </option>
              ))}
            </select>
          </label>
          <table class="hours-table" aria-label={t('hours.table')}>
            <thead>
              <tr>
                <th scope="col">{t('hours.day')}</th>
                <th scope="col">{t('hours.closed')}</th>
                <th scope="col">{t('hours.open')}</th>
                <th scope="col">{t('hours.close')}</th>
              </tr>
            </thead>
            <tbody>
              {form.days.map((d) => {
                const name = dayName(d.day, loc);
                const err = errors.days[d.day];
                return (
                  <tr key={d.day} class={err ? 'invalid' : undefined}>
                    <th scope="row">{name}</th>
                    <td>
                      <input
                        type="checkbox"
                        aria-label={t('hours.closedOn', { day: name })}
                        checked={d.closed}
                        onChange={(e) => setDay(d.day, { closed: e.currentTarget.checked })}
                      />
                    </td>
                    <td>
                      <input
                        type="time"
                        aria-label={t('hours.openOn', { day: name })}
                        aria-invalid={err ? 'true' : undefined}
                        value={d.open}
                        disabled={d.closed}
                        onInput={(e) => setDay(d.day, { open: e.currentTarget.value })}
                      />
                    </td>
                    <td>
                      <input
                        type="time"
                        aria-label={t('hours.closeOn', { day: name })}
                        aria-invalid={err ? 'true' : undefined}
                        value={d.close}
                        disabled={d.closed}
                        onInput={(e) => setDay(d.day, { close: e.currentTarget.value })}
                      />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {[...Object.values(errors.days), ...(errors.hours ? [errors.hours] : [])].map((m) => (
            <p key={m} class="form-error" role="alert">
              {m}
            </p>
          ))}
        </fieldset>
      </div>

      <div class="form-inline-card">
        <fieldset disabled={!admin}>
          <legend>{t('avatar.title')}</legend>
          <label>
            {t('avatar.url')}
            <input
              type="url"
              value={form.avatarUrl}
              placeholder="https://"
              maxLength={2048}
              aria-invalid={errors.avatar ? 'true' : undefined}
              aria-describedby="avatar-hint"
              onInput={(e) => set({ avatarUrl: e.currentTarget.value })}
            />
          </label>
          <p id="avatar-hint" class="muted">
            {t('avatar.hint')}
          </p>
          {errors.avatar && (
            <p class="form-error" role="alert">
              {errors.avatar}
            </p>
          )}
        </fieldset>
      </div>

      <SaveActions state={state} admin={admin} />
    </form>
  );
}
