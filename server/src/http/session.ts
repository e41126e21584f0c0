import { getCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import { AppError } from '../domain/errors';
import type { Services } from '../domain/services';
import { SESSION_COOKIE, type AppEnv } from './context';

/**
 * Require a logged-in agent; sets `agent`, `sessionHash` and `setupOnly` on the context. When the
 * team requires two-factor sign-in and the agent has not set it up, only routes marked
 * `setupOnly: true` (who am I, logout, the two-factor setup) answer; the rest say
 * `two_factor_setup_required`.
 */
export function requireAgent(services: Services, opts: { setupOnly?: boolean } = {}) {
  return createMiddleware<AppEnv>(async (c, next) => {
    // Two routers mounted on one path (/conversations: the inbox and the notes; /sites: the sites and
    // their articles) each run this: the session is looked up once per request.
    if (c.get('sessionHash') === undefined) {
      const session = await services.agents.authenticate(getCookie(c, SESSION_COOKIE));
      if (!session) throw new AppError('unauthorized', 'Log in to continue');
      c.set('agent', session.agent);
      c.set('sessionHash', session.sessionHash);
      c.set('setupOnly', session.setupOnly);
    }
    if (c.get('setupOnly') && !opts.setupOnly) {
      throw new AppError('two_factor_setup_required', 'Your team requires two-factor sign-in: set it up in the console to continue');
    }
    await next();
  });
}

/** Require a logged-in admin (after requireAgent): agents get `forbidden`. */
export function requireAdmin() {
  return createMiddleware<AppEnv>(async (c, next) => {
    if (c.get('agent').role !== 'admin') throw new AppError('forbidden', 'Only admins can do this');
    await next();
  });
}

/**
 * CSRF defence for cookie-authenticated routes: a state-changing request must come from our own
 * origin (Origin, or Sec-Fetch-Site when a browser sends no Origin) and may carry only a JSON body,
 * which a cross-site form or `no-cors` fetch cannot send. The widget's public endpoints under
 * `widget/` check the site's allowed origins instead (widgetOrigin).
 */
export function sameOrigin(publicUrl: string, opts: { jsonOnly?: boolean } = {}) {
  const own = new URL(publicUrl).origin;
  const jsonOnly = opts.jsonOnly ?? true;
  return createMiddleware<AppEnv>(async (c, next) => {
    const method = c.req.method;
    if (method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS' && !c.req.path.startsWith('/api/v1/widget/')) {
      const origin = c.req.header('origin');
      if (origin !== undefined) {
        // Only ATENDO_PUBLIC_URL's origin: the Host header is the client's to say (DNS rebinding).
        if (origin !== own) throw new AppError('forbidden', 'Cross-site request refused');
      } else {
        const site = c.req.header('sec-fetch-site');
        if (site !== undefined && site !== 'same-origin' && site !== 'none') {
          throw new AppError('forbidden', 'Cross-site request refused');
        }
      }
      const type = c.req.header('content-type');
      if (jsonOnly && type !== undefined && !/^application\/json\b/i.test(type)) {
        throw new AppError('bad_request', 'Content-Type must be application/json');
      }
    }
    await next();
  });
}
