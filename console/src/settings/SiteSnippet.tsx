import { useEffect, useRef, useState } from 'preact/hooks';
import type { Site } from '@atendo/shared';
import { t } from '../i18n';
import { copyText } from '../ui/copy';

type CopyState = 'idle' | 'copied' | 'failed';

/** One site's install snippet in a read-only code box, with a Copy button. */
export function SiteSnippet({ site }: { site: Site }) {
  const box = useRef<HTMLTextAreaElement>(null);
  const [state, setState] = useState<CopyState>('idle');
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const headingId = `site-${site.siteId}`;

  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );

  async function copy() {
    const ok = await copyText(site.snippet, box.current);
    setState(ok ? 'copied' : 'failed');
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => setState('idle'), 2000);
  }

  return (
    <section class="card site-card" aria-labelledby={headingId}>
      <div class="site-card-head">
        <span class="site-dot" style={{ backgroundColor: site.color }} aria-hidden="true" />
        <h3 id={headingId}>{site.name}</h3>
        <span class="muted mono">{t('install.siteId', { id: site.siteId })}</span>
      </div>
      <div class="code-box">
        <textarea
          ref={box}
          class="mono"
          readOnly
          rows={2}
          spellcheck={false}
          aria-label={t('install.snippetFor', { site: site.name })}
          value={site.snippet}
          onFocus={(e) => e.currentTarget.select()}
        />
        <button type="button" class={`btn ${state === 'copied' ? 'btn-success' : 'btn-primary'}`} onClick={() => void copy()}>
          {state === 'copied' ? t('install.copied') : t('install.copy')}
        </button>
      </div>
      <p class="copy-status" role="status">
        {state === 'failed' ? t('install.copyFailed') : state === 'copied' ? <span class="sr-only">{t('install.copied')}</span> : null}
      </p>
    </section>
  );
}
