import { useEffect, useState } from 'preact/hooks';
import type { ContentGap, Locale } from '@atendo/shared';
import { api } from '../api';
import { errorText } from '../errors';
import { fullDateTime, isoTime, languageName, relativeTime } from '../format';
import { locale, t, type MessageKey } from '../i18n';
import { now } from '../state/clock';
import { conversationHref } from '../state/route';
import { Link } from '../ui/Link';
import { LoadError } from '../ui/LoadError';

const DAY = 86_400_000;
const RANGES = [7, 30, 90] as const;
type Range = (typeof RANGES)[number];

type Load = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; items: ContentGap[] };

/**
 * Help articles → Content gaps: questions the answer bot had no good article for, most asked first,
 * with how often and when last, a link to the latest conversation, and (admins) "Write an article",
 * which opens the editor with the question as title in its language, and Dismiss.
 */
export function ContentGaps({ siteId, lang, admin, onWrite }: { siteId: string; lang: Locale | 'all'; admin: boolean; onWrite(gap: ContentGap): void }) {
  const [range, setRange] = useState<Range>(30);
  const [load, setLoad] = useState<Load>({ kind: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const [done, setDone] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    setLoad({ kind: 'loading' });
    const to = Date.now();
    api.contentGaps(siteId, { from: to - range * DAY, to, locale: lang === 'all' ? null : lang }).then(
      (res) => live && setLoad({ kind: 'ready', items: res.items }),
      (err: unknown) => live && setLoad({ kind: 'error', message: errorText(err) }),
    );
    return () => {
      live = false;
    };
  }, [siteId, lang, range, attempt]);

  const dismissed = (gap: ContentGap) => {
    setLoad((l) => (l.kind === 'ready' ? { kind: 'ready', items: l.items.filter((g) => g !== gap) } : l));
    setDone(t('gaps.dismissed', { question: gap.question }));
  };

  return (
    <section class="gaps" aria-labelledby="gaps-title">
      <div class="gaps-head">
        <h3 id="gaps-title">{t('gaps.title')}</h3>
        <label class="gaps-range">
          {t('gaps.range')}
          <select value={range} onChange={(e) => setRange(Number(e.currentTarget.value) as Range)}>
            {RANGES.map((r) => (
              <option key={r} value={r}>
                {t(`gaps.range.${r}` as MessageKey)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <p class="muted">{t('gaps.intro')}</p>
      {done && (
        <p class="sr-only" role="status">
          {done}
        </p>
      )}
      {load.kind === 'loading' && <p role="status">{t('common.loading')}</p>}
      {load.kind === 'error' && <LoadError message={load.message} onRetry={() => setAttempt((n) => n + 1)} />}
      {load.kind === 'ready' && load.items.length === 0 && <p class="list-empty">{t('gaps.empty')}</p>}
      {load.kind === 'ready' && load.items.length > 0 && (
        <ol class="gap-list" aria-label={t('gaps.title')}>
          {load.items.map((gap) => (
            <GapItem key={`${gap.locale}:${gap.norm}`} gap={gap} siteId={siteId} admin={admin} onWrite={onWrite} onDismissed={dismissed} />
          ))}
        </ol>
      )}
    </section>
  );
}

function GapItem({
  gap,
  siteId,
  admin,
  onWrite,
  onDismissed,
}: {
  gap: ContentGap;
  siteId: string;
  admin: boolean;
  onWrite(gap: ContentGap): void;
  onDismissed(gap: ContentGap): void;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const loc = locale.value;
  const dismiss = () => {
    setBusy(true);
    setError(null);
    api.dismissContentGap(siteId, gap.norm).then(
      () => onDismissed(gap),
      (err: unknown) => (setBusy(false), setError(errorText(err))),
    );
  };
  return (
    <li class="gap">
      <p class="gap-question" lang={gap.locale} dir="auto">
        {gap.question}
      </p>
      <p class="gap-meta muted">
        <span class="gap-count" title={t('gaps.count')}>
          <span class="sr-only">{t('gaps.count')}: </span>
          {t('gaps.countValue', { count: gap.count })}
        </span>
        {' · '}
        <span>{languageName(gap.locale, loc)}</span>
        {' · '}
        <span>
          {t('gaps.last')}{' '}
          <time dateTime={isoTime(gap.lastAskedAt)} title={fullDateTime(gap.lastAskedAt, loc)}>
            {relativeTime(gap.lastAskedAt, now.value, loc)}
          </time>
        </span>
        {gap.conversationId && (
          <>
            {' · '}
            <Link href={conversationHref(gap.conversationId)}>{t('gaps.conversation')}</Link>
          </>
        )}
      </p>
      {admin && (
        <div class="gap-actions">
          <button type="button" class="btn btn-small btn-primary" onClick={() => onWrite(gap)}>
            {t('gaps.write')}
          </button>
          <button type="button" class="btn btn-small" disabled={busy} onClick={dismiss}>
            {t('gaps.dismiss')}
          </button>
          {error && (
            <span role="alert" class="form-error">
              {error}
            </span>
          )}
        </div>
      )}
    </li>
  );
}
