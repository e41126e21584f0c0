/**
 * End of conversation feedback and the report over it: a visitor rates a resolved
 * conversation once (CSAT and/or NPS); the report counts the conversations created in a period.
 */
import type { ConversationStatus } from '@atendo/shared';

/** What the rating rules need to know about a conversation. */
export interface RatingTarget {
  visitorId: string;
  status: ConversationStatus;
  ratedAt: number | null;
  /** The conversation's site's JSON `WidgetSettings` (does it ask CSAT, NPS?). */
  widgetSettings: string;
}

export interface RatingValues {
  csat: number | null;
  nps: number | null;
  comment: string | null;
  ratedAt: number;
}

/** The cohort: conversations created in [from, to), of one site or all. */
export interface ReportCohort {
  from: number;
  to: number;
  siteId: string | null;
}

/** Plain figures over a cohort; sums are 0 (never null) when nothing counts. */
export interface ReportFigures {
  conversations: number;
  /** Of those, resolved now. */
  resolved: number;
  /** Mean of the CSAT answers (not rounded); null without answers. */
  csatAverage: number | null;
  csatCount: number;
  /** Answers per score: index 0 = score 1 … index 4 = score 5. */
  csatDistribution: [number, number, number, number, number];
  /** NPS answers 9–10, 7–8, 0–6. */
  promoters: number;
  passives: number;
  detractors: number;
  /** Mean of resolvedAt − createdAt over the resolved ones (not rounded); null when none is. */
  resolutionMeanMs: number | null;
  resolutionCount: number;
  /**
   * Per conversation whose visitor wrote and got an agent's answer after that: the time from the
   * visitor's first message to the first agent message after it (by seq). In no particular order.
   */
  firstResponsesMs: number[];
}

export interface ReportStore {
  /** The conversation's owner, status, rating state and its site's widget settings; undefined when there is no such conversation. */
  ratingTarget(conversationId: string): Promise<RatingTarget | undefined>;
  /**
   * Store a rating, in one conditional write: only when the conversation is `visitorId`'s, resolved
   * and not yet rated, so of two racing ratings one is stored. False when nothing was written.
   */
  rate(conversationId: string, visitorId: string, rating: RatingValues): Promise<boolean>;
  /** The report's figures over a cohort, read from one snapshot. */
  figures(cohort: ReportCohort): Promise<ReportFigures>;
}
