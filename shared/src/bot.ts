/**
 * The answer bot (level 1 around the clock): on a new conversation's first message it offers the
 * site's help articles that answer it, with two buttons, "That answered it" and "Talk to a person".
 * Its messages are ordinary messages (author `bot`, `Message.bot` holds the articles): stored,
 * numbered and replayed like any other. These are its settings, its frame and its figures.
 */
import * as v from 'valibot';
import type { BotMode } from './models';
import { clientId, id } from './primitives';
import { LOCALES, type Locale } from './i18n';

export const BOT_MODES = ['off', 'always', 'offline'] as const satisfies readonly BotMode[];

export const BOT_LIMITS = {
  /** Articles one bot answer offers at most. */
  articles: 3,
  /** Longest passage shown per article. */
  excerptLength: 240,
  /** Longest question kept as a content gap. */
  questionLength: 500,
  /** Content gap groups one list gives at most. */
  gapGroups: 100,
  /** Content gaps a site keeps (the newest; older ones are dropped). */
  gapsPerSite: 10_000,
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

const epochMs = v.pipe(v.string(), v.regex(/^\d{1,15}$/, 'Expected a time in epoch milliseconds'), v.transform(Number));

/** GET /api/v1/sites/:id/content-gaps?from=&to=&locale=: questions asked in [from, to) (epoch ms; default the last 90 days). */
export const ContentGapsQuerySchema = v.pipe(
  v.strictObject({
    from: v.optional(epochMs),
    to: v.optional(epochMs),
    locale: v.optional(v.picklist(LOCALES, `Locale must be one of ${LOCALES.join(', ')}`)),
  }),
  v.check((q) => q.from === undefined || q.to === undefined || q.from < q.to, '`from` must be before `to`'),
);
export type ContentGapsQuery = v.InferOutput<typeof ContentGapsQuerySchema>;

/** DELETE /api/v1/sites/:id/content-gaps?norm=: the group to dismiss (its `norm`, as listed). */
export const ContentGapDismissSchema = v.strictObject({
  norm: v.pipe(v.string(), v.minLength(1, 'norm is required'), v.maxLength(BOT_LIMITS.questionLength)),
});

/** What a dismissal answers: how many asked questions went with the group. */
export interface ContentGapDismissResponse {
  deleted: number;
}
