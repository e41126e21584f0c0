/** The Reports page: the chosen period and site, and the server's figures for them. */
import { signal } from '@preact/signals';
import type { Report } from '@atendo/shared';
import { api } from '../api';
import { errorText } from '../errors';

export const REPORT_PERIODS = [7, 30, 90] as const;
export type ReportPeriod = (typeof REPORT_PERIODS)[number];

export const reportDays = signal<ReportPeriod>(30);
/** null = every site. */
export const reportSite = signal<string | null>(null);
export const reportState = signal<{ status: 'idle' | 'loading' | 'ready' | 'error'; report: Report | null; error: string | null }>({
  status: 'idle',
  report: null,
  error: null,
});

let asked = 0;
/** Fetch the report for the last `reportDays` days up to now; a slower earlier answer never wins. */
export async function loadReport(now = Date.now()): Promise<void> {
  const mine = ++asked;
  reportState.value = { ...reportState.value, status: 'loading', error: null };
  try {
    const { report } = await api.report({ from: now - reportDays.value * 86_400_000, to: now, site: reportSite.value });
    if (mine === asked) reportState.value = { status: 'ready', report, error: null };
  } catch (err) {
    if (mine === asked) reportState.value = { status: 'error', report: null, error: errorText(err) };
  }
}
