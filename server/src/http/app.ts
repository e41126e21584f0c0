import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import type { ErrorBody, HealthResponse, ReadinessResponse } from '@atendo/shared';
import { AppError, errorReply } from '../domain/errors';
import type { AppDeps, AppEnv } from './context';
import { authRoutes } from './routes/auth';
import { conversationRoutes } from './routes/conversations';
import { siteRoutes } from './routes/sites';
import { botRoutes } from './routes/bot';
import { staticRoutes } from './routes/static';
import { visitorRoutes } from './routes/visitors';
import { agentRoutes } from './routes/agents';
import { cannedReplyRoutes } from './routes/canned-replies';
import { liveVisitorRoutes } from './routes/live-visitors';
import { noteRoutes } from './routes/notes';
import { conversationEmailRoutes } from './routes/emails';
import { searchRoutes } from './routes/search';
import { tagRoutes } from './routes/tags';
import { widgetRoutes } from './routes/widget';
import { attachmentRoutes } from './routes/attachments';
import { reportRoutes } from './routes/reports';
import { articleRoutes } from './routes/articles';
import { apiTokenRoutes } from './routes/api-tokens';
import { apiDocsRoutes } from './routes/api-docs';
import { openApiDocument } from './openapi';
import { route } from './spec';
import { webhookRoutes } from './routes/webhooks';
import { inboundEmailRoutes } from '../mail-inbound/route';
import { securityHeaders } from './headers';
import { sameOrigin } from './session';

export const VERSION = '0.1.0';

const openApiSpec = route({
  summary: 'This API’s OpenAPI 3.1 document',
  description:
    'Generated from the routes’ specs (server/src/http/spec.ts, openapi.ts), so it always describes this server: what `/api/docs` shows. ' +
    'Import it into an API client or a code generator.',
  tag: 'Integrations',
  auth: 'public',
  responses: { 200: 'The document (`Cache-Control: no-cache`)' },
});

/** `p`, or a rejection after `ms`. */
function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise((ok, fail) => {
    const t = setTimeout(() => fail(new Error('timed out')), ms);
    p.then(
      (v) => (clearTimeout(t), ok(v)),
      (err: unknown) => (clearTimeout(t), fail(err instanceof Error ? err : new Error(String(err)))),
    );
  });
}

/** The whole HTTP surface; tests call `createApp(deps).request(...)` without opening a port. */
export function createApp(deps: AppDeps) {
  let document: Record<string, unknown> | undefined;
  const api = new Hono<AppEnv>()
    .use(
      bodyLimit({
        maxSize: 64 * 1024,
        onError: () => {
          throw new AppError('payload_too_large', 'Request body is too large');
        },
      }),
    )
    .use(sameOrigin(deps.config.publicUrl))
    // Answers about conversations, visitors and agents stay out of browser and proxy caches; the
    // few public ones that may be cached (the widget's config) say so themselves.
    .use(async (c, next) => {
      await next();
      if (!c.res.headers.has('Cache-Control')) c.header('Cache-Control', 'no-store');
    })
    .route('/auth', authRoutes(deps))
    .route('/conversations', conversationRoutes(deps))
    .route('/sites', siteRoutes(deps))
    // The answer bot: /sites/:id/bot, /sites/:id/content-gaps
    .route('/sites', botRoutes(deps))
    .route('/widget', widgetRoutes(deps))
    .route('/visitors', visitorRoutes(deps))
    // Console: team features
    .route('/conversations', noteRoutes(deps))
    .route('/conversations', conversationEmailRoutes(deps))
    .route('/agents', agentRoutes(deps))
    .route('/tags', tagRoutes(deps))
    .route('/canned-replies', cannedReplyRoutes(deps))
    .route('/search', searchRoutes(deps))
    .route('/live/visitors', liveVisitorRoutes(deps))
    // Ratings and reports
    .route('/reports', reportRoutes(deps))
    // Help articles: /sites/:siteId/articles, /articles/:id
    .route('/', articleRoutes(deps))
    // Integrations: the team's API tokens
    .route('/api-tokens', apiTokenRoutes(deps))
    .route('/webhooks', webhookRoutes(deps))
    // The API's description, generated from the routes' specs (openapi.ts); its reader is /api/docs.
    .get('/openapi.json', openApiSpec, (c) => {
      document ??= openApiDocument(app, { serverUrl: deps.config.publicUrl, version: VERSION }).document;
      c.header('Cache-Control', 'no-cache');
      return c.json(document);
    })
    .all('*', () => {
      throw new AppError('not_found', 'No such API endpoint');
    });

  const app = new Hono<AppEnv>()
    .use(securityHeaders(deps.config.publicUrl))
    // Liveness: the process answers. Readiness (below): it can serve, and is not draining.
    .get('/healthz', (c) => c.json<HealthResponse>({ ok: true, version: VERSION }))
    .get('/readyz', async (c) => {
      const database = await withTimeout(deps.services.agents.count(), 2000).then(
        () => 'ok' as const,
        () => 'down' as const,
      );
      const redis = deps.readiness?.redisConnected;
      const body: ReadinessResponse = {
        ready: false,
        database,
        ...(redis ? { redis: redis() ? ('ok' as const) : ('down' as const) } : {}),
        draining: deps.readiness?.draining() ?? false,
      };
      // Redis down is said, not refused: sends and acks still work without it (only delivery between
      // instances waits), and every instance refusing at once would take the whole cluster down.
      body.ready = database === 'ok' && !body.draining;
      c.header('Cache-Control', 'no-store');
      return c.json(body, body.ready ? 200 : 503);
    })
    // Attachments first: uploads are streamed under their own size limit, not the API's 64 KB.
    .route('/api/v1', attachmentRoutes(deps));
  // The inbound e-mail webhook (ATENDO_INBOUND_SECRET) before the API too: a mail provider sends a
  // raw message larger than 64 KB, with neither an Origin nor JSON (it proves itself by the secret).
  const inbound = deps.config.inbound;
  const inboundDomain = deps.config.mail.inboundDomain;
  if (inbound.secret && inboundDomain) {
    const inboundMail = deps.services.inboundMail;
    app.route(
      '/api/v1',
      inboundEmailRoutes({
        secret: inbound.secret,
        inboundDomain,
        maxBytes: inbound.maxBytes,
        deliver: async (mail) => {
          const outcome = await inboundMail.deliver(mail);
          // A token no conversation has (any more): refused for good, as a mail without one.
          if (!outcome.stored && outcome.reason === 'no-token') return { dropped: 'no-token' };
        },
      }),
    );
  }
  app.route('/api/v1', api).route('/api/docs', apiDocsRoutes()).route('/', staticRoutes(deps));

  app.onError((err, c) => {
    // Hono's own refusals (a body over its limit, a malformed request) carry their status.
    if (err instanceof HTTPException) {
      const code = err.status === 413 ? 'payload_too_large' : 'bad_request';
      return c.json<ErrorBody>({ error: { code, message: err.message || 'Bad request' } }, err.status);
    }
    // Everything else: the one mapping sockets use too (domain/errors.ts).
    const { status, code, message } = errorReply(err, `${c.req.method} ${c.req.path}`);
    return c.json<ErrorBody>({ error: { code, message } }, status as 400);
  });
  app.notFound((c) => c.json<ErrorBody>({ error: { code: 'not_found', message: 'Not found' } }, 404));
  return app;
}

export type App = ReturnType<typeof createApp>;
