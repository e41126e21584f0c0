import { Hono } from 'hono';
import { cors } from 'hono/cors';
import * as v from 'valibot';
import type { WidgetConfigResponse } from '@atendo/shared';
import type { AppDeps, AppEnv } from '../context';
import { query } from '../validate';

const ConfigQuery = v.strictObject({ site: v.pipe(v.string(), v.minLength(1), v.maxLength(64)) });

/** Public endpoints the widget calls from the host page's origin. */
export function widgetRoutes({ services }: AppDeps) {
  return new Hono<AppEnv>()
    .use(cors({ origin: '*', allowMethods: ['GET'], maxAge: 600 }))
    .get('/config', (c) => {
      const { site } = query(c, ConfigQuery);
      c.header('Cache-Control', 'public, max-age=60');
      return c.json<WidgetConfigResponse>({ config: services.sites.widgetConfig(site) });
    });
}
