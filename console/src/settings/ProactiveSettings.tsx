import { useEffect, useRef, useState } from 'preact/hooks';
import { DEFAULT_WIDGET_SETTINGS, type Site, type Trigger } from '@atendo/shared';
import { api } from '../api';
import { errorText } from '../errors';
import { timeAmount } from '../format';
import { locale, t } from '../i18n';
import { sites } from '../state/sites';
import type { SaveState } from './SaveActions';
import { SitePicker } from '../shell/SitePicker';

/** A fresh id matching the schema (`[A-Za-z0-9_-]{1,32}`). */
function newTriggerId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  return (
    't' +
    [...bytes]
      .map((b) => b.toString(36).padStart(2, '0'))
      .join('')
      .slice(0, 12)
  );
}

/** "after 5 sec · on *pricing* · from visit 2", or "off" (the time through Intl, in the agent's language). */
function summary(tr: Trigger): string {
  const parts = [
    t('proactive.after', { time: timeAmount(tr.timeOnPageSec ?? 0, 'second', locale.value) }),
    tr.urlPattern ? t('proactive.onUrl', { url: tr.urlPattern }) : t('proactive.anyPage'),
    ...((tr.minVisits ?? 1) > 1 ? [t('proactive.fromVisit', { n: tr.minVisits! })] : []),
  ];
  return parts.join(' · ') + (tr.enabled ? '' : ` · ${t('proactive.off')}`);
}

/**
 * Settings → Proactive messages (admins edit): triggers that greet visitors. Every change saves the
 * site's whole widget-settings object, starting from the one the sites list holds, so the other
 * sections' settings are kept.
 */
export function ProactiveSettings({ admin }: { admin: boolean }) {
  const list = sites.value;
  const [siteId, setSiteId] = useState<string | null>(null);
  const site = list.find((s) => s.siteId === siteId) ?? list[0];
  const [editing, setEditing] = useState<Trigger | 'new' | null>(null);
  const [state, setState] = useState<SaveState>({ kind: 'idle' });
  if (!site) return <p role="status">{t('common.loading')}</p>;
  const triggers = site.settings?.triggers ?? [];

  async function save(s: Site, next: Trigger[]): Promise<boolean> {
    setState({ kind: 'saving' });
    try {
      const res = await api.setWidgetSettings(s.siteId, { ...DEFAULT_WIDGET_SETTINGS, ...s.settings, triggers: next });
      sites.value = sites.value.map((x) => (x.siteId === res.site.siteId ? res.site : x));
      setState({ kind: 'saved' });
      return true;
    } catch (err) {
      setState({ kind: 'error', message: errorText(err) });
      return false;
    }
  }

  return (
    <div class="proactive">
      <p class="muted">{t('proactive.intro')}</p>
      <p class="muted">{t('proactive.privacy')}</p>
      <div class="form">
        <SitePicker
          sites={list}
          value={site.siteId}
          label={t('appearance.site')}
          onChange={(id) => {
            setSiteId(id);
            setEditing(null);
          }}
        />
      </div>
      {triggers.length === 0 ? (
        <p class="list-empty">{t('proactive.empty')}</p>
      ) : (
        <ul class="canned-list trigger-list" aria-label={t('proactive.list', { site: site.name })}>
          {triggers.map((tr) => (
            <li key={tr.id}>
              <label class="trigger-toggle">
                <input
                  type="checkbox"
                  checked={tr.enabled}
                  disabled={!admin || state.kind === 'saving'}
                  aria-label={t('proactive.enabledFor', { name: tr.name })}
                  onChange={(e) =>
                    void save(
                      site,
                      triggers.map((x) => (x.id === tr.id ? { ...x, enabled: e.currentTarget.checked } : x)),
                    )
                  }
                />
              </label>
              <span class="trigger-text">
                <strong>{tr.name}</strong>
                <span class="canned-body">{tr.message}</span>
                <span class="muted trigger-when">{summary(tr)}</span>
              </span>
              {admin && (
                <span class="row-actions">
                  <button type="button" class="link-btn" aria-label={t('proactive.editFor', { name: tr.name })} onClick={() => setEditing(tr)}>
                    {t('common.edit')}
                  </button>
                  <button
                    type="button"
                    class="link-btn danger"
                    aria-label={t('proactive.deleteFor', { name: tr.name })}
                    onClick={() =>
                      void save(
                        site,
                        triggers.filter((x) => x.id !== tr.id),
                      )
                    }
                  >
                    {t('common.delete')}
                  </button>
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
      {admin && editing === null && triggers.length < 20 && (
        <p>
          <button type="button" class="btn" onClick={() => setEditing('new')}>
            {t('proactive.add')}
          </button>
        </p>
      )}
      {admin && editing !== null && (
        <TriggerForm
          key={editing === 'new' ? 'new' : editing.id}
          trigger={editing === 'new' ? null : editing}
          saving={state.kind === 'saving'}
          onCancel={() => setEditing(null)}
          onSave={async (tr) => {
            const next = triggers.some((x) => x.id === tr.id) ? triggers.map((x) => (x.id === tr.id ? tr : x)) : [...triggers, tr];
            if (await save(site, next)) setEditing(null);
          }}
        />
      )}
      {state.kind === 'saved' && <p role="status">{t('common.saved')}</p>}
      {state.kind === 'error' && (
        <p role="alert" class="form-error">
          {state.message}
        </p>
      )}
      {!admin && <p class="muted">{t('settings.adminsOnly')}</p>}
    </div>
  );
}

function TriggerForm({ trigger, saving, onSave, onCancel }: { trigger: Trigger | null; saving: boolean; onSave(t: Trigger): void; onCancel(): void }) {
  const [name, setName] = useState(trigger?.name ?? '');
  const [message, setMessage] = useState(trigger?.message ?? '');
  const [seconds, setSeconds] = useState(String(trigger?.timeOnPageSec ?? 10));
  const [url, setUrl] = useState(trigger?.urlPattern ?? '');
  const [visits, setVisits] = useState(String(trigger?.minVisits ?? 1));
  const [enabled, setEnabled] = useState(trigger?.enabled ?? true);
  const int = (s: string, min: number, max: number) => Math.min(max, Math.max(min, Math.round(Number(s) || 0)));
  const first = useRef<HTMLInputElement>(null);
  // The form opens below the list: take the agent there.
  useEffect(() => {
    first.current?.focus();
    first.current?.scrollIntoView?.({ block: 'center' });
  }, []);

  return (
    <form
      class="form form-inline-card"
      aria-label={trigger ? t('proactive.edit') : t('proactive.add')}
      onSubmit={(e) => {
        e.preventDefault();
        const minVisits = int(visits, 1, 1000);
        onSave({
          id: trigger?.id ?? newTriggerId(),
          name: name.trim(),
          enabled,
          message: message.trim(),
          timeOnPageSec: int(seconds, 0, 3600),
          ...(url.trim() ? { urlPattern: url.trim() } : {}),
          ...(minVisits > 1 ? { minVisits } : {}),
        });
      }}
    >
      <label>
        {t('proactive.name')}
        <input ref={first} value={name} required maxLength={60} onInput={(e) => setName(e.currentTarget.value)} />
      </label>
      <label>
        {t('proactive.message')}
        <textarea value={message} required rows={3} maxLength={500} onInput={(e) => setMessage(e.currentTarget.value)} />
      </label>
      <label>
        {t('proactive.time')}
        <input type="number" min={0} max={3600} step={1} value={seconds} required onInput={(e) => setSeconds(e.currentTarget.value)} />
      </label>
      <label>
        {t('proactive.url')}
        <input value={url} maxLength={300} placeholder={t('proactive.urlPlaceholder')} onInput={(e) => setUrl(e.currentTarget.value)} />
      </label>
      <label>
        {t('proactive.visits')}
        <input type="number" min={1} max={1000} step={1} value={visits} required onInput={(e) => setVisits(e.currentTarget.value)} />
      </label>
      <label class="check">
        <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.currentTarget.checked)} />
        {t('proactive.enabled')}
      </label>
      <div class="form-actions">
        <button type="submit" class="btn btn-primary" disabled={saving}>
          {saving ? t('common.saving') : trigger ? t('common.save') : t('proactive.add')}
        </button>
        <button type="button" class="btn" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
