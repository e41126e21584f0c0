import { useState } from 'preact/hooks';
import type { CannedReply } from '@atendo/shared';
import { errorText } from '../errors';
import { t } from '../i18n';
import { cannedReplies, deleteCanned, saveCanned } from '../state/canned';

/** Canned replies: everyone sees them, admins add, edit and delete. */
export function CannedSettings({ admin }: { admin: boolean }) {
  const [editing, setEditing] = useState<CannedReply | null>(null);
  return (
    <div class="settings-stack">
      <p class="muted">{t('canned.intro')}</p>
      {admin && <CannedForm key={editing?.id ?? 'new'} reply={editing} onDone={() => setEditing(null)} />}
      {cannedReplies.value.length === 0 ? (
        <p class="list-empty">{t('canned.empty')}</p>
      ) : (
        <ul class="canned-list" aria-label={t('settings.canned')}>
          {cannedReplies.value.map((r) => (
            <li key={r.id}>
              <code>/{r.shortcut}</code>
              <span class="canned-body">{r.body}</span>
              {admin && (
                <span class="row-actions">
                  <button type="button" class="link-btn" onClick={() => setEditing(r)}>
                    {t('common.edit')}
                  </button>
                  <button type="button" class="link-btn danger" onClick={() => void deleteCanned(r.id)}>
                    {t('common.delete')}
                  </button>
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function CannedForm({ reply, onDone }: { reply: CannedReply | null; onDone: () => void }) {
  const [shortcut, setShortcut] = useState(reply?.shortcut ?? '');
  const [body, setBody] = useState(reply?.body ?? '');
  const [error, setError] = useState<string | null>(null);
  async function submit(e: Event) {
    e.preventDefault();
    try {
      await saveCanned(reply?.id ?? null, { shortcut, body });
      setShortcut('');
      setBody('');
      setError(null);
      onDone();
    } catch (err) {
      setError(errorText(err));
    }
  }
  return (
    <form class="form form-inline-card" onSubmit={(e) => void submit(e)} aria-label={reply ? t('canned.edit') : t('canned.add')}>
      <label>
        {t('canned.shortcut')}
        <input value={shortcut} required maxLength={41} placeholder={t('canned.shortcutPlaceholder')} onInput={(e) => setShortcut(e.currentTarget.value)} />
      </label>
      <label>
        {t('canned.body')}
        <textarea value={body} required rows={3} maxLength={5000} onInput={(e) => setBody(e.currentTarget.value)} />
      </label>
      <div class="form-actions">
        <button type="submit" class="btn btn-primary">
          {reply ? t('common.save') : t('canned.add')}
        </button>
        {reply && (
          <button type="button" class="btn" onClick={onDone}>
            {t('common.cancel')}
          </button>
        )}
        {error && (
          <span role="alert" class="form-error">
            {error}
          </span>
        )}
      </div>
    </form>
  );
}
