import { createMiddleware } from 'hono/factory';
import { WidgetOriginQuerySchema } from '@atendo/shared';
import { AppError } from '../domain/errors';
import { originAllowed, parseAllowedOrigins } from '../security/origins';
import type { AppDeps, AppEnv } from './context';
import { query } from './validate';

/**
 * The widget's HTTP endpoints (`/api/v1/widget/*?site=<id>`) answer only pages on the site's
 * allowed origins (exact match), with CORS headers naming that one origin. A GET without an Origin
 * (same-origin or non-browser) is allowed: what it reads is public. Anything else needs an Origin.
 */
export function widgetOrigin({ services, config }: AppDeps) {
  const policy = { ownOrigin: new URL(config.publicUrl).origin, dev: config.dev };
  return createMiddleware<AppEnv>(async (c, next) => {
    const origin = c.req.header('origin');
    const method = c.req.method;
    if (origin === undefined) {
      if (method === 'GET' || method === 'HEAD') {
        // A shared cache must not hand this answer (no CORS headers) to a cross-origin page.
        c.header('Vary', 'Origin');
        return next();
      }
      throw new AppError('forbidden', 'Origin header required');
    }
    // A missing or malformed site id (no site could have it) is a 400, as the route's own query check says.
    const site = await services.sites.row(query(c, WidgetOriginQuerySchema).site);
    if (!site) throw new AppError('unknown_site', 'Unknown site');
    if (!originAllowed(origin, parseAllowedOrigins(site.allowedOrigins), policy)) {
      throw new AppError('forbidden', `Origin ${origin.slice(0, 100)} is not allowed for this site`);
    }
    c.header('Access-Control-Allow-Origin', origin);
    c.header('Vary', 'Origin');
    if (method === 'OPTIONS') {
      c.header('Access-Control-Allow-Methods', 'GET, POST');
      // Authorization: the visitor's token on uploads (attachments).
      c.header('Access-Control-Allow-Headers', 'Content-Type, Authorization');
      c.header('Access-Control-Max-Age', '600');
      return c.body(null, 204);
    }
    await next();
  });
}
