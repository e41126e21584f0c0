/**
 * The answer bot (level 1 around the clock): on a new conversation's first message it offers the
 * site's help articles that answer it, with two buttons, "That answered it" and "Talk to a person".
 * Its messages are ordinary messages (author `bot`, `Message.bot` holds the articles): stored,
 * numbered and replayed like any other. These are its settings, its frame and its figures.
 */
import * as v from 'valibot';
import type { BotMode } from './models';
import { clientId, id } from './primitives';
import type { Locale } from './i18n';

export const BOT_MODES = ['off', 'always', 'offline'] as const satisfies readonly BotMode[];

export const BOT_LIMITS = {
  /** Articles one bot answer offers at most. */
  articles: 3,
  /** Longest passage shown per article. */
  excerptLength: 240,
  /** Longest question kept as a content gap. */
  questionLength: 500,
} as const;

/** PUT /api/v1/sites/:id/bot (and what GET answers). */
export const BotSettingsSchema = v.strictObject({ mode: v.picklist(BOT_MODES, 'Mode must be off, always or offline') });
export type BotSettings = v.InferOutput<typeof BotSettingsSchema>;

/**
 * The visitor answers the bot: `answered` ("That answered it": the conversation is resolved by the
 * bot) or `person` ("Talk to a person": handed over). `clientId` lets an error frame name it.
 */
export const BotReplySchema = v.strictObject({
  type: v.literal('bot.reply'),
  conversationId: id,
  answer: v.picklist(['answered', 'person'], 'Answer must be answered or person'),
  clientId: v.optional(clientId),
});
export type BotReplyFrame = v.InferOutput<typeof BotReplySchema>;

/** Per article, for the console's Help articles list. */
export interface ArticleBotStats {
  /** Times the bot offered it. */
  offered: number;
  /** Times the visitor then said it answered the question. */
  helped: number;
  /** Times the visitor then asked for a person. */
  notHelped: number;
}

/** A question the bot found no good article for, grouped with the same question asked again. */
export interface ContentGap {
  /** The folded question: the group's key. */
  norm: string;
  /** The latest wording of it. */
  question: string;
  locale: Locale;
  /** Times asked in the range. */
  count: number;
  lastAskedAt: number;
  /** The latest conversation it was asked in (null when that conversation is gone). */
  conversationId: string | null;
}

export interface ContentGapsResponse {
  items: ContentGap[];
}
