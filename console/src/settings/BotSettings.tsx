import { useEffect, useState } from 'preact/hooks';
import { BOT_MODES, type BotMode, type Site } from '@atendo/shared';
import { api } from '../api';
import { errorText } from '../errors';
import { t, type MessageKey } from '../i18n';
import { settingsHref } from '../state/route';
import { sites } from '../state/sites';
import { SitePicker } from '../shell/SitePicker';
import { Link } from '../ui/Link';
import { SaveActions, type SaveState } from './SaveActions';
import { LoadError } from '../ui/LoadError';

const MODE: Record<BotMode, { label: MessageKey; hint: MessageKey }> = {
  off: { label: 'bot.mode.off', hint: 'bot.mode.offHint' },
  always: { label: 'bot.mode.always', hint: 'bot.mode.alwaysHint' },
  offline: { label: 'bot.mode.offline', hint: 'bot.mode.offlineHint' },
};

/** Settings → Answer bot: per site, when the bot answers a new conversation (off, always, only when nobody can); admins change it. */
export function BotSettings({ admin }: { admin: boolean }) {
  const list = sites.value;
  const [siteId, setSiteId] = useState<string | null>(null);
  const site: Site | undefined = list.find((s) => s.siteId === siteId) ?? list[0];
  if (!site) return <p role="status">{t('common.loading')}</p>;
  // Keyed by site: picking another site reads that site's mode.
  return <BotForm key={site.siteId} site={site} list={list} admin={admin} onSite={setSiteId} />;
}

function BotForm({ site, list, admin, onSite }: { site: Site; list: readonly Site[]; admin: boolean; onSite(id: string): void }) {
  const [mode, setMode] = useState<BotMode | null>(null);
  /** The site has published articles the bot can offer (read with the mode: the sites list may predate them). */
  const [offers, setOffers] = useState(true);
  const [load, setLoad] = useState<{ kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready' }>({ kind: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const [state, setState] = useState<SaveState>({ kind: 'idle' });

  useEffect(() => {
    let live = true;
    setLoad({ kind: 'loading' });
    api.botSettings(site.siteId).then(
      (res) => live && (setMode(res.mode), setLoad({ kind: 'ready' })),
      (err: unknown) => live && setLoad({ kind: 'error', message: errorText(err) }),
    );
    // Without an answer the warning stays away: it is advice, not the setting.
    api.listArticles(site.siteId).then(
      (res) => live && setOffers(res.items.some((a) => a.published)),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [site.siteId, attempt]);

  async function save(e: Event) {
    e.preventDefault();
    if (!mode) return;
    setState({ kind: 'saving' });
    try {
      setMode((await api.setBotSettings(site.siteId, { mode })).mode);
      setState({ kind: 'saved' });
    } catch (err) {
      setState({ kind: 'error', message: errorText(err) });
    }
  }

  return (
    <form class="form bot-settings" aria-labelledby="bot-mode-title" onSubmit={(e) => void save(e)}>
      <p class="muted">{t('bot.intro')}</p>
      <SitePicker sites={list} value={site.siteId} label={t('bot.site')} onChange={onSite} />
      {!offers && (
        <p class="bot-warning" role="note">
          {t('bot.noArticles')} <Link href={settingsHref('articles')}>{t('bot.writeArticles')}</Link>
        </p>
      )}
      {load.kind === 'loading' && <p role="status">{t('common.loading')}</p>}
      {load.kind === 'error' && <LoadError message={load.message} onRetry={() => setAttempt((n) => n + 1)} />}
      {load.kind === 'ready' && (
        <>
          <div class="form-inline-card">
            <fieldset disabled={!admin}>
              <legend id="bot-mode-title">{t('bot.mode')}</legend>
              {BOT_MODES.map((m) => (
                <label key={m} class="bot-mode">
                  <input
                    type="radio"
                    name="bot-mode"
                    value={m}
                    checked={mode === m}
                    aria-describedby={`bot-mode-${m}-hint`}
                    onChange={() => (setMode(m), setState({ kind: 'idle' }))}
                  />
                  <span>
                    <span class="bot-mode-label">{t(MODE[m].label)}</span>
                    <span id={`bot-mode-${m}-hint`} class="muted bot-mode-hint">
                      {t(MODE[m].hint)}
                    </span>
                  </span>
                </label>
              ))}
            </fieldset>
          </div>
          <SaveActions state={state} admin={admin} />
        </>
      )}
    </form>
  );
}
