import { t } from '../i18n';
import { dismissNotice, notices } from '../state/notices';

export function Notices() {
  return (
    <div class="notices" role="status">
      {notices.value.map((n) => (
        <div key={n.id} class="notice">
          <span>{n.text}</span>
          <button type="button" class="icon-btn" aria-label={t('common.dismiss')} onClick={() => dismissNotice(n.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
