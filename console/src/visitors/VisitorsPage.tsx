import { useEffect, useState } from 'preact/hooks';
import { newClientId, type LiveVisitor } from '@atendo/shared';
import { api } from '../api';
import { errorText } from '../errors';
import { formatDuration, shortCode } from '../format';
import { locale, t } from '../i18n';
import { now } from '../state/clock';
import { receiveConversation } from '../state/inbox';
import { notify } from '../state/notices';
import { conversationHref, navigate } from '../state/route';
import { sites } from '../state/sites';
import { liveList, liveState, loadLive } from '../state/visitors';
import { Avatar } from '../ui/Avatar';
import { PageLink } from '../ui/PageLink';

/** Who is on the site right now (visitors who chatted, opened the chat or saw a proactive message and have the widget open), live: `visitor.live` frames move a row to its new page. */
export function VisitorsPage() {
  useEffect(() => {
    void loadLive();
  }, []);
  const list = liveList.value;
  const state = liveState.value;
  return (
    <main class="page visitors-page" aria-labelledby="visitors-title">
      <div class="page-head">
        <h1 id="visitors-title">{t('visitors.title')}</h1>
        <p class="muted">{t('visitors.intro')}</p>
      </div>
      {state === 'loading' && <p role="status">{t('common.loading')}</p>}
      {state === 'error' && (
        <div class="inline-error" role="alert">
          <p>{t('error.unexpected')}</p>
          <button type="button" class="btn btn-small" onClick={() => void loadLive()}>
            {t('common.retry')}
          </button>
        </div>
      )}
      {state === 'ready' && list.length === 0 && <p class="list-empty">{t('visitors.none')}</p>}
      {list.length > 0 && (
        <table class="table visitors-table" aria-label={t('visitors.title')}>
          <thead>
            <tr>
              <th scope="col">{t('visitors.who')}</th>
              <th scope="col">{t('visitors.page')}</th>
              <th scope="col">{t('visitors.onSite')}</th>
              <th scope="col">{t('visitors.kind')}</th>
              <th scope="col">
                <span class="sr-only">{t('visitors.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.map((v) => (
              <VisitorRow key={v.visitorId} v={v} />
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}

function VisitorRow({ v }: { v: LiveVisitor }) {
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const name = v.name ?? t('visitor.anonymous', { code: shortCode(v.visitorId) });
  const site = sites.value.length > 1 ? sites.value.find((s) => s.siteId === v.siteId)?.name : null;

  async function start(e: Event) {
    e.preventDefault();
    if (!text.trim()) return;
    setBusy(true);
    try {
      const { conversation } = await api.startConversation(v.visitorId, newClientId(), text.trim());
      receiveConversation(conversation);
      navigate(conversationHref(conversation.id));
    } catch (err) {
      notify(errorText(err));
      setBusy(false);
    }
  }

  return (
    <tr aria-label={name}>
      <td>
        <span class="who">
          <Avatar name={name} seed={v.visitorId} size="sm" />
          <span>
            {name}
            {v.email && <span class="muted block">{v.email}</span>}
            {site && <span class="muted block">{site}</span>}
          </span>
        </span>
      </td>
      <td class="page-cell">{v.currentPage ? <PageLink page={v.currentPage} testId="live-page" /> : '—'}</td>
      <td class="nowrap">{formatDuration(now.value - v.since, locale.value)}</td>
      <td>
        <span class={`pill ${v.returning ? 'pill-returning' : 'pill-new'}`}>{v.returning ? t('visitors.returning') : t('visitors.new')}</span>
      </td>
      <td class="actions">
        {open ? (
          <form class="start-form" onSubmit={(e) => void start(e)}>
            <input
              aria-label={t('visitors.message', { name })}
              placeholder={t('visitors.messagePlaceholder')}
              value={text}
              maxLength={5000}
              onInput={(e) => setText(e.currentTarget.value)}
              autoFocus
            />
            <button type="submit" class="btn btn-primary btn-small" disabled={busy || !text.trim()}>
              {t('composer.send')}
            </button>
          </form>
        ) : (
          <button type="button" class="btn btn-small" onClick={() => setOpen(true)}>
            {t('visitors.start')}
          </button>
        )}
      </td>
    </tr>
  );
}
