/** The answer bot per site: its mode (Settings → Answer bot) and the content gaps (Help articles). */
import { Hono } from 'hono';
import {
  BotSettingsSchema,
  ContentGapDismissSchema,
  ContentGapsQuerySchema,
  IdParamSchema,
  type BotSettings,
  type ContentGapDismissResponse,
  type ContentGapsResponse,
} from '@atendo/shared';
import type { AppDeps, AppEnv } from '../context';
import { requireAdmin, requireAgent } from '../session';
import { route } from '../spec';

const tag = 'Answer bot';

const getBot = route({
  summary: 'A site’s answer bot mode',
  description:
    '`{ mode }`: `off` (the default), `always` (it answers the first message of every new conversation) or `offline` (only while no agent is online, or outside the site’s business hours). ' +
    'Every agent may read it (the console shows it to agents read-only), and any API token, as the site list’s settings.',
  tag,
  auth: 'session',
  scope: 'any',
  params: IdParamSchema,
  responses: { 200: '`{ mode }` (BotSettings)', 404: 'No such site' },
});
const putBot = route({
  summary: 'Set a site’s answer bot mode',
  description:
    '`{ "mode": "off" | "always" | "offline" }`. When on, the first message of a new conversation (the pre-chat form’s question included) is searched in the site’s published articles, in the visitor’s language ' +
    '(English when that language has none). Up to three good enough articles (each holding at least half of the question’s words, and two when it has two or more) are offered within a second, as a message of author `bot` ' +
    'with `bot.articles` (`{ id, title, excerpt }`), stored and replayed like any message (`message.created` webhooks included). The visitor answers with the `bot.reply` socket frame: `answered` resolves the conversation ' +
    '(the survey still asks), `person` hands it over (auto-assignment as usual, the articles in an internal note); writing anything instead hands over too, and an agent writing ends the bot’s part. ' +
    'With no good enough article, the bot stays silent and the question becomes a content gap.',
  tag,
  auth: 'admin',
  scope: 'settings:write',
  params: IdParamSchema,
  body: BotSettingsSchema,
  responses: { 200: '`{ mode }` (BotSettings)', 404: 'No such site' },
});
const gaps = route({
  summary: 'List a site’s content gaps (questions the bot had no good article for)',
  description:
    'Questions asked in [`from`, `to`) (epoch ms; default the last 90 days), optionally in one `locale`, grouped by their folded form (`norm`: lower case, no accents, punctuation and spaces as one space), ' +
    'most asked first, at most 100 groups: `{ items: [{ norm, question (the latest wording), locale, count, lastAskedAt, conversationId }] }`. A site keeps its newest 10,000 questions.',
  tag,
  auth: 'session',
  scope: 'articles:write',
  params: IdParamSchema,
  query: ContentGapsQuerySchema,
  responses: { 200: '`{ items: ContentGap[] }`', 404: 'No such site' },
});
const dismiss = route({
  summary: 'Dismiss a group of content gaps',
  description: 'Every question of the site whose `norm` is the one given (as listed) is deleted, in every language and period: `{ deleted }` says how many.',
  tag,
  auth: 'admin',
  scope: 'articles:write',
  params: IdParamSchema,
  query: ContentGapDismissSchema,
  responses: { 200: '`{ deleted }`', 404: 'No such site' },
});

/** Mounted under /api/v1/sites. */
export function botRoutes({ services }: AppDeps) {
  return new Hono<AppEnv>()
    .use(requireAgent(services))
    .get('/:id/bot', getBot, async (c) => c.json<BotSettings>(await services.bot.settings(getBot.params(c).id)))
    .put('/:id/bot', requireAdmin(), putBot, async (c) => {
      const { id } = putBot.params(c);
      return c.json<BotSettings>(await services.bot.setSettings(id, await putBot.body(c)));
    })
    .get('/:id/content-gaps', gaps, async (c) => c.json<ContentGapsResponse>(await services.bot.gaps(gaps.params(c).id, gaps.query(c))))
    .delete('/:id/content-gaps', requireAdmin(), dismiss, async (c) => {
      const { id } = dismiss.params(c);
      return c.json<ContentGapDismissResponse>({ deleted: await services.bot.dismissGaps(id, dismiss.query(c).norm) });
    });
}
