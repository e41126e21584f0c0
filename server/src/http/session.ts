import { getCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import { AppError } from '../domain/errors';
import type { Services } from '../domain/services';
import { SESSION_COOKIE, type AppEnv } from './context';

/** Require a logged-in agent; sets `agent` and `sessionHash` on the context. */
export function requireAgent(services: Services) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const session = services.agents.authenticate(getCookie(c, SESSION_COOKIE));
    if (!session) throw new AppError('unauthorized', 'Log in to continue');
    c.set('agent', session.agent);
    c.set('sessionHash', session.sessionHash);
    await next();
  });
}

/**
 * CSRF defence for cookie-authenticated routes: a state-changing request must come from our own
 * origin (when the browser says where it comes from) and carry a JSON body (checked by jsonBody).
 */
export function sameOrigin(publicUrl: string) {
  const own = new URL(publicUrl).origin;
  return createMiddleware<AppEnv>(async (c, next) => {
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD' && c.req.method !== 'OPTIONS') {
      const origin = c.req.header('origin');
      if (origin !== undefined) {
        const host = c.req.header('host');
        const selfOrigin = host ? `${new URL(c.req.url).protocol}//${host}` : own;
        if (origin !== own && origin !== selfOrigin) {
          throw new AppError('forbidden', 'Cross-site request refused');
        }
      }
    }
    await next();
  });
}
