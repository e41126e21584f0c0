import type { Conversation } from '@atendo/shared';
import { t } from '../i18n';

/** The visitor's answer to the end of conversation survey: "CSAT 4/5 · NPS 9" and their comment. */
export function RatingSummary({ conversation: c }: { conversation: Conversation }) {
  const r = c.rating;
  if (!r) return null;
  const parts = [r.csat !== null ? t('rating.csat', { score: r.csat }) : null, r.nps !== null ? t('rating.nps', { score: r.nps }) : null].filter(Boolean);
  const tone =
    r.csat !== null ? (r.csat >= 4 ? 'good' : r.csat === 3 ? 'ok' : 'bad') : r.nps !== null ? (r.nps >= 9 ? 'good' : r.nps >= 7 ? 'ok' : 'bad') : 'ok';
  return (
    <div class="rating-summary" role="group" aria-label={t('rating.label')}>
      <span class={`pill rating-pill rating-${tone}`}>
        <span aria-hidden="true">★ </span>
        {parts.join(' · ')}
      </span>
      {r.comment && (
        <q class="rating-comment" dir="auto" title={r.comment}>
          {r.comment}
        </q>
      )}
    </div>
  );
}
