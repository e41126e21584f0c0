/**
 * Route specs: each /api/v1 route declares what it is (summary, who may call it, the scope that opens
 * it to API tokens) and the shared schemas of its path, query and JSON body, in one `route({…})`
 * middleware put before its handler. The handler reads its input through that same object
 * (`spec.body(c)`, `spec.query(c)`, `spec.params(c)`), so the schema that validates a request is the
 * one the OpenAPI document (openapi.ts) shows: they cannot drift apart.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { createMiddleware } from 'hono/factory';
import type * as v from 'valibot';
import { AppError } from '../domain/errors';
import type { AppEnv } from './context';
import { markScope, unwrapHandler, type RouteScope } from './session';
import { check, jsonBody } from './validate';

/**
 * Who may call a route: `session` the console's agents (cookie), `admin` its admins, `public`
 * anyone, `widget` a page of one of the site's allowed origins, `visitor` a visitor's token,
 * `secret` a shared secret (inbound e-mail).
 */
export type RouteAuth = 'session' | 'admin' | 'public' | 'widget' | 'visitor' | 'secret';

type Schema = v.GenericSchema;

export interface RouteDoc<
  B extends Schema | undefined = Schema | undefined,
  Q extends Schema | undefined = Schema | undefined,
  P extends Schema | undefined = Schema | undefined,
> {
  /** One line, imperative: "List conversations". */
  summary: string;
  description?: string;
  /** The reference's section. */
  tag: string;
  auth: RouteAuth;
  /** Opens a `session`/`admin` route to API tokens holding this scope (none: the console only). */
  scope?: RouteScope;
  /** The JSON body's schema. */
  body?: B;
  /** A body that is not JSON (a file, a raw e-mail): its media type and what it holds. */
  rawBody?: { type: string; description: string };
  query?: Q;
  params?: P;
  /** Status → what the answer holds. */
  responses: Record<number, string>;
}

type Out<S> = S extends Schema ? v.InferOutput<S> : never;

/** The middleware, with the typed readers of its route's input. */
export type RouteSpec<B extends Schema | undefined, Q extends Schema | undefined, P extends Schema | undefined> = MiddlewareHandler<AppEnv> & {
  readonly doc: RouteDoc<B, Q, P>;
  /** The JSON body, validated against `doc.body` (only `application/json`: a CSRF defence). */
  body(c: Context): Promise<Out<B>>;
  /** The query string, validated against `doc.query`. */
  query(c: Context): Out<Q>;
  /** The path parameters, validated against `doc.params`: a malformed id is a 400 naming it, before any lookup. */
  params(c: Context): Out<P>;
};

const DOCS = new WeakMap<MiddlewareHandler, RouteDoc>();

/** The spec a handler registered with Hono is, if it is one (for the OpenAPI document). */
export function routeDocOf(handler: unknown): RouteDoc | undefined {
  const h = unwrapHandler(handler);
  return typeof h === 'function' ? DOCS.get(h as MiddlewareHandler) : undefined;
}

/** Declare a route: put the result before its handler, and read the input through it. */
export function route<B extends Schema | undefined = undefined, Q extends Schema | undefined = undefined, P extends Schema | undefined = undefined>(
  doc: RouteDoc<B, Q, P>,
): RouteSpec<B, Q, P> {
  const needed = doc.scope;
  const mw = createMiddleware<AppEnv>(async (c, next) => {
    // The check requireAgent made from the routes Hono matched, again on the route that runs.
    const caller = c.get('apiCaller');
    if (caller && needed === undefined) throw new AppError('forbidden', 'API tokens cannot use this endpoint; it is for the console');
    if (caller && needed !== undefined && needed !== 'any' && !caller.scopes.has(needed))
      throw new AppError('forbidden', `This API token lacks the scope "${needed}"`);
    await next();
  });
  const missing = (what: string): never => {
    throw new Error(`route "${doc.summary}" reads its ${what} but declares no schema for it`);
  };
  const spec = Object.assign(mw, {
    doc,
    body: (c: Context) => (doc.body ? jsonBody(c, doc.body) : missing('body')) as Promise<Out<B>>,
    query: (c: Context) => (doc.query ? check(doc.query, c.req.query()) : missing('query')) as Out<Q>,
    params: (c: Context) => (doc.params ? check(doc.params, c.req.param()) : missing('path parameters')) as Out<P>,
  });
  DOCS.set(mw, doc as RouteDoc);
  markScope(mw, needed ?? null);
  return spec;
}
