import { Hono } from 'hono';
import { compress } from 'hono/compress';
import { WidgetSiteQuerySchema, launcherCss, type WidgetConfigResponse, type WidgetLoaderResponse } from '@atendo/shared';
import type { AppDeps, AppEnv } from '../context';
import { route } from '../spec';

const widgetConfig = route({
  summary: 'The widget’s configuration for a site (public, from the site’s allowed origins)',
  description:
    '`WidgetConfig`: `siteId`, `teamName`, `greeting`, `color`, `position`, `launcherLabel`, `available` (some agent is online with a console open), ' +
    '`settings` (the site’s widget settings), `hours` (business hours now), `articles` (languages with at least one published article: the widget offers help before the chat), ' +
    '`maxUploadBytes`, and `emailReplies` (`ATENDO_SMTP_URL` is set: the leave-a-message form promises an e-mail answer only then).\n\n' +
    '`hours` is `{ open, nextOpenAt, closesAt?, reopensAt? }` (`teamStatus` in shared/src/hours.ts; wall-clock times read in the site’s time zone, so DST is honoured): ' +
    '`open` is always true while hours are off; `nextOpenAt` is the next opening (null when open or when no day opens); while open under business hours, ' +
    '`closesAt` is when this opening ends (spans that meet are joined) and `reopensAt` the opening after it (null: none).\n\n' +
    'The widget offers to leave a message while the team is closed by these times (it redraws at each of them) or nobody is online (`available`; later the socket’s `welcome.available` and `availability`).\n\n' +
    '`Cache-Control: public, max-age=60`; gzipped when accepted.',
  tag: 'Widget',
  auth: 'widget',
  query: WidgetSiteQuerySchema,
  responses: { 200: '`{ config: WidgetConfig }`', 403: 'An `Origin` the site does not allow', 404: 'Unknown site (`unknown_site`)' },
});
const loader = route({
  summary: 'What the 2 KB loader needs before the visitor shows intent: bubble style and proactive triggers',
  description:
    'The loader’s one request on every page view. `css`: rules that draw the bubble in the site’s colour, corner and label until the app takes over ' +
    '(`launcherCss` in shared/src/launcher.ts; the label is an escaped CSS string), present when the look is not the default. ' +
    '`proactive`: `[timeOnPageSec, urlPattern, id]` of each enabled proactive message, so the loader fetches the app shortly before one may show. ' +
    '`Cache-Control: public, max-age=60`, no page-level security headers, gzipped from 256 bytes.',
  tag: 'Widget',
  auth: 'widget',
  query: WidgetSiteQuerySchema,
  responses: {
    200: '`{ css?, proactive? }`',
    204: 'Nothing beyond the defaults: the default look and no enabled proactive message',
    403: 'An `Origin` the site does not allow',
    404: 'Unknown site',
  },
});
import { widgetOrigin } from '../widget-origin';
import { widgetArticleRoutes } from './articles';

/** Public endpoints the widget calls from the host page's origin (only the site's allowed origins). */
export function widgetRoutes(deps: AppDeps) {
  const { services } = deps;
  return (
    new Hono<AppEnv>()
      .use(widgetOrigin(deps))
      // Visitors' bandwidth: the config and article answers go out gzipped when the browser takes it.
      .use('/config', compress({ threshold: 512 }))
      .use('/loader', compress({ threshold: 256 }))
      .use('/articles/*', compress({ threshold: 512 }))
      .get('/config', widgetConfig, async (c) => {
        const { site } = widgetConfig.query(c);
        c.header('Cache-Control', 'public, max-age=60');
        // unknown_site first, as before: the other two are read only for a site that exists.
        const config = await services.sites.widgetConfig(site);
        const available = services.team.anyoneOnline();
        const articles = await services.articles.publishedLocales(site);
        // emailReplies: whether the leave-a-message form may promise an answer by e-mail.
        const emailReplies = deps.config.mail.smtpUrl !== null;
        return c.json<WidgetConfigResponse>({ config: { ...config, available, articles, maxUploadBytes: deps.config.uploads.maxBytes, emailReplies } });
      })
      // The loader's one request before the visitor shows intent: the bubble's look when
      // it is not the default (`css`, see launcherCss) and [seconds on the page, page pattern, id] of
      // each enabled proactive message (`proactive`), so the loader fetches the app a little before
      // one that may still show on its page; 204 when there is neither. No page-level headers: a
      // small answer fetched on every page view.
      .get('/loader', loader, async (c) => {
        const { site } = loader.query(c);
        const config = await services.sites.widgetConfig(site);
        const triggers = (config.settings?.triggers ?? []).filter((t) => t.enabled);
        const css = launcherCss(config);
        c.header('Cache-Control', 'public, max-age=60');
        c.set('minimalHeaders', true);
        if (!triggers.length && !css) return c.body(null, 204);
        const answer: WidgetLoaderResponse = {
          ...(css ? { css } : {}),
          ...(triggers.length ? { proactive: triggers.map((t): [number, string, string] => [t.timeOnPageSec ?? 0, t.urlPattern ?? '', t.id]) } : {}),
        };
        const body = JSON.stringify(answer);
        c.header('X-Content-Type-Options', 'nosniff');
        c.header('Content-Type', 'application/json');
        // A length lets compress() skip what is too small to gain from it.
        c.header('Content-Length', String(Buffer.byteLength(body)));
        return c.body(body);
      })
      // Help articles: search, read, vote; behind the same origin check.
      .route('/articles', widgetArticleRoutes(deps))
  );
}
