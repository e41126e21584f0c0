import { Hono } from 'hono';
import {
  ArticleInputSchema,
  ArticleListQuerySchema,
  ArticleVoteSchema,
  IdParamSchema,
  SiteIdParamSchema,
  WidgetArticleSearchSchema,
  WidgetSiteQuerySchema,
  type ArticleListResponse,
  type ArticleResponse,
  type WidgetArticleResponse,
  type WidgetArticleSearchResponse,
} from '@atendo/shared';
import { AppError } from '../../domain/errors';
import type { AppDeps, AppEnv } from '../context';
import { requestIp } from '../ip';
import { requireAdmin, requireAgent } from '../session';
import { route } from '../spec';

const tag = 'Articles';
/** The rules of both writes. */
const input =
  '`locale` `en`, `pt-BR` or `ru`; `title` trimmed, 1–200 characters; `body` Markdown (rendered without raw HTML), 1–20,000 characters; ' +
  '`published`: only published articles reach the widget.';
const list = route({
  summary: 'List a site’s help articles',
  description: 'Drafts too, with their counters (`views`, `helpful`, `notHelpful`), newest edit first; `locale` narrows to one language.',
  tag,
  auth: 'session',
  scope: 'articles:write',
  params: SiteIdParamSchema,
  query: ArticleListQuerySchema,
  responses: { 200: '`{ items: Article[] }`', 404: 'No such site' },
});
const create = route({
  summary: 'Write a help article',
  description: input + ' A site holds at most 200 articles (all languages).',
  tag,
  auth: 'admin',
  scope: 'articles:write',
  params: SiteIdParamSchema,
  body: ArticleInputSchema,
  responses: { 201: '`{ article }`', 404: 'No such site', 409: 'The site holds 200 articles already' },
});
const update = route({
  summary: 'Change a help article',
  description: input,
  tag,
  auth: 'admin',
  scope: 'articles:write',
  params: IdParamSchema,
  body: ArticleInputSchema,
  responses: { 200: '`{ article }`', 404: 'No such article' },
});
const remove = route({
  summary: 'Delete a help article',
  tag,
  auth: 'admin',
  scope: 'articles:write',
  params: IdParamSchema,
  responses: { 204: 'Deleted', 404: 'No such article' },
});
/** What the widget's article routes share. */
const widgetNote = 'Behind the widget’s origin check; sends no cookie, creates no visitor.';
const widgetSearch = route({
  summary: 'Search a site’s published articles (the widget)',
  description:
    'At most 10 published articles in `locale` (default `en`; when that language has none, in `en`, and `locale` in the answer says so) holding every word of `q` (at most 100 characters; empty: all) ' +
    'in the title or text, ignoring case and accents; title matches first, then the most read. Counts nothing. ' +
    widgetNote,
  tag: 'Widget',
  auth: 'widget',
  query: WidgetArticleSearchSchema,
  responses: {
    200: '`{ locale, items: [{ id, title, excerpt }] }`',
    403: 'An `Origin` the site does not allow',
    404: 'Unknown site (checked when the request has an `Origin`)',
  },
});
const widgetRead = route({
  summary: 'Read a published article (the widget; counts a view)',
  description: 'Counts one view, at most 60 an hour per client address (beyond, the article is still shown, the view not counted). ' + widgetNote,
  tag: 'Widget',
  auth: 'widget',
  params: IdParamSchema,
  query: WidgetSiteQuerySchema,
  responses: {
    200: '`{ article: { id, locale, title, body, updatedAt } }`',
    403: 'An `Origin` the site does not allow',
    404: 'No such published article on that site, or no such site',
  },
});
const widgetVote = route({
  summary: 'Say whether an article helped (the widget)',
  description:
    'One request is one vote: `helpful` or `notHelpful` goes up by one; 60 votes an hour per client address. Needs an `Origin` (the site’s or Atendo’s). ' +
    widgetNote,
  tag: 'Widget',
  auth: 'widget',
  params: IdParamSchema,
  query: WidgetSiteQuerySchema,
  body: ArticleVoteSchema,
  responses: {
    204: 'Counted',
    403: 'No `Origin`, or one the site does not allow',
    404: 'No such published article on that site, or no such site',
    429: 'Too many votes from this address',
  },
});

/**
 * Help articles in the console: every agent reads them, admins write them. Mounted at `/api/v1`
 * (paths `/sites/:siteId/articles` and `/articles/:id`), so each route names its own guards.
 */
export function articleRoutes({ services }: AppDeps) {
  const agent = requireAgent(services);
  return new Hono<AppEnv>()
    .get('/sites/:siteId/articles', agent, list, async (c) => {
      const { siteId } = list.params(c);
      const { locale } = list.query(c);
      return c.json<ArticleListResponse>({ items: await services.articles.list(siteId, locale) });
    })
    .post('/sites/:siteId/articles', agent, requireAdmin(), create, async (c) => {
      const { siteId } = create.params(c);
      const input = await create.body(c);
      return c.json<ArticleResponse>({ article: await services.articles.create(siteId, input) }, 201);
    })
    .put('/articles/:id', agent, requireAdmin(), update, async (c) => {
      const { id } = update.params(c);
      const input = await update.body(c);
      return c.json<ArticleResponse>({ article: await services.articles.update(id, input) });
    })
    .delete('/articles/:id', agent, requireAdmin(), remove, async (c) => {
      await services.articles.remove(remove.params(c).id);
      return c.body(null, 204);
    });
}

/**
 * The widget's public article endpoints, mounted under `widget/articles` behind widgetOrigin (only
 * the site's allowed origins). Nothing here reads or creates a visitor: reading counts a view and
 * voting counts a vote on the article, and that is all that is stored; each at most 60 an hour per
 * client address.
 */
export function widgetArticleRoutes({ services, config }: AppDeps) {
  // Votes and views per client address (kept in memory only, never stored): one script cannot stuff
  // the counters. Views have their own bucket of the same size, so reading does not use up voting.
  const votes = services.rateLimits.shared('articles.votes.per-ip', 60, 60 * 60_000);
  const views = services.rateLimits.shared('articles.views.per-ip', votes.limit, votes.windowMs);
  return new Hono<AppEnv>()
    .get('/', widgetSearch, async (c) => {
      const { site, locale, q } = widgetSearch.query(c);
      c.header('Cache-Control', 'no-store');
      return c.json<WidgetArticleSearchResponse>(await services.articles.search(site, locale, q));
    })
    .get('/:id', widgetRead, async (c) => {
      const { id } = widgetRead.params(c);
      const { site } = widgetRead.query(c);
      c.header('Cache-Control', 'no-store');
      // Over the limit the article is still shown; the view is just not counted, so repeated anonymous
      // reads cannot inflate the count.
      const counted = (await views.hit(requestIp(c, config.limits.trustProxy))).ok;
      return c.json<WidgetArticleResponse>({ article: await services.articles.read(site, id, counted) });
    })
    .post('/:id/vote', widgetVote, async (c) => {
      const { id } = widgetVote.params(c);
      const { site } = widgetVote.query(c);
      const { helpful } = await widgetVote.body(c);
      if (!(await votes.hit(requestIp(c, config.limits.trustProxy))).ok) throw new AppError('rate_limited', 'Too many votes; try again later');
      await services.articles.vote(site, id, helpful);
      return c.body(null, 204);
    });
}
