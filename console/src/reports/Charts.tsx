/**
 * The report's charts in plain SVG and CSS: conversations by day as stacked bars, and the hour ×
 * weekday heatmap as a grid. Labels are HTML beside the drawing, so they stay readable when the
 * chart shrinks to a phone's width; every bar and cell says its figures in its title.
 */
import { WEEK_ORDER, type Report } from '@atendo/shared';
import { locale, t } from '../i18n';

const STATUSES = ['resolved', 'pending', 'open'] as const;

/** A YYYY-MM-DD date, written for people ("Nov 3"), read as a calendar date (no time zone shift). */
export function dayText(date: string, lang: string, withYear = false): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Intl.DateTimeFormat(lang, { day: 'numeric', month: 'short', ...(withYear ? { year: 'numeric' } : {}), timeZone: 'UTC' }).format(
    Date.UTC(y!, m! - 1, d!),
  );
}

/** A round top for the axis, even so its half is whole: 2, 4, 6, 8 or 10 × 10ⁿ at or above `max`. */
function niceMax(max: number): number {
  if (max <= 2) return 2;
  const p = 10 ** Math.floor(Math.log10(max));
  return [2, 4, 6, 8, 10].map((k) => k * p).find((n) => n >= max)!;
}

export function VolumeChart({ volume }: { volume: Report['volume'] }) {
  const lang = locale.value;
  const num = new Intl.NumberFormat(lang);
  const totals = volume.map((d) => d.open + d.pending + d.resolved);
  const max = Math.max(0, ...totals);
  const top = niceMax(max);
  const total = totals.reduce((a, b) => a + b, 0);
  const busiest = volume[totals.indexOf(max)];
  const label = (k: (typeof STATUSES)[number]) => t(k === 'resolved' ? 'reports.resolvedStatus' : k === 'open' ? 'reports.open' : 'reports.pending');
  // Axis dates: first, middle and last (more would crowd a phone).
  const ticks = volume.length > 2 ? [0, Math.floor((volume.length - 1) / 2), volume.length - 1] : volume.map((_, i) => i);
  return (
    <div class="volume">
      <ul class="chart-legend">
        {STATUSES.map((k) => (
          <li key={k}>
            <span class={`swatch swatch-${k}`} aria-hidden="true" />
            {label(k)}
          </li>
        ))}
      </ul>
      <div class="volume-plot">
        <div class="volume-y" aria-hidden="true">
          <span>{num.format(top)}</span>
          <span>{num.format(top / 2)}</span>
          <span>0</span>
        </div>
        <svg
          class="volume-svg"
          viewBox={`0 0 ${Math.max(1, volume.length)} ${top}`}
          preserveAspectRatio="none"
          role="img"
          aria-label={
            busiest && max > 0
              ? t('reports.volumeSummary', { total: num.format(total), date: dayText(busiest.date, lang), max: num.format(max) })
              : t('reports.noRows')
          }
        >
          {[0.5, 1].map((f) => (
            <line key={f} x1="0" x2={volume.length} y1={top * (1 - f)} y2={top * (1 - f)} class="grid-line" vector-effect="non-scaling-stroke" />
          ))}
          {volume.map((d, i) => {
            let y = top;
            return (
              <g key={d.date}>
                <title>
                  {t('reports.dayBar', { date: dayText(d.date, lang, true), total: totals[i]!, open: d.open, pending: d.pending, resolved: d.resolved })}
                </title>
                {/* A full-height hit area, so a day's title shows over its empty part too. */}
                <rect x={i} y={0} width={1} height={top} fill="transparent" />
                {STATUSES.map((k) => {
                  const h = d[k];
                  if (!h) return null;
                  y -= h;
                  return <rect key={k} class={`bar-${k}`} x={i + 0.12} width={0.76} y={y} height={h} />;
                })}
              </g>
            );
          })}
        </svg>
        <span />
        <div class="volume-x" aria-hidden="true">
          {ticks.map((i) => (
            <span key={i} style={{ left: `${((i + 0.5) / volume.length) * 100}%` }}>
              {dayText(volume[i]!.date, lang)}
            </span>
          ))}
        </div>
      </div>
    </div>
  );
}

export function Heatmap({ heatmap }: { heatmap: number[][] }) {
  const lang = locale.value;
  const max = Math.max(1, ...heatmap.flat());
  // 2026-11-01 was a Sunday: day d of the week is 1 + d November.
  const dayName = (d: number, weekday: 'short' | 'long') => new Intl.DateTimeFormat(lang, { weekday, timeZone: 'UTC' }).format(Date.UTC(2026, 10, 1 + d));
  const hourName = (h: number) => new Intl.DateTimeFormat(lang, { hour: 'numeric', timeZone: 'UTC' }).format(Date.UTC(2026, 10, 1, h));
  return (
    <div class="heatmap" role="table" aria-label={t('reports.heatmap')}>
      <div class="heat-row heat-hours" role="row" aria-hidden="true">
        <span class="heat-day" />
        {Array.from({ length: 24 }, (_, h) => (
          <span key={h} class="heat-hour">
            {h % 6 === 0 ? hourName(h) : ''}
          </span>
        ))}
      </div>
      {WEEK_ORDER.map((d) => (
        <div key={d} class="heat-row" role="row">
          <span class="heat-day" role="rowheader">
            {dayName(d, 'short')}
          </span>
          {heatmap[d]!.map((n, h) => (
            <span
              key={h}
              role="cell"
              class="heat-cell"
              title={t('reports.heatCell', { day: dayName(d, 'long'), hour: hourName(h), n })}
              aria-label={t('reports.heatCell', { day: dayName(d, 'long'), hour: hourName(h), n })}
              style={{ '--heat': n ? 0.12 + 0.88 * (n / max) : 0 }}
            />
          ))}
        </div>
      ))}
      <div class="heat-scale" aria-hidden="true">
        {t('reports.less')}
        {[0.12, 0.4, 0.7, 1].map((v) => (
          <span key={v} class="heat-cell" style={{ '--heat': v }} />
        ))}
        {t('reports.more')}
      </div>
    </div>
  );
}
