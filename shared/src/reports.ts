/**
 * The report's breakdowns (volume by day, hour × weekday, per agent, per tag, the answer bot) and
 * their tables: one definition of each table's columns and rows, used by the CSV export and the
 * console alike, so a downloaded file holds the rows the page shows.
 */
import * as v from 'valibot';
import { reportQuery, reportQueryFields, type Report } from './ratings';

/** Median, 90th percentile (nearest rank) and mean of a set of durations; null when it is empty. */
export interface DurationStats {
  count: number;
  medianMs: number | null;
  p90Ms: number | null;
  meanMs: number | null;
}

/** Durations on the wall clock, and the same counted only while the site was open (its business hours). */
export interface ReportDurations extends DurationStats {
  business: DurationStats;
}

/** Conversations created on one local day, by their status now. */
export interface ReportVolumeDay {
  /** YYYY-MM-DD in the site's time zone. */
  date: string;
  open: number;
  pending: number;
  resolved: number;
}

/** One agent's row (agentId null: conversations nobody is assigned to). */
export interface ReportAgentRow {
  agentId: string | null;
  name: string | null;
  conversations: number;
  resolved: number;
  /** Median first response and resolution of the conversations assigned to the agent. */
  firstResponseMedianMs: number | null;
  resolutionMedianMs: number | null;
  csatAverage: number | null;
  csatCount: number;
}

export interface ReportTagRow {
  tag: string;
  conversations: number;
}

/** An article the bot offered: in how many conversations, and how they ended. */
export interface ReportArticleRow {
  articleId: string;
  title: string;
  offered: number;
  /** The bot resolved the conversation ("That answered it"). */
  helped: number;
  /** The visitor asked for a person (handed over; not when an agent took over while the bot waited). */
  notHelped: number;
}

export interface ReportBot {
  /** Conversations the bot answered in (whatever came next). */
  involved: number;
  resolved: number;
  /** The visitor asked for a person or kept typing (`handed_over`); an agent taking over is not counted. */
  handedOver: number;
  articles: ReportArticleRow[];
}

export const REPORT_TABLES = ['volume', 'heatmap', 'agents', 'tags', 'articles'] as const;
export type ReportTableName = (typeof REPORT_TABLES)[number];

/** GET /reports/export?table=&from=&to=&site=: one of the report's tables as CSV. */
export const ReportExportQuerySchema = reportQuery({
  ...reportQueryFields,
  table: v.picklist(REPORT_TABLES, `Table must be one of ${REPORT_TABLES.join(', ')}`),
});
export type ReportExportQuery = v.InferOutput<typeof ReportExportQuerySchema>;

export type Cell = string | number | null;

export interface ReportTable {
  columns: string[];
  rows: Cell[][];
}

const seconds = (ms: number | null): Cell => (ms === null ? null : Math.round(ms / 1000));

/** One of the report's tables as columns and rows: what the console shows and what the CSV holds. */
export function reportTable(report: Report, name: ReportTableName): ReportTable {
  switch (name) {
    case 'volume':
      return {
        columns: ['date', 'open', 'pending', 'resolved', 'total'],
        rows: report.volume.map((d) => [d.date, d.open, d.pending, d.resolved, d.open + d.pending + d.resolved]),
      };
    case 'heatmap':
      return {
        columns: ['weekday', ...Array.from({ length: 24 }, (_, h) => `${String(h).padStart(2, '0')}:00`)],
        rows: WEEK_ORDER.map((d) => [WEEKDAY_NAMES[d]!, ...report.heatmap[d]!]),
      };
    case 'agents':
      return {
        columns: ['agent', 'conversations', 'resolved', 'first_response_median_s', 'resolution_median_s', 'csat_average', 'csat_count'],
        rows: report.agents.map((a) => [
          a.name ?? (a.agentId === null ? '(unassigned)' : '(deleted)'),
          a.conversations,
          a.resolved,
          seconds(a.firstResponseMedianMs),
          seconds(a.resolutionMedianMs),
          a.csatAverage,
          a.csatCount,
        ]),
      };
    case 'tags':
      return { columns: ['tag', 'conversations'], rows: report.tags.map((t) => [t.tag, t.conversations]) };
    case 'articles':
      return { columns: ['article', 'offered', 'helped', 'not_helped'], rows: report.bot.articles.map((a) => [a.title, a.offered, a.helped, a.notHelped]) };
  }
}

/** Monday first, as a work week reads; index = JavaScript's weekday (0 = Sunday). */
export const WEEK_ORDER = [1, 2, 3, 4, 5, 6, 0] as const;
const WEEKDAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/**
 * One CSV cell (RFC 4180): quoted when it holds a comma, quote or line break, quotes doubled. A text
 * that a spreadsheet would run as a formula (starting with = + - @, or a tab or carriage return)
 * gets a leading apostrophe; numbers are written as they are.
 */
export function csvCell(cell: Cell): string {
  if (cell === null) return '';
  if (typeof cell === 'number') return Number.isFinite(cell) ? String(cell) : '';
  const text = /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A table as CSV text: a header line, then one line per row, CRLF line ends. */
export function toCsv(table: ReportTable): string {
  return [table.columns, ...table.rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
