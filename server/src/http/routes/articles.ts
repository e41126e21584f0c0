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
import { requireAdmin, requireAgent, scope } from '../session';
import { jsonBody, params, query } from '../validate';

/**
 * Help articles in the console: every agent reads them, admins write them. Mounted at `/api/v1`
 * (paths `/sites/:siteId/articles` and `/articles/:id`), so each route names its own guards.
 */
export function articleRoutes({ services }: AppDeps) {
  const agent = requireAgent(services);
  return new Hono<AppEnv>()
    .get('/sites/:siteId/articles', agent, scope('articles:write'), async (c) => {
      const { siteId } = params(c, SiteIdParamSchema);
      const { locale } = query(c, ArticleListQuerySchema);
      return c.json<ArticleListResponse>({ items: await services.articles.list(siteId, locale) });
    })
    .post('/sites/:siteId/articles', agent, requireAdmin(), scope('articles:write'), async (c) => {
      const { siteId } = params(c, SiteIdParamSchema);
      const input = await jsonBody(c, ArticleInputSchema);
      return c.json<ArticleResponse>({ article: await services.articles.create(siteId, input) }, 201);
    })
    .put('/articles/:id', agent, requireAdmin(), scope('articles:write'), async (c) => {
      const { id } = params(c, IdParamSchema);
      const input = await jsonBody(c, ArticleInputSchema);
      return c.json<ArticleResponse>({ article: await services.articles.update(id, input) });
    })
    .delete('/articles/:id', agent, requireAdmin(), scope('articles:write'), async (c) => {
      await services.articles.remove(params(c, IdParamSchema).id);
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
    .get('/', async (c) => {
      const { site, locale, q } = query(c, WidgetArticleSearchSchema);
      c.header('Cache-Control', 'no-store');
      return c.json<WidgetArticleSearchResponse>(await services.articles.search(site, locale, q));
    })
    .get('/:id', async (c) => {
      const { id } = params(c, IdParamSchema);
      const { site } = query(c, WidgetSiteQuerySchema);
      c.header('Cache-Control', 'no-store');
      // Over the limit the article is still shown; the view is just not counted, so repeated anonymous
      // reads cannot inflate the count.
      const counted = (await views.hit(requestIp(c, config.limits.trustProxy))).ok;
      return c.json<WidgetArticleResponse>({ article: await services.articles.read(site, id, counted) });
    })
    .post('/:id/vote', async (c) => {
      const { id } = params(c, IdParamSchema);
      const { site } = query(c, WidgetSiteQuerySchema);
      const { helpful } = await jsonBody(c, ArticleVoteSchema);
      if (!(await votes.hit(requestIp(c, config.limits.trustProxy))).ok) throw new AppError('rate_limited', 'Too many votes; try again later');
      await services.articles.vote(site, id, helpful);
      return c.body(null, 204);
    });
}
