import { Hono } from 'hono';
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
    .get('/config', (c) => {
      const { site } = query(c, ConfigQuery);
      c.header('Cache-Control', 'public, max-age=60');
      return c.json<WidgetConfigResponse>({ config: { ...services.sites.widgetConfig(site), available: services.team.anyoneOnline(), articles: services.articles.publishedLocales(site), maxUploadBytes: deps.config.uploads.maxBytes } });
    })
    // Help articles (issue 6): search, read, vote; behind the same origin check.
    .route('/articles', widgetArticleRoutes(deps));
}
