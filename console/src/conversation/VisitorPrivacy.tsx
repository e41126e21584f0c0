import { useState } from 'preact/hooks';
import { api } from '../api';
import { errorText } from '../errors';
import { t } from '../i18n';
import { conversationsById, memberIds } from '../state/conversations';
import { inboxHref } from '../state/route';

/** Admins: export a visitor's data as JSON, or erase the visitor (LGPD/GDPR requests). */
export function VisitorPrivacy({ visitorId }: { visitorId: string }) {
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function exportData() {
    setError(null);
    try {
      const data = await api.exportVisitor(visitorId);
      const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = `atendo-visitor-${visitorId}.json`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (err) {
      setError(errorText(err));
    }
  }

  async function erase() {
    setError(null);
    try {
      await api.deleteVisitor(visitorId);
      // Drop the visitor's conversations from the inbox at once.
      const byId = { ...conversationsById.value };
      const gone = Object.values(byId)
        .filter((c) => c.visitorId === visitorId)
        .map((c) => c.id);
      for (const id of gone) delete byId[id];
      memberIds.value = memberIds.value.filter((id) => !gone.includes(id));
      conversationsById.value = byId;
      location.hash = inboxHref;
    } catch (err) {
      setError(errorText(err));
      setConfirming(false);
    }
  }

  return (
    <section aria-labelledby="privacy-title" class="privacy">
      <h3 id="privacy-title">{t('privacy.title')}</h3>
      {!confirming ? (
        <p class="form-actions">
          <button type="button" class="btn btn-small" onClick={() => void exportData()}>
            {t('privacy.export')}
          </button>
          <button type="button" class="btn btn-small btn-danger" onClick={() => setConfirming(true)}>
            {t('privacy.delete')}
          </button>
        </p>
      ) : (
        <div role="alertdialog" aria-labelledby="privacy-confirm">
          <p id="privacy-confirm">{t('privacy.deleteConfirm')}</p>
          <p class="form-actions">
            <button type="button" class="btn btn-small btn-danger" onClick={() => void erase()}>
              {t('privacy.deleteYes')}
            </button>
            <button type="button" class="btn btn-small" onClick={() => setConfirming(false)}>
              {t('privacy.cancel')}
            </button>
          </p>
        </div>
      )}
      {error && (
        <p role="alert" class="form-error">
          {error}
        </p>
      )}
    </section>
  );
}
