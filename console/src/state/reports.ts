/** The Reports page: the chosen period and site, and the server's figures for them. */
import { signal } from '@preact/signals';
import { RATING_LIMITS, type Report, type ReportTableName } from '@atendo/shared';
import { api } from '../api';
import { errorText } from '../errors';

export const REPORT_PERIODS = [7, 30, 90, 365] as const;
export type ReportPeriod = (typeof REPORT_PERIODS)[number];

/** The last N days, or `custom`: the dates in `reportDates`. */
export const reportDays = signal<ReportPeriod | 'custom'>(30);
/** A custom period: first and last day (YYYY-MM-DD, both included, in the browser's time zone). */
export const reportDates = signal<{ from: string; to: string }>({ from: '', to: '' });
/** null = every site. */
export const reportSite = signal<string | null>(null);
export const reportState = signal<{ status: 'idle' | 'loading' | 'ready' | 'error'; report: Report | null; error: string | null }>({
  status: 'idle',
  report: null,
  error: null,
});

/** YYYY-MM-DD of a local date. */
export function isoDate(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** Local midnight of a YYYY-MM-DD date, `plusDays` later. */
function midnight(date: string, plusDays = 0): number {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(y!, m! - 1, d! + plusDays).getTime();
}

/**
 * The period asked for, in epoch ms [from, to): the last N days up to now, or the custom dates from
 * the first one's midnight to the midnight after the last. A string when the dates cannot be sent.
 */
export function reportPeriod(now = Date.now()): { from: number; to: number } | 'incomplete' | 'order' | 'tooLong' {
  const days = reportDays.value;
  if (days !== 'custom') return { from: now - days * 86_400_000, to: now };
  const { from, to } = reportDates.value;
  if (!from || !to) return 'incomplete';
  const range = { from: midnight(from), to: midnight(to, 1) };
  if (range.from >= range.to) return 'order';
  if (range.to - range.from > RATING_LIMITS.reportDays * 86_400_000) return 'tooLong';
  return range;
}

/** Switch to custom dates, starting from the period shown now. */
export function customFromCurrent(now = Date.now()): void {
  const r = reportState.value.report;
  const from = r ? r.from : now - 30 * 86_400_000;
  const to = r ? r.to - 1 : now;
  reportDates.value = { from: isoDate(new Date(from)), to: isoDate(new Date(to)) };
  reportDays.value = 'custom';
}

/** The CSV of one of the report's tables: the same period and site as the report shown. */
export function exportHref(report: Report, table: ReportTableName): string {
  const q = new URLSearchParams({ table, from: String(report.from), to: String(report.to) });
  if (report.siteId) q.set('site', report.siteId);
  return `/api/v1/reports/export?${q.toString()}`;
}

let asked = 0;
/** Fetch the report for the chosen period and site; a slower earlier answer never wins. */
export async function loadReport(now = Date.now()): Promise<void> {
  const period = reportPeriod(now);
  if (typeof period === 'string') return;
  const mine = ++asked;
  reportState.value = { ...reportState.value, status: 'loading', error: null };
  try {
    const { report } = await api.report({ ...period, site: reportSite.value });
    if (mine === asked) reportState.value = { status: 'ready', report, error: null };
  } catch (err) {
    if (mine === asked) reportState.value = { status: 'error', report: null, error: errorText(err) };
  }
}
