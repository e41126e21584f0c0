import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import { matchedRoutes } from 'hono/route';
import type { ApiScope } from '@atendo/shared';
import { AppError } from '../domain/errors';
import type { Services } from '../domain/services';
import { SESSION_COOKIE, type AppEnv } from './context';

/** What a route asks of an API token: one scope, or 'any' (any valid token: the list of sites). */
export type RouteScope = ApiScope | 'any';

/** Route-level middlewares (they run before a route's handler and are not it). */
const MIDDLEWARE = new WeakSet<MiddlewareHandler>();
/** The route specs (spec.ts), with the scope each asks (null: none, the console only). */
const SCOPES = new WeakMap<MiddlewareHandler, RouteScope | null>();

/**
 * The handler a router holds: a sub-app with its own onError is mounted with each handler wrapped,
 * the original kept under this key (hono's COMPOSED_HANDLER).
 */
export function unwrapHandler(handler: unknown): unknown {
  let h: unknown = handler;
  while (typeof h === 'function' && Reflect.get(h, '__COMPOSED_HANDLER')) h = Reflect.get(h, '__COMPOSED_HANDLER');
  return h;
}

function middleware<M extends MiddlewareHandler>(fn: M): M {
  MIDDLEWARE.add(fn);
  return fn;
}

/**
 * A route spec (spec.ts) and the scope that opens its route to API tokens. Routes without one
 * refuse every token: a new route is closed to tokens until someone decides which scope covers it.
 */
export function markScope(spec: MiddlewareHandler, needed: RouteScope | null): void {
  SCOPES.set(spec, needed);
}

function missingScope(needed: ApiScope): AppError {
  return new AppError('forbidden', `This API token lacks the scope "${needed}"`);
}

/**
 * The scope asked by the route that will answer this request, read from the routes Hono matched:
 * after the running middleware, the first handler that is neither a router's `use` (method ALL)
 * nor a known route-level middleware is the one that answers; a route spec met before it is its
 * own, and says its scope. Null when it has none. (Two routes matching one path, `/counts` and `/:id`, are told apart:
 * each route's handlers come together, in the order routes were added.)
 */
function responderScope(c: Context<AppEnv>): RouteScope | null {
  const routes = matchedRoutes(c);
  for (let i = c.req.routeIndex + 1; i < routes.length; i++) {
    const route = routes[i];
    if (!route || route.method === 'ALL') continue;
    const handler = unwrapHandler(route.handler) as MiddlewareHandler;
    if (SCOPES.has(handler)) return SCOPES.get(handler) ?? null;
    if (MIDDLEWARE.has(handler)) continue;
    return null;
  }
  return null;
}

const BEARER = /^Bearer +(\S+)$/i;

/**
 * Whether the request says who it is with an API token (`Authorization: Bearer …`) rather than the
 * session cookie. Other schemes are not ours: a proxy in front of Atendo may ask for Basic
 * credentials, which the browser then sends with every request, cookie and all.
 */
export function hasAuthorization(c: Context): boolean {
  return /^Bearer(\s|$)/i.test(c.req.header('authorization') ?? '');
}

/** Check a bearer request's token, its scope for this route and its rate limit (with RateLimit-* headers). */
async function admitToken(c: Context<AppEnv>, services: Services): Promise<void> {
  if (c.get('apiCaller') === undefined) {
    const m = BEARER.exec(c.req.header('authorization') ?? '');
    if (!m?.[1]) throw new AppError('unauthorized', 'The Authorization header must be "Bearer <API token>", with the token');
    const caller = await services.apiTokens.authenticate(m[1]);
    if (!caller) throw new AppError('unauthorized', 'Unknown or revoked API token');
    c.set('apiCaller', caller);
  }
  const caller = c.get('apiCaller');
  const needed = responderScope(c);
  if (needed === null) throw new AppError('forbidden', 'API tokens cannot use this endpoint; it is for the console');
  if (needed !== 'any' && !caller.scopes.has(needed)) throw missingScope(needed);
  if (c.get('apiCounted')) return;
  c.set('apiCounted', true);
  const bucket = services.apiTokens.requests;
  const verdict = await bucket.hit(caller.id);
  const perMs = bucket.limit / bucket.windowMs;
  c.header('RateLimit-Policy', `${bucket.limit};w=${Math.round(bucket.windowMs / 1000)}`);
  c.header('RateLimit-Limit', String(bucket.limit));
  if (!verdict.ok) {
    const seconds = Math.max(1, Math.ceil(verdict.retryAfterMs / 1000));
    c.header('RateLimit-Remaining', '0');
    c.header('RateLimit-Reset', String(seconds));
    c.header('Retry-After', String(seconds));
    throw new AppError('rate_limited', `Too many requests with this API token; try again in ${seconds} s`);
  }
  const remaining = verdict.remaining ?? bucket.limit - 1;
  c.header('RateLimit-Remaining', String(remaining));
  // A token bucket: the time until it is full again.
  c.header('RateLimit-Reset', String(Math.ceil((bucket.limit - remaining) / perMs / 1000)));
}

/**
 * Require a logged-in agent or an API token. A cookie sets `agent`, `sessionHash` and `setupOnly`
 * on the context: when the team requires two-factor sign-in and the agent has not set it up, only
 * routes marked `setupOnly: true` (who am I, logout, the two-factor setup) answer; the rest say
 * `two_factor_setup_required`. A request with `Authorization` is a token's, whatever cookie comes
 * with it: it sets `apiCaller`, and passes only on routes whose `scope` its token holds.
 */
export function requireAgent(services: Services, opts: { setupOnly?: boolean } = {}) {
  return middleware(
    createMiddleware<AppEnv>(async (c, next) => {
      if (hasAuthorization(c)) {
        await admitToken(c, services);
        await next();
        return;
      }
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
    }),
  );
}

/** Require a logged-in admin (after requireAgent): agents get `forbidden`; a token's scope was checked by requireAgent. */
export function requireAdmin() {
  return middleware(
    createMiddleware<AppEnv>(async (c, next) => {
      if (c.get('apiCaller') === undefined && c.get('agent').role !== 'admin') throw new AppError('forbidden', 'Only admins can do this');
      await next();
    }),
  );
}

/** The agent behind a request, or null for an API token's (assignment e-mails, "mine" views). */
export function agentIdOf(c: Context<AppEnv>): string | null {
  return c.get('apiCaller') === undefined ? c.get('agent').id : null;
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
  return middleware(
    createMiddleware<AppEnv>(async (c, next) => {
      const method = c.req.method;
      // A request with Authorization proves itself by its token, never by a cookie (requireAgent
      // ignores the cookie then), and a browser sends no such header cross-site without a CORS
      // preflight, which Atendo never grants.
      if (hasAuthorization(c)) {
        await next();
        return;
      }
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
    }),
  );
}
