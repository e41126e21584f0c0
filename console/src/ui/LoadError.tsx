import { t } from '../i18n';

/** What a list or page shows when it could not load: why, and a button to try again. */
export function LoadError({ message, onRetry }: { message: string | null | undefined; onRetry: () => void }) {
  return (
    <div class="inline-error" role="alert">
      <p>{message}</p>
      <button type="button" class="btn btn-small" onClick={onRetry}>
        {t('common.retry')}
      </button>
    </div>
  );
}
