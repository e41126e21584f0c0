import { useEffect } from 'preact/hooks';
import { RATING_LIMITS, type Report } from '@atendo/shared';
import { formatDuration, timeAmount } from '../format';
import { locale, t } from '../i18n';
import {
  customFromCurrent,
  loadReport,
  REPORT_PERIODS,
  reportDates,
  reportDays,
  reportPeriod,
  reportSite,
  reportState,
  type ReportPeriod,
} from '../state/reports';
import { loadSites, sites } from '../state/sites';
import { Heatmap, VolumeChart } from './Charts';
import { AgentsTable, BotFigures, DurationsTable, Section, TagsTable } from './ReportTables';

const RANGE_ERRORS = { incomplete: 'reports.rangeIncomplete', order: 'reports.rangeOrder', tooLong: 'reports.rangeTooLong' } as const;

/**
 * Reports: conversations, CSAT, NPS, response and resolution times (also within business hours),
 * volume by day, busiest hours, agents, tags and the answer bot over a period; each table as CSV.
 */
export function ReportsPage() {
  useEffect(() => {
    if (!sites.value.length) void loadSites();
    void loadReport();
  }, []);
  const { status, report, error } = reportState.value;
  const list = sites.value;
  const period = reportPeriod();
  return (
    <main class="reports" aria-labelledby="reports-title">
      <div class="reports-head">
        <h1 id="reports-title">{t('reports.title')}</h1>
        <div class="reports-controls">
          <label>
            {t('reports.period')}
            <select
              value={String(reportDays.value)}
              onChange={(e) => {
                const v = e.currentTarget.value;
                if (v === 'custom') customFromCurrent();
                else reportDays.value = Number(v) as ReportPeriod;
                void loadReport();
              }}
            >
              {REPORT_PERIODS.map((n) => (
                <option key={n} value={String(n)}>
                  {t('reports.days', { days: timeAmount(n, 'day', locale.value, 'long') })}
                </option>
              ))}
              <option value="custom">{t('reports.custom')}</option>
            </select>
          </label>
          {reportDays.value === 'custom' && (
            <>
              <label>
                {t('reports.from')}
                <input
                  type="date"
                  value={reportDates.value.from}
                  max={reportDates.value.to || undefined}
                  onChange={(e) => {
                    reportDates.value = { ...reportDates.value, from: e.currentTarget.value };
                    void loadReport();
                  }}
                />
              </label>
              <label>
                {t('reports.to')}
                <input
                  type="date"
                  value={reportDates.value.to}
                  min={reportDates.value.from || undefined}
                  onChange={(e) => {
                    reportDates.value = { ...reportDates.value, to: e.currentTarget.value };
                    void loadReport();
                  }}
                />
              </label>
            </>
          )}
          {list.length > 1 && (
            <label>
              {t('reports.site')}
              <select
                value={reportSite.value ?? ''}
                onChange={(e) => {
                  reportSite.value = e.currentTarget.value || null;
                  void loadReport();
                }}
              >
                <option value="">{t('reports.allSites')}</option>
                {list.map((s) => (
                  <option key={s.siteId} value={s.siteId}>
                    {s.name}
                  </option>
                ))}
              </select>
            </label>
          )}
        </div>
      </div>
      <p class="muted">{t('reports.intro')}</p>
      {typeof period === 'string' && (
        <p class="inline-error" role="alert">
          {t(RANGE_ERRORS[period], { days: RATING_LIMITS.reportDays })}
        </p>
      )}
      {status === 'error' && (
        <div class="inline-error" role="alert">
          <p>{error}</p>
          <button type="button" class="btn btn-small" onClick={() => void loadReport()}>
            {t('common.retry')}
          </button>
        </div>
      )}
      {!report && status === 'loading' && <p role="status">{t('common.loading')}</p>}
      {report && <Figures report={report} busy={status === 'loading'} />}
    </main>
  );
}

function Figures({ report: r, busy }: { report: Report; busy: boolean }) {
  const num = new Intl.NumberFormat(locale.value, { maximumFractionDigits: 2 });
  const signed = new Intl.NumberFormat(locale.value, { maximumFractionDigits: 2, signDisplay: 'exceptZero' });
  const none = t('reports.none');
  const duration = (ms: number | null) => (ms === null ? none : formatDuration(ms, locale.value));
  const maxScore = Math.max(1, ...r.csat.distribution);
  return (
    <div aria-busy={busy ? 'true' : undefined}>
      <dl class="report-grid">
        <Stat label={t('reports.conversations')} value={num.format(r.conversations)} detail={t('reports.resolvedOf', { n: r.resolved })} />
        <Stat
          label={t('reports.csat')}
          value={r.csat.average === null ? none : num.format(r.csat.average)}
          detail={t('reports.csatCount', { n: r.csat.count })}
        />
        <Stat
          label={t('reports.nps')}
          value={r.nps.score === null ? none : signed.format(r.nps.score)}
          detail={t('reports.npsDetail', { p: r.nps.promoters, d: r.nps.detractors, n: r.nps.count })}
        />
        <Stat
          label={t('reports.firstResponse')}
          value={duration(r.firstResponse.medianMs)}
          detail={t('reports.firstResponseCount', { n: r.firstResponse.count })}
        />
        <Stat label={t('reports.resolution')} value={duration(r.resolution.meanMs)} detail={t('reports.resolutionCount', { n: r.resolution.count })} />
      </dl>
      <Section id="report-times" title={t('reports.times')} report={r} note={t('reports.timesNote')}>
        <DurationsTable report={r} />
      </Section>
      <Section id="report-volume" title={t('reports.volume')} report={r} table="volume">
        <VolumeChart volume={r.volume} />
      </Section>
      <Section
        id="report-heatmap"
        title={t('reports.heatmap')}
        report={r}
        table="heatmap"
        note={r.timeZone ? t('reports.heatmapZone', { zone: r.timeZone.replace(/_/g, ' ') }) : t('reports.heatmapZones')}
      >
        <Heatmap heatmap={r.heatmap} />
      </Section>
      <Section id="report-agents" title={t('reports.agents')} report={r} table="agents">
        <AgentsTable report={r} />
      </Section>
      <div class="report-pair">
        {r.csat.count > 0 && (
          <figure class="csat-bars report-section">
            <figcaption>{t('reports.distribution')}</figcaption>
            <ul>
              {[5, 4, 3, 2, 1].map((score) => {
                const count = r.csat.distribution[score - 1] ?? 0;
                return (
                  <li key={score} aria-label={t('reports.score', { n: score, count })}>
                    <span class="csat-score" aria-hidden="true">
                      {score}★
                    </span>
                    <span class="csat-bar" aria-hidden="true">
                      <span style={{ width: `${(100 * count) / maxScore}%` }} />
                    </span>
                    <span class="csat-count" aria-hidden="true">
                      {count}
                    </span>
                  </li>
                );
              })}
            </ul>
          </figure>
        )}
        <Section id="report-tags" title={t('reports.tags')} report={r} table="tags">
          <TagsTable report={r} />
        </Section>
      </div>
      <Section id="report-bot" title={t('reports.bot')} report={r} table="articles">
        <BotFigures report={r} />
      </Section>
    </div>
  );
}

function Stat({ label, value, detail }: { label: string; value: string; detail: string }) {
  return (
    <div class="stat">
      <dt>{label}</dt>
      <dd class="stat-value">{value}</dd>
      <dd class="stat-detail muted">{detail}</dd>
    </div>
  );
}
