import { useState } from 'preact/hooks';
import { DEFAULT_WIDGET_SETTINGS, type Site } from '@atendo/shared';
import { api } from '../api';
import { errorText } from '../errors';
import { t } from '../i18n';
import { sites } from '../state/sites';
import { SaveActions } from './SaveActions';

const NAME = /^[A-Za-z0-9_.[\]-]{1,64}$/;

/**
 * Settings → Security, for the site picked there (admins): which query parameters of page
 * addresses and referrers are kept for agents to see; fragments and every other parameter are dropped
 * by the server. Saves the site's whole widget-settings object from the latest copy the sites list
 * holds, so the other sections' settings are kept.
 */
export function PageParamsSettings({ site }: { site: Site }) {
  const current = { ...DEFAULT_WIDGET_SETTINGS, ...site.settings };
  const [text, setText] = useState(current.pageQueryParams.join('\n'));
  const [state, setState] = useState<{ kind: 'idle' | 'saving' | 'saved' } | { kind: 'error'; message: string }>({ kind: 'idle' });
  const names = [
    ...new Set(
      text
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean),
    ),
  ];
  const invalid = names.filter((n) => !NAME.test(n));

  async function save(e: Event) {
    e.preventDefault();
    if (invalid.length) return;
    setState({ kind: 'saving' });
    try {
      const latest = sites.value.find((x) => x.siteId === site.siteId) ?? site;
      const res = await api.setWidgetSettings(site.siteId, { ...DEFAULT_WIDGET_SETTINGS, ...latest.settings, pageQueryParams: names });
      sites.value = sites.value.map((x) => (x.siteId === res.site.siteId ? res.site : x));
      setState({ kind: 'saved' });
    } catch (err) {
      setState({ kind: 'error', message: errorText(err) });
    }
  }

  return (
    <form class="form" aria-labelledby="page-params-title" onSubmit={(e) => void save(e)}>
      <div class="form-inline-card">
        <p class="muted" id="page-params-hint">
          {t('security.pageParamsHint')}
        </p>
        <label id="page-params-title">
          {t('security.pageParams')}
          <textarea
            rows={5}
            spellcheck={false}
            aria-describedby="page-params-hint"
            aria-invalid={invalid.length > 0}
            value={text}
            onInput={(e) => {
              setText(e.currentTarget.value);
              setState({ kind: 'idle' });
            }}
          />
        </label>
        {invalid.length > 0 && (
          <p class="form-error" role="alert">
            {t('security.pageParamsInvalid', { list: invalid.join(', ') })}
          </p>
        )}
      </div>
      <SaveActions state={state} label={t('security.pageParamsSave')} disabled={invalid.length > 0} />
    </form>
  );
}
