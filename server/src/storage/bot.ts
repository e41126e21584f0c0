/**
 * The answer bot's storage: its index of the articles (stems, searched with each store's full-text
 * ranking), its counters per article, its state per conversation, and the content gaps.
 */
import type { BotMode } from '@atendo/shared';
import type { ArticleRow, ArticleStemsRow, ContentGapRow } from './types';

/** A published article that holds at least one of the searched stems, with its own stems. */
export interface StemMatch {
  id: string;
  title: string;
  /** Markdown, for the excerpt. */
  body: string;
  titleStems: string;
  bodyStems: string;
}

/** One group of content gaps: the same folded question asked `count` times. */
export interface GapGroup {
  norm: string;
  /** The latest wording. */
  question: string;
  locale: string;
  count: number;
  lastAskedAt: number;
  conversationId: string | null;
}

export type BotCounter = 'offered' | 'helped' | 'notHelped';

export interface BotStore {
  /** Set a site's mode; false when there is no such site. */
  setMode(siteId: string, mode: BotMode): Promise<boolean>;
  /**
   * Replace an article's stems (and so its index entry), made from its version of `updatedAt`;
   * nothing when the article is gone or was edited since (two edits stemmed concurrently: older
   * stems never overwrite newer ones).
   */
  setStems(row: ArticleStemsRow): Promise<void>;
  /** At most `limit` articles without stems, or whose stems predate their last edit (made again at start). */
  unstemmed(limit: number): Promise<ArticleRow[]>;
  /**
   * Published articles of the site in `locale` holding any of `stems`, best first by the store's
   * full-text rank (title above text), at most `limit`.
   */
  match(siteId: string, locale: string, stems: readonly string[], limit: number): Promise<StemMatch[]>;
  /** One counter +1 on each of these articles (those that still exist). */
  count(articleIds: readonly string[], counter: BotCounter): Promise<void>;
  /**
   * The visitor said the bot's answer did it: `bot_state` answered → resolved. False when it was not
   * `answered` (already settled, never answered, no such conversation) or a person has written in it
   * (their message stored, the take-over not yet run): nothing changed.
   */
  resolve(conversationId: string): Promise<boolean>;
  /**
   * Hand over to a person: `bot_state` answered → handed_over with `handed_over_at = at`, and, when
   * nobody is assigned, auto-assignment as when a conversation opens (the first of `assignable`
   * online, active and under capacity, assigned longest ago), in one transaction. `changed` false:
   * it was not `answered`, nothing changed.
   */
  handOver(conversationId: string, at: number, assignable: readonly string[]): Promise<{ changed: boolean; assigneeId: string | null }>;
  /**
   * Auto-assign an open conversation nobody has, as its opening would have (a first message that
   * opened it unassigned because the bot was to answer, and then did not). The agent picked, or null
   * (assigned already, not open, or nobody available).
   */
  assign(conversationId: string, at: number, assignable: readonly string[]): Promise<string | null>;
  /**
   * A person wrote while the bot's buttons waited: `bot_state` answered → taken_over, nothing else
   * (no `handed_over_at`: reports measure the first response from the visitor's question, and count
   * neither a hand-over nor the articles as not helping). False when it was not `answered`.
   */
  takeOver(conversationId: string): Promise<boolean>;
  /** Log a content gap; the site keeps its newest `maxPerSite`, older ones are dropped. */
  addGap(row: ContentGapRow, maxPerSite: number): Promise<void>;
  /**
   * The site's gaps asked in [from, to), grouped by `norm` (and locale), most asked first (then the
   * latest asked), at most `limit` groups; each with its latest wording and conversation.
   */
  gaps(siteId: string, q: { from: number; to: number; locale?: string | undefined; limit: number }): Promise<GapGroup[]>;
  /** Drop a group of gaps (every row of the site with this `norm`); how many went. */
  dismissGaps(siteId: string, norm: string): Promise<number>;
}
