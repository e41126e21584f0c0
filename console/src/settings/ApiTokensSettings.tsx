import { useEffect, useState } from 'preact/hooks';
import { API_SCOPES, type ApiScope, type ApiToken, type CreatedApiTokenResponse } from '@atendo/shared';
import { api } from '../api';
import { errorText } from '../errors';
import { fullDateTime, relativeTime } from '../format';
import { locale, t, type MessageKey } from '../i18n';
import { now } from '../state/clock';
import { CopyField } from '../ui/CopyField';

const SCOPE_HELP: Record<ApiScope, MessageKey> = {
  'conversations:read': 'tokens.scope.conversationsRead',
  'conversations:write': 'tokens.scope.conversationsWrite',
  'visitors:read': 'tokens.scope.visitorsRead',
  'visitors:write': 'tokens.scope.visitorsWrite',
  'reports:read': 'tokens.scope.reportsRead',
  'articles:write': 'tokens.scope.articlesWrite',
  'settings:write': 'tokens.scope.settingsWrite',
  'webhooks:manage': 'tokens.scope.webhooksManage',
};

/** Settings → Integrations → API tokens: the team's keys for its other systems (admins only). */
export function ApiTokensSettings({ admin }: { admin: boolean }) {
  const [items, setItems] = useState<ApiToken[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<CreatedApiTokenResponse | null>(null);

  async function load() {
    try {
      setItems((await api.listApiTokens()).items);
      setError(null);
    } catch (err) {
      setError(errorText(err));
    }
  }
  useEffect(() => {
    if (admin) void load();
  }, [admin]);

  async function revoke(token: ApiToken) {
    if (!window.confirm(t('tokens.revokeConfirm', { name: token.name }))) return;
    try {
      await api.revokeApiToken(token.id);
      if (created?.id === token.id) setCreated(null);
      await load();
    } catch (err) {
      setError(errorText(err));
    }
  }

  if (!admin) return <p class="muted">{t('tokens.adminsOnly')}</p>;
  return (
    <section class="settings-stack" aria-labelledby="api-tokens-title">
      <h3 id="api-tokens-title">{t('tokens.title')}</h3>
      <p class="muted">{t('tokens.intro')}</p>
      <TokenForm
        onCreated={(token) => {
          setCreated(token);
          void load();
        }}
      />
      {created && <NewToken token={created} onDone={() => setCreated(null)} />}
      {error && (
        <p class="inline-error" role="alert">
          {error}
        </p>
      )}
      {items && items.length === 0 && <p class="list-empty">{t('tokens.empty')}</p>}
      {items && items.length > 0 && (
        <table class="table" aria-label={t('tokens.title')}>
          <thead>
            <tr>
              <th scope="col">{t('tokens.name')}</th>
              <th scope="col">{t('tokens.scopes')}</th>
              <th scope="col">{t('tokens.created')}</th>
              <th scope="col">{t('tokens.lastUsed')}</th>
              <th scope="col">
                <span class="sr-only">{t('tokens.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((tok) => (
              <tr key={tok.id}>
                <td>
                  {tok.name}
                  <div class="muted mono">{tok.prefix}…</div>
                </td>
                <td>
                  <ul class="scope-chips">
                    {tok.scopes.map((s) => (
                      <li key={s} class="mono">
                        {s}
                      </li>
                    ))}
                  </ul>
                </td>
                <td title={fullDateTime(tok.createdAt, locale.value)}>
                  {relativeTime(tok.createdAt, now.value, locale.value)}
                  {tok.createdBy && <div class="muted">{t('tokens.by', { name: tok.createdBy.name })}</div>}
                </td>
                <td>{tok.lastUsedAt === null ? <span class="muted">{t('tokens.never')}</span> : relativeTime(tok.lastUsedAt, now.value, locale.value)}</td>
                <td>
                  <button type="button" class="link-btn danger" aria-label={t('tokens.revokeNamed', { name: tok.name })} onClick={() => void revoke(tok)}>
                    {t('tokens.revoke')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function TokenForm({ onCreated }: { onCreated: (token: CreatedApiTokenResponse) => void }) {
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<ApiScope[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    try {
      onCreated(await api.createApiToken({ name: name.trim(), scopes }));
      setName('');
      setScopes([]);
      setError(null);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }
  const toggle = (s: ApiScope, on: boolean) => setScopes((prev) => (on ? [...prev, s] : prev.filter((x) => x !== s)));
  return (
    <form class="form form-inline-card" aria-label={t('tokens.create')} onSubmit={(e) => void submit(e)}>
      <label>
        {t('tokens.name')}
        <input value={name} required maxLength={80} placeholder={t('tokens.namePlaceholder')} onInput={(e) => setName(e.currentTarget.value)} />
      </label>
      <fieldset class="scope-picker">
        <legend>{t('tokens.scopes')}</legend>
        {API_SCOPES.map((s) => (
          <label key={s} class="checkbox">
            <input type="checkbox" checked={scopes.includes(s)} onChange={(e) => toggle(s, e.currentTarget.checked)} />
            <span>
              <code>{s}</code> <span class="muted">{t(SCOPE_HELP[s])}</span>
            </span>
          </label>
        ))}
      </fieldset>
      <div class="form-actions">
        <button type="submit" class="btn btn-primary" disabled={busy || name.trim() === '' || scopes.length === 0}>
          {t('tokens.create')}
        </button>
        {error && (
          <span role="alert" class="form-error">
            {error}
          </span>
        )}
      </div>
    </form>
  );
}

/** The token just created: shown this once, with a Copy button. */
function NewToken({ token, onDone }: { token: CreatedApiTokenResponse; onDone: () => void }) {
  return (
    <div class="card token-once" role="region" aria-label={t('tokens.newTitle', { name: token.name })}>
      <p>
        <strong>{t('tokens.newTitle', { name: token.name })}</strong> {t('tokens.newHint')}
      </p>
      <CopyField value={token.token} label={t('tokens.tokenFor', { name: token.name })} />
      <button type="button" class="btn btn-small" onClick={onDone}>
        {t('tokens.saved')}
      </button>
    </div>
  );
}
