import { Hono } from 'hono';
import { compress } from 'hono/compress';
import * as v from 'valibot';
import type { WidgetConfigResponse } from '@atendo/shared';
import type { AppDeps, AppEnv } from '../context';
import { query } from '../validate';
import { widgetOrigin } from '../widget-origin';
import { widgetArticleRoutes } from './articles';

const ConfigQuery = v.strictObject({ site: v.pipe(v.string(), v.minLength(1), v.maxLength(64)) });

/** Public endpoints the widget calls from the host page's origin (only the site's allowed origins). */
export function widgetRoutes(deps: AppDeps) {
  const { services } = deps;
  return new Hono<AppEnv>()
    .use(widgetOrigin(deps))
    // Visitors' bandwidth: the config (and article answers) go out gzipped when the browser takes it.
    .use(compress({ threshold: 512 }))
    .get('/config', (c) => {
      const { site } = query(c, ConfigQuery);
      c.header('Cache-Control', 'public, max-age=60');
      return c.json<WidgetConfigResponse>({ config: { ...services.sites.widgetConfig(site), available: services.team.anyoneOnline(), articles: services.articles.publishedLocales(site), maxUploadBytes: deps.config.uploads.maxBytes } });
    })
    // The loader's one request before the visitor shows intent (issue 13): how many seconds before
    // the site's first proactive message may show (the app is fetched a little before), or 204
    // when the site has none. No body worth compressing; cached like the config.
    .get('/proactive', (c) => {
      const { site } = query(c, ConfigQuery);
      const triggers = (services.sites.widgetConfig(site).settings?.triggers ?? []).filter((t) => t.enabled);
      c.header('Cache-Control', 'public, max-age=60');
      c.header('X-Content-Type-Options', 'nosniff');
      c.set('minimalHeaders', true);
      if (!triggers.length) return c.body(null, 204);
      return c.json(Math.min(...triggers.map((t) => t.timeOnPageSec ?? 0)));
    })
    // Help articles (issue 6): search, read, vote; behind the same origin check.
    .route('/articles', widgetArticleRoutes(deps));
}
