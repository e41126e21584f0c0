import { useEffect } from 'preact/hooks';
import { t } from '../i18n';
import { installHref } from '../state/route';
import { loadSites, sites, sitesError, sitesState } from '../state/sites';
import { Link } from './Link';
import { SiteSnippet } from './SiteSnippet';

/** Settings; for now one section, Install: the snippet for each site. */
export function SettingsPage() {
  useEffect(() => {
    void loadSites();
  }, []);
  const state = sitesState.value;
  return (
    <div class="settings">
      <nav class="settings-nav" aria-label={t('settings.sections')}>
        <h1>{t('settings.title')}</h1>
        <Link href={installHref} aria-current="page">
          {t('settings.install')}
        </Link>
      </nav>
      <main class="settings-body" aria-labelledby="install-title">
        <h2 id="install-title">{t('settings.install')}</h2>
        <p class="muted">{t('install.intro')}</p>
        {state === 'loading' && <p role="status">{t('common.loading')}</p>}
        {state === 'error' && (
          <div class="inline-error" role="alert">
            <p>{sitesError.value}</p>
            <button type="button" class="btn btn-small" onClick={() => void loadSites()}>
              {t('common.retry')}
            </button>
          </div>
        )}
        {state === 'ready' && sites.value.length === 0 && <p>{t('install.noSites')}</p>}
        {sites.value.map((site) => (
          <SiteSnippet key={site.siteId} site={site} />
        ))}
      </main>
    </div>
  );
}
