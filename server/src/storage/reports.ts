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
  /** Sum and count of the CSAT answers (the mean is taken by the caller). */
  csatSum: number;
  csatCount: number;
  /** Answers per score: index 0 = score 1 … index 4 = score 5. */
  csatDistribution: [number, number, number, number, number];
  /** NPS answers 9–10, 7–8, 0–6. */
  promoters: number;
  passives: number;
  detractors: number;
  /** The answer bot: conversations it answered in (`bot_state` set), resolved by it, handed over. */
  botInvolved: number;
  botResolved: number;
  botHandedOver: number;
}

/**
 * One conversation's times, for the durations (medians, p90 and business hours are taken by the
 * caller): only conversations with a first response or resolved now.
 * `start`: the latest of the visitor's first message, the bot's hand-over and the last reopening
 * (null without a visitor message); `reply`: the first agent message at or after `start` (and
 * after the visitor's first message, by seq), null when none; `resolvedAt`: null unless resolved now.
 */
export type TimingRow = [siteId: string, assigneeId: string | null, createdAt: number, resolvedAt: number | null, start: number | null, reply: number | null];

/** Conversations created in one 15-minute slot (`slot` = floor(created_at / 900000)), per site and status now. */
export type SlotRow = [siteId: string, slot: number, status: 'open' | 'pending' | 'resolved', count: number];

/** Per assignee (null: unassigned): conversations, resolved now, CSAT sum and count; the agent's name (null when deleted). */
export type AgentFiguresRow = [agentId: string | null, name: string | null, conversations: number, resolved: number, csatSum: number, csatCount: number];

/** Conversations per tag (in no particular order). */
export type TagRow = [tag: string, conversations: number];

/**
 * Per article the bot offered (its messages' `meta.articles`): conversations it was offered in, and
 * of those, the ones the bot resolved (helped) and the ones handed over (not helped). Title: the
 * article's now, or the one the bot showed when it is gone.
 */
export type ArticleFiguresRow = [articleId: string, title: string, offered: number, helped: number, notHelped: number];

/** Everything a report reads, from one snapshot. */
export interface ReportData {
  figures: ReportFigures;
  timings: TimingRow[];
  slots: SlotRow[];
  agents: AgentFiguresRow[];
  tags: TagRow[];
  articles: ArticleFiguresRow[];
  /** The widget settings (JSON) of the cohort's sites: one site, or all. */
  sites: { id: string; widgetSettings: string }[];
}

export interface ReportStore {
  /** The conversation's owner, status, rating state and its site's widget settings; undefined when there is no such conversation. */
  ratingTarget(conversationId: string): Promise<RatingTarget | undefined>;
  /**
   * Store a rating, in one conditional write: only when the conversation is `visitorId`'s, resolved
   * and not yet rated, so of two racing ratings one is stored. False when nothing was written.
   */
  rate(conversationId: string, visitorId: string, rating: RatingValues): Promise<boolean>;
  /** Everything the report needs over a cohort, read from one snapshot. */
  read(cohort: ReportCohort): Promise<ReportData>;
}
