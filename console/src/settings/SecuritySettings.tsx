import { useEffect, useState } from 'preact/hooks';
import { normalizeOrigin, type SiteSecurity } from '@atendo/shared';
import { api } from '../api';
import { errorText } from '../errors';
import { t } from '../i18n';
import { sites } from '../state/sites';
import { SitePicker } from '../shell/SitePicker';
import { SaveActions, type SaveState } from './SaveActions';
import { PageParamsSettings } from './PageParamsSettings';

/** Settings → Security: a site's allowed origins, whether identities are required, and its identity secret (admins). */
export function SecuritySettings({ admin }: { admin: boolean }) {
  const list = sites.value;
  const [siteId, setSiteId] = useState<string | null>(null);
  const site = list.find((s) => s.siteId === siteId) ?? list[0];
  const [loaded, setLoaded] = useState<SiteSecurity | null>(null);
  const [origins, setOrigins] = useState('');
  const [required, setRequired] = useState(false);
  const [reveal, setReveal] = useState(false);
  const [state, setState] = useState<SaveState>({ kind: 'idle' });

  useEffect(() => {
    if (!site || !admin) return;
    setLoaded(null);
    api.siteSecurity(site.siteId).then(
      (res) => show(res.security),
      (err) => setState({ kind: 'error', message: errorText(err) }),
    );
  }, [site?.siteId, admin]);

  function show(sec: SiteSecurity) {
    setLoaded(sec);
    setOrigins(sec.allowedOrigins.join('\n'));
    setRequired(sec.identityRequired);
  }

  if (!admin) return <p class="muted">{t('security.adminsOnly')}</p>;
  if (!site || !loaded)
    return state.kind === 'error' ? (
      <p role="alert" class="form-error">
        {state.message}
      </p>
    ) : (
      <p role="status">{t('common.loading')}</p>
    );

  const lines = origins
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const invalid = lines.filter((l) => normalizeOrigin(l) === null);

  async function save(e: Event) {
    e.preventDefault();
    if (!site || invalid.length) return;
    setState({ kind: 'saving' });
    try {
      show((await api.setSiteSecurity(site.siteId, { allowedOrigins: lines, identityRequired: required })).security);
      setState({ kind: 'saved' });
    } catch (err) {
      setState({ kind: 'error', message: errorText(err) });
    }
  }

  async function rotate() {
    if (!site || !window.confirm(t('security.rotateConfirm'))) return;
    try {
      show((await api.rotateSecret(site.siteId)).security);
      setReveal(true);
    } catch (err) {
      setState({ kind: 'error', message: errorText(err) });
    }
  }

  return (
    <>
      <form class="form security" onSubmit={(e) => void save(e)}>
        <SitePicker sites={list} value={site.siteId} label={t('appearance.site')} onChange={(id) => setSiteId(id)} />
        <p class="muted">{t('security.intro')}</p>
        <label>
          {t('security.origins', { site: site.name })}
          <textarea
            value={origins}
            rows={4}
            spellcheck={false}
            placeholder={t('security.originsPlaceholder')}
            aria-invalid={invalid.length > 0}
            onInput={(e) => {
              setOrigins(e.currentTarget.value);
              setState({ kind: 'idle' });
            }}
          />
        </label>
        {invalid.length > 0 && (
          <p role="alert" class="form-error">
            {t('security.originsInvalid', { list: invalid.join(', ') })}
          </p>
        )}
        {lines.length === 0 && <p class="muted">{t('security.originsEmpty')}</p>}
        <label class="check">
          <input type="checkbox" checked={required} onChange={(e) => setRequired(e.currentTarget.checked)} />
          {t('security.identityRequired')}
        </label>
        <SaveActions state={state} label={t('security.save')} savedLabel={t('security.saved')} disabled={invalid.length > 0} />
        <fieldset>
          <legend>{t('security.secret')}</legend>
          <p class="muted">{t('security.secretHint')}</p>
          <p class="color-row">
            <code data-testid="site-secret">{reveal ? loaded.secret : '•'.repeat(24)}</code>
            <button type="button" class="btn btn-small" onClick={() => setReveal(!reveal)}>
              {reveal ? t('security.hide') : t('security.reveal')}
            </button>
            <button type="button" class="btn btn-small" onClick={() => void rotate()}>
              {t('security.rotate')}
            </button>
          </p>
        </fieldset>
      </form>
      {/* Page addresses agents see: for the same site, saved on its own. */}
      <PageParamsSettings key={site.siteId} site={site} />
    </>
  );
}
