/**
 * The report's tables: response times (median, p90, mean; wall clock and business hours), agents,
 * tags and the answer bot's articles. Each iterates the report's own array, in its order, so its
 * rows are the rows of its CSV (`reportTable` in shared, served by GET /reports/export).
 */
import type { ComponentChildren } from 'preact';
import type { DurationStats, Report, ReportTableName } from '@atendo/shared';
import { formatDuration, percent } from '../format';
import { locale, t } from '../i18n';
import { exportHref } from '../state/reports';

/** A report section: its heading, a CSV download when it has a table, and its content. */
export function Section(props: {
  id: string;
  title: string;
  report: Report;
  table?: ReportTableName;
  note?: string;
  children: ComponentChildren;
  class?: string;
}) {
  const { id, title, report, table, note, children } = props;
  return (
    <section class={`report-section ${props.class ?? ''}`} aria-labelledby={id}>
      <div class="report-section-head">
        <h2 id={id}>{title}</h2>
        {table && (
          <a class="btn btn-small" href={exportHref(report, table)} download aria-label={t('reports.csvOf', { table: title })}>
            {t('reports.csv')}
          </a>
        )}
      </div>
      {note && <p class="muted report-note">{note}</p>}
      {children}
    </section>
  );
}

function useFormat() {
  const lang = locale.value;
  const num = new Intl.NumberFormat(lang, { maximumFractionDigits: 2 });
  const none = t('reports.none');
  return { num, none, duration: (ms: number | null) => (ms === null ? none : formatDuration(ms, lang)) };
}

export function DurationsTable({ report: r }: { report: Report }) {
  const { num, duration } = useFormat();
  const row = (label: string, s: DurationStats) => (
    <tr key={label}>
      <th scope="row">{label}</th>
      <td>{duration(s.medianMs)}</td>
      <td>{duration(s.p90Ms)}</td>
      <td>{duration(s.meanMs)}</td>
      <td>{num.format(s.count)}</td>
    </tr>
  );
  const first = t('reports.firstResponseRow');
  const resolution = t('reports.resolutionRow');
  return (
    <div class="table-scroll">
      <table class="table report-table">
        <thead>
          <tr>
            <th scope="col">{t('reports.measure')}</th>
            <th scope="col">{t('reports.median')}</th>
            <th scope="col">{t('reports.p90')}</th>
            <th scope="col">{t('reports.mean')}</th>
            <th scope="col">{t('reports.count')}</th>
          </tr>
        </thead>
        <tbody>
          {row(first, r.firstResponse)}
          {row(t('reports.businessRow', { what: first }), r.firstResponse.business)}
          {row(resolution, r.resolution)}
          {row(t('reports.businessRow', { what: resolution }), r.resolution.business)}
        </tbody>
      </table>
    </div>
  );
}

export function AgentsTable({ report: r }: { report: Report }) {
  const { num, none, duration } = useFormat();
  if (!r.agents.length) return <p class="muted">{t('reports.noRows')}</p>;
  return (
    <div class="table-scroll">
      <table class="table report-table">
        <thead>
          <tr>
            <th scope="col">{t('reports.agent')}</th>
            <th scope="col">{t('reports.count')}</th>
            <th scope="col">{t('reports.resolvedCol')}</th>
            <th scope="col">{t('reports.firstResponseCol')}</th>
            <th scope="col">{t('reports.resolutionCol')}</th>
            <th scope="col">{t('reports.csatCol')}</th>
          </tr>
        </thead>
        <tbody>
          {r.agents.map((a) => (
            <tr key={a.agentId ?? ''}>
              <th scope="row">{a.name ?? (a.agentId === null ? t('reports.unassigned') : t('reports.deletedAgent'))}</th>
              <td>{num.format(a.conversations)}</td>
              <td>{num.format(a.resolved)}</td>
              <td>{duration(a.firstResponseMedianMs)}</td>
              <td>{duration(a.resolutionMedianMs)}</td>
              <td>{a.csatAverage === null ? none : `${num.format(a.csatAverage)} (${num.format(a.csatCount)})`}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function TagsTable({ report: r }: { report: Report }) {
  const { num } = useFormat();
  if (!r.tags.length) return <p class="muted">{t('reports.noRows')}</p>;
  const max = Math.max(1, ...r.tags.map((x) => x.conversations));
  return (
    <div class="table-scroll">
      <table class="table report-table">
        <thead>
          <tr>
            <th scope="col">{t('reports.tag')}</th>
            <th scope="col">{t('reports.count')}</th>
          </tr>
        </thead>
        <tbody>
          {r.tags.map((x) => (
            <tr key={x.tag}>
              <th scope="row">
                <span class="tag-bar" style={{ '--share': x.conversations / max }}>
                  {x.tag}
                </span>
              </th>
              <td>{num.format(x.conversations)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function BotFigures({ report: r }: { report: Report }) {
  const { num } = useFormat();
  const lang = locale.value;
  const share = (n: number) => (r.conversations ? t('reports.shareOf', { pct: percent((100 * n) / r.conversations, lang) }) : '');
  return (
    <>
      <dl class="report-grid report-grid-small">
        {(
          [
            ['reports.botInvolved', r.bot.involved],
            ['reports.botResolved', r.bot.resolved],
            ['reports.botHandedOver', r.bot.handedOver],
          ] as const
        ).map(([label, n]) => (
          <div class="stat" key={label}>
            <dt>{t(label)}</dt>
            <dd class="stat-value">{num.format(n)}</dd>
            <dd class="stat-detail muted">{share(n)}</dd>
          </div>
        ))}
      </dl>
      {r.bot.articles.length ? (
        <div class="table-scroll">
          <table class="table report-table">
            <thead>
              <tr>
                <th scope="col">{t('reports.article')}</th>
                <th scope="col">{t('reports.offered')}</th>
                <th scope="col">{t('reports.helped')}</th>
                <th scope="col">{t('reports.notHelped')}</th>
              </tr>
            </thead>
            <tbody>
              {r.bot.articles.map((a) => (
                <tr key={a.articleId}>
                  <th scope="row">{a.title}</th>
                  <td>{num.format(a.offered)}</td>
                  <td>{num.format(a.helped)}</td>
                  <td>{num.format(a.notHelped)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </>
  );
}
