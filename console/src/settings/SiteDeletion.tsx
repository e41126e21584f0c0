import { useEffect, useRef, useState } from 'preact/hooks';
import type { Site, SiteDeletionCounts } from '@atendo/shared';
import { api } from '../api';
import { errorText } from '../errors';
import { t, type MessageKey } from '../i18n';
import { notify } from '../state/notices';
import { deleteSite } from '../state/sites';

const COUNTS: [keyof SiteDeletionCounts, MessageKey][] = [
  ['conversations', 'sites.count.conversations'],
  ['messages', 'sites.count.messages'],
  ['visitors', 'sites.count.visitors'],
  ['articles', 'sites.count.articles'],
  ['attachments', 'sites.count.attachments'],
  ['webhooks', 'sites.count.webhooks'],
];

/**
 * "Delete this site?": what it takes with it (counted by the server), and the site's name to type
 * back. The Delete button stays off until the name matches, as the server checks it too.
 */
export function SiteDeletion({ site, onCancel }: { site: Site; onCancel(): void }) {
  const [counts, setCounts] = useState<SiteDeletionCounts | null>(null);
  const [typed, setTyped] = useState('');
  const [state, setState] = useState<{ kind: 'idle' | 'deleting' } | { kind: 'error'; message: string }>({ kind: 'idle' });
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    input.current?.focus();
    api.siteDeletion(site.siteId).then(
      (res) => setCounts(res.deletion.counts),
      (err: unknown) => setState({ kind: 'error', message: errorText(err) }),
    );
  }, [site.siteId]);
  const matches = typed.trim() === site.name;

  async function submit(e: Event) {
    e.preventDefault();
    if (!matches) return;
    setState({ kind: 'deleting' });
    try {
      await deleteSite(site.siteId, typed.trim());
      notify(t('sites.deleted', { site: site.name }));
    } catch (err) {
      setState({ kind: 'error', message: errorText(err) });
    }
  }

  const id = `delete-site-${site.siteId}`;
  return (
    <form
      class="confirm site-deletion form"
      role="alertdialog"
      aria-label={t('sites.deleteTitle', { site: site.name })}
      aria-describedby={id}
      onSubmit={(e) => void submit(e)}
    >
      <p>
        <strong>{t('sites.deleteTitle', { site: site.name })}</strong>
      </p>
      <p id={id}>{t('sites.deleteWarning')}</p>
      {counts ? (
        <dl class="deletion-counts">
          {COUNTS.map(([key, label]) => (
            <div key={key}>
              <dt>{t(label)}</dt>
              <dd>{counts[key]}</dd>
            </div>
          ))}
        </dl>
      ) : (
        state.kind !== 'error' && <p role="status">{t('sites.counting')}</p>
      )}
      <label>
        {t('sites.confirmLabel', { site: site.name })}
        <input ref={input} value={typed} autoComplete="off" spellcheck={false} onInput={(e) => setTyped(e.currentTarget.value)} />
      </label>
      {state.kind === 'error' && (
        <p role="alert" class="form-error">
          {state.message}
        </p>
      )}
      <div class="form-actions">
        <button type="submit" class="btn btn-small btn-danger" disabled={!matches || state.kind === 'deleting'}>
          {state.kind === 'deleting' ? t('sites.deleting') : t('sites.confirmDelete')}
        </button>
        <button type="button" class="btn btn-small" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
