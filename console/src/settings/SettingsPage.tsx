import { useEffect } from 'preact/hooks';
import type { Agent } from '@atendo/shared';
import { t, type MessageKey } from '../i18n';
import { SETTINGS_SECTIONS, settingsHref, type SettingsSection } from '../state/route';
import { loadSites, sites, sitesError, sitesState } from '../state/sites';
import { AccountSettings } from './AccountSettings';
import { AgentsSettings } from './AgentsSettings';
import { AppearanceSettings } from './AppearanceSettings';
import { ApiTokensSettings } from './ApiTokensSettings';
import { ArticlesSettings } from './ArticlesSettings';
import { BotSettings } from './BotSettings';
import { CannedSettings } from './CannedSettings';
import { NotificationSettings } from './NotificationSettings';
import { Link } from '../ui/Link';
import { PrechatHoursSettings } from './PrechatHoursSettings';
import { ProactiveSettings } from './ProactiveSettings';
import { SecuritySettings } from './SecuritySettings';
import { SiteSnippet } from './SiteSnippet';
import { SitesSettings } from './SitesSettings';
import { SurveySettings } from './SurveySettings';
import { WebhooksSettings } from './WebhooksSettings';

const LABEL: Record<SettingsSection, MessageKey> = {
  install: 'settings.install',
  sites: 'settings.sites',
  appearance: 'settings.appearance',
  prechat: 'settings.prechat',
  proactive: 'settings.proactive',
  articles: 'settings.articles',
  bot: 'settings.bot',
  canned: 'settings.canned',
  agents: 'settings.agents',
  security: 'settings.security',
  integrations: 'settings.integrations',
  account: 'settings.account',
};

/** Settings: install snippet, widget appearance, canned replies, agents (editing is for admins). */
export function SettingsPage({ section = 'install', agent }: { section?: SettingsSection; agent?: Agent }) {
  useEffect(() => {
    void loadSites();
  }, []);
  const admin = agent?.role === 'admin';
  return (
    <div class="settings">
      <nav class="settings-nav" aria-label={t('settings.sections')}>
        <h1>{t('settings.title')}</h1>
        {SETTINGS_SECTIONS.map((s) => (
          <Link key={s} href={settingsHref(s)} aria-current={s === section ? 'page' : undefined}>
            {t(LABEL[s])}
          </Link>
        ))}
      </nav>
      <main class="settings-body" aria-labelledby={`${section}-title`}>
        <h2 id={`${section}-title`}>{t(LABEL[section])}</h2>
        {section === 'install' && <Install />}
        {section === 'sites' && <SitesSettings admin={admin} />}
        {section === 'appearance' && <AppearanceSettings admin={admin} />}
        {section === 'proactive' && <ProactiveSettings admin={admin} />}
        {section === 'articles' && <ArticlesSettings admin={admin} />}
        {section === 'bot' && <BotSettings admin={admin} />}
        {section === 'canned' && <CannedSettings admin={admin} />}
        {section === 'agents' && <AgentsSettings admin={admin} />}
        {section === 'security' && <SecuritySettings admin={admin} />}
        {section === 'integrations' && <ApiTokensSettings admin={admin} />}
        {section === 'integrations' && <WebhooksSettings admin={admin} />}
        {section === 'account' && agent && <AccountSettings agent={agent} />}
        {/* Every agent's own choice, so in their account section. */}
        {section === 'account' && agent && <NotificationSettings />}
        {section === 'prechat' && <PrechatHoursSettings admin={admin} />}
        {/* End of conversation survey: widget behaviour, so beside pre-chat and hours. */}
        {section === 'prechat' && <SurveySettings admin={admin} />}
      </main>
    </div>
  );
}

function Install() {
  const state = sitesState.value;
  return (
    <>
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
    </>
  );
}
