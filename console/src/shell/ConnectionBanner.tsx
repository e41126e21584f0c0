import { t } from '../i18n';
import { connection, reconnectNow } from '../state/live';

/** "Reconnecting…" while the socket is down after having been up (or failing from the start). */
export function ConnectionBanner() {
  const c = connection.value;
  const down = c.status === 'offline' ? c.retryAt !== null : c.status === 'connecting' && (c.everConnected || c.attempt > 0);
  return (
    <div class="banner-slot" role="status">
      {down && (
        <div class="banner">
          <span class="spinner" aria-hidden="true" />
          <strong>{t('banner.reconnecting')}</strong>
          <span class="banner-detail">{t('banner.queued')}</span>
          {c.status === 'offline' && (
            <button type="button" class="btn btn-small" onClick={reconnectNow}>
              {t('banner.retryNow')}
            </button>
          )}
        </div>
      )}
    </div>
  );
}
