import { fullDateTime, visitorLabel } from '../format';
import { locale, t } from '../i18n';
import { conversationsById } from '../state/conversations';

/** The right column: who the visitor is and the conversation's facts. */
export function DetailsPane({ id }: { id: string }) {
  const c = conversationsById.value[id];
  if (!c) return null;
  const loc = locale.value;
  return (
    <aside class="details" aria-labelledby="details-title">
      <h2 id="details-title">{t('details.title')}</h2>
      <dl>
        <dt>{t('details.visitor')}</dt>
        <dd>{visitorLabel(c)}</dd>
        <dt>{t('details.visitorId')}</dt>
        <dd class="mono">{c.visitorId}</dd>
        <dt>{t('details.status')}</dt>
        <dd>{c.status === 'resolved' ? t('status.resolved') : t('status.open')}</dd>
        <dt>{t('details.started')}</dt>
        <dd>{fullDateTime(c.createdAt, loc)}</dd>
        <dt>{t('details.lastActivity')}</dt>
        <dd>{fullDateTime(c.lastActivityAt, loc)}</dd>
        <dt>{t('details.messages')}</dt>
        <dd>{c.lastSeq}</dd>
      </dl>
    </aside>
  );
}
