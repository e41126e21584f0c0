/**
 * End of conversation feedback: the visitor's CSAT (1–5, optional comment) and NPS (0–10),
 * and the agents' report over a period. The socket frame that carries a rating is in protocol.ts.
 */
import * as v from 'valibot';
import { siteFilter } from './primitives';
import type { ReportAgentRow, ReportBot, ReportDurations, ReportTagRow, ReportVolumeDay } from './reports';

export const RATING_LIMITS = {
  /** Characters of the optional comment. */
  commentLength: 1000,
  /** Longest period a report covers (days). */
  reportDays: 400,
} as const;

/** What a visitor answered; stored once per conversation. */
export interface Rating {
  /** 1 (very bad) … 5 (excellent); null when the site asked NPS only. */
  csat: number | null;
  /** 0 … 10; null when the site does not ask NPS or it was skipped. */
  nps: number | null;
  comment: string | null;
  ratedAt: number;
}

/** NPS bands: 9–10 promoters, 7–8 passives, 0–6 detractors. */
export function npsBand(score: number): 'promoter' | 'passive' | 'detractor' {
  return score >= 9 ? 'promoter' : score >= 7 ? 'passive' : 'detractor';
}

/** NPS = % promoters − % detractors, rounded to an integer (−100 … 100); null without answers. */
export function npsScore(promoters: number, passives: number, detractors: number): number | null {
  const n = promoters + passives + detractors;
  return n === 0 ? null : Math.round((100 * (promoters - detractors)) / n);
}

const epochMs = v.pipe(v.string(), v.regex(/^\d{1,15}$/, 'Expected a time in epoch milliseconds'), v.transform(Number));

/** The period and site of a report (and of its CSV export): conversations created in [from, to) (epoch ms). */
export const reportQueryFields = {
  from: v.optional(epochMs),
  to: v.optional(epochMs),
  site: siteFilter,
};

/** A report query's object schema with the range rules: `from` before `to`, at most `RATING_LIMITS.reportDays` apart. */
export function reportQuery<E extends typeof reportQueryFields & v.ObjectEntries>(entries: E) {
  type Q = v.InferOutput<v.StrictObjectSchema<E, undefined>>;
  return v.pipe(
    v.strictObject(entries),
    v.check((q: Q) => q.from === undefined || q.to === undefined || q.from < q.to, '`from` must be before `to`'),
    v.check(
      (q: Q) => q.from === undefined || q.to === undefined || q.to - q.from <= RATING_LIMITS.reportDays * 86_400_000,
      `A report covers at most ${RATING_LIMITS.reportDays} days`,
    ),
  );
}

/** GET /reports?from=&to=&site=: conversations created in [from, to) (epoch ms; default the last 30 days). */
export const ReportQuerySchema = reportQuery(reportQueryFields);
export type ReportQuery = v.InferOutput<typeof ReportQuerySchema>;

/** Figures over the conversations created in a period (see docs/api.md, "Reports"). */
export interface Report {
  from: number;
  to: number;
  siteId: string | null;
  /** Conversations created in the period. */
  conversations: number;
  /** Of those, resolved now. */
  resolved: number;
  csat: {
    /** Mean of the 1–5 answers; null without answers. */
    average: number | null;
    count: number;
    /** Answers per score: index 0 = score 1 … index 4 = score 5. */
    distribution: [number, number, number, number, number];
  };
  nps: { score: number | null; count: number; promoters: number; passives: number; detractors: number };
  /**
   * First response: from the latest of the visitor's first message, the bot's hand-over and the
   * last reopening, to a person's first message after it (the bot's never counts).
   */
  firstResponse: ReportDurations;
  /** Creation to resolution, over the conversations resolved now. */
  resolution: ReportDurations;
  /** The sites' time zone the days and hours are in; null when the sites differ (each counts in its own). */
  timeZone: string | null;
  /** Every local day of the period, oldest first. */
  volume: ReportVolumeDay[];
  /** Conversations created per local weekday (0 = Sunday) and hour: `heatmap[weekday][hour]`. */
  heatmap: number[][];
  /** Per assignee, most conversations first; the unassigned ones in a row of their own. */
  agents: ReportAgentRow[];
  /** Conversations per tag, most first. */
  tags: ReportTagRow[];
  bot: ReportBot;
}

export interface ReportResponse {
  report: Report;
}
