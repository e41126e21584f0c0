import { t } from '../i18n';

/** Where a settings form is: editing, saving, saved, or refused with a message. */
export type SaveState = { kind: 'idle' | 'saving' | 'saved' } | { kind: 'error'; message: string };

/** A settings form's Save button with its "Saved" / error status beside it; for a non-admin, the note that only admins can change it. */
export function SaveActions({
  state,
  label = t('common.save'),
  savedLabel = t('common.saved'),
  disabled = false,
  admin = true,
}: {
  state: SaveState;
  label?: string;
  savedLabel?: string;
  disabled?: boolean;
  admin?: boolean;
}) {
  if (!admin) return <p class="muted">{t('settings.adminsOnly')}</p>;
  return (
    <div class="form-actions">
      <button type="submit" class="btn btn-primary" disabled={disabled || state.kind === 'saving'}>
        {state.kind === 'saving' ? t('common.saving') : label}
      </button>
      {state.kind === 'saved' && <span role="status">{savedLabel}</span>}
      {state.kind === 'error' && (
        <span role="alert" class="form-error">
          {state.message}
        </span>
      )}
    </div>
  );
}
