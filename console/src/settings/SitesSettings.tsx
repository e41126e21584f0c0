import { useEffect, useRef, useState } from 'preact/hooks';
import { SITE_NAME_MAX_LENGTH, type Site } from '@atendo/shared';
import { errorText } from '../errors';
import { fullDateTime } from '../format';
import { locale, t } from '../i18n';
import { notify } from '../state/notices';
import { createSite, loadSites, renameSite, sites, sitesError, sitesState } from '../state/sites';
import { SiteDeletion } from './SiteDeletion';
import { SiteSnippet } from './SiteSnippet';
import { LoadError } from '../ui/LoadError';

/** Settings → Sites: every site with its id; admins create, rename and delete them. */
export function SitesSettings({ admin }: { admin: boolean }) {
  const [createdId, setCreatedId] = useState<string | null>(null);
  const list = sites.value;
  const state = sitesState.value;
  // From the list, so a rename (or a deletion) since shows here too.
  const created = list.find((s) => s.siteId === createdId);
  return (
    <div class="settings-stack sites">
      <p class="muted">{t('sites.intro')}</p>
      {!admin && <p class="muted">{t('sites.adminsOnly')}</p>}
      {admin && <NewSite onCreated={(site) => setCreatedId(site.siteId)} />}
      {created && (
        <div class="site-created">
          <p role="status">{t('sites.created', { site: created.name })}</p>
          <SiteSnippet site={created} />
        </div>
      )}
      {state === 'loading' && list.length === 0 && <p role="status">{t('common.loading')}</p>}
      {state === 'error' && <LoadError message={sitesError.value} onRetry={() => void loadSites()} />}
      {list.length > 0 && (
        <ul class="site-list" aria-label={t('sites.list')}>
          {list.map((s) => (
            <SiteRow key={s.siteId} site={s} admin={admin} last={list.length === 1} />
          ))}
        </ul>
      )}
    </div>
  );
}

function NewSite({ onCreated }: { onCreated(site: Site): void }) {
  const [name, setName] = useState('');
  const [state, setState] = useState<{ kind: 'idle' | 'saving' } | { kind: 'error'; message: string }>({ kind: 'idle' });
  async function submit(e: Event) {
    e.preventDefault();
    setState({ kind: 'saving' });
    try {
      onCreated(await createSite(name.trim()));
      setName('');
      setState({ kind: 'idle' });
    } catch (err) {
      setState({ kind: 'error', message: errorText(err) });
    }
  }
  return (
    <form class="form form-inline-card" aria-label={t('sites.newTitle')} onSubmit={(e) => void submit(e)}>
      <div class="form-row">
        <label>
          {t('sites.name')}
          <input value={name} required maxLength={SITE_NAME_MAX_LENGTH} aria-describedby="site-name-hint" onInput={(e) => setName(e.currentTarget.value)} />
        </label>
        <button type="submit" class="btn btn-primary" disabled={state.kind === 'saving' || !name.trim()}>
          {state.kind === 'saving' ? t('sites.creating') : t('sites.create')}
        </button>
      </div>
      <span id="site-name-hint" class="muted hint">
        {t('sites.nameHint')}
      </span>
      {state.kind === 'error' && (
        <p role="alert" class="form-error">
          {state.message}
        </p>
      )}
    </form>
  );
}

/** One site: its name (a field while renaming), id and creation date, and the admin's actions. */
function SiteRow({ site, admin, last }: { site: Site; admin: boolean; last: boolean }) {
  const [mode, setMode] = useState<'view' | 'rename' | 'delete'>('view');
  return (
    <li class="card site-row">
      <div class="site-card-head">
        <span class="site-dot" style={{ backgroundColor: site.color }} aria-hidden="true" />
        {mode === 'rename' ? <RenameSite site={site} onDone={() => setMode('view')} /> : <h3>{site.name}</h3>}
        <span class="muted mono">{t('install.siteId', { id: site.siteId })}</span>
        <span class="muted">{t('sites.createdAt', { date: fullDateTime(site.createdAt, locale.value) })}</span>
        {admin && mode === 'view' && (
          <span class="row-actions push-end">
            <button type="button" class="link-btn" aria-label={t('sites.renameOf', { site: site.name })} onClick={() => setMode('rename')}>
              {t('sites.rename')}
            </button>
            <button
              type="button"
              class="link-btn danger"
              aria-label={t('sites.deleteOf', { site: site.name })}
              disabled={last}
              title={last ? t('sites.lastSite') : undefined}
              onClick={() => setMode('delete')}
            >
              {t('common.delete')}
            </button>
          </span>
        )}
      </div>
      {admin && last && <p class="muted hint">{t('sites.lastSite')}</p>}
      {mode === 'delete' && <SiteDeletion site={site} onCancel={() => setMode('view')} />}
    </li>
  );
}

function RenameSite({ site, onDone }: { site: Site; onDone(): void }) {
  const [name, setName] = useState(site.name);
  const [saving, setSaving] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.select(), []);
  async function submit(e: Event) {
    e.preventDefault();
    if (name.trim() === site.name) return onDone();
    setSaving(true);
    try {
      await renameSite(site.siteId, name.trim());
      onDone();
    } catch (err) {
      setSaving(false);
      notify(errorText(err));
    }
  }
  return (
    <form class="form site-rename" onSubmit={(e) => void submit(e)}>
      <input
        ref={input}
        value={name}
        required
        maxLength={SITE_NAME_MAX_LENGTH}
        aria-label={t('sites.renameLabel', { site: site.name })}
        onInput={(e) => setName(e.currentTarget.value)}
        onKeyDown={(e) => e.key === 'Escape' && onDone()}
      />
      <button type="submit" class="btn btn-small btn-primary" disabled={saving || !name.trim()}>
        {saving ? t('common.saving') : t('common.save')}
      </button>
      <button type="button" class="btn btn-small" onClick={onDone}>
        {t('common.cancel')}
      </button>
    </form>
  );
}
