import { Hono } from 'hono';
import { serveStatic } from '@hono/node-server/serve-static';
import { secureHeaders } from 'hono/secure-headers';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { MiddlewareHandler } from 'hono';
import type { AppDeps, AppEnv } from '../context';
import { demoPage } from './demo';

const CONSOLE_CSP = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  fontSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/** serveStatic, created on first use so a missing build folder is reported by the request, not at start. */
function files(options: Parameters<typeof serveStatic>[0]): MiddlewareHandler {
  let handler: MiddlewareHandler | undefined;
  return (c, next) => (handler ??= serveStatic(options))(c, next);
}

/** The console SPA at `/`, the widget's files, and the demo page. */
export function staticRoutes({ config, services }: AppDeps) {
  const widgetDist = resolve(config.assetsRoot, 'widget/dist');
  const consoleDist = resolve(config.assetsRoot, 'console/dist');
  const consoleIndex = resolve(consoleDist, 'index.html');
  // The widget runs on other sites' pages: its files must be loadable cross-origin (module scripts are CORS requests).
  const widgetHeaders = secureHeaders({ crossOriginResourcePolicy: 'cross-origin', crossOriginOpenerPolicy: false });
  const allowAnyOrigin = async (c: { header: (k: string, v: string) => void }, next: () => Promise<void>) => {
    c.header('Access-Control-Allow-Origin', '*');
    await next();
  };

  return new Hono<AppEnv>()
    .get('/widget.js', widgetHeaders, allowAnyOrigin, async (c, next) => {
      c.header('Cache-Control', 'public, max-age=300');
      await next();
    }, files({ root: widgetDist, path: 'widget.js' }))
    .get('/widget/*', widgetHeaders, allowAnyOrigin, async (c, next) => {
      c.header('Cache-Control', 'public, max-age=300');
      await next();
    }, files({ root: widgetDist }))
    .get('/demo', secureHeaders(), (c) => {
      const site = services.sites.ensureDefault().site;
      return c.html(demoPage(site.snippet.replace(config.publicUrl, '')));
    })
    .get('/assets/*', secureHeaders({ contentSecurityPolicy: CONSOLE_CSP }), async (c, next) => {
      c.header('Cache-Control', 'public, max-age=31536000, immutable');
      await next();
    }, files({ root: consoleDist }))
    .get('*', secureHeaders({ contentSecurityPolicy: CONSOLE_CSP }), (c) => {
      if (!existsSync(consoleIndex)) {
        return c.text('The console is not built yet: run `pnpm build` (pnpm start does it for you).', 503);
      }
      c.header('Cache-Control', 'no-cache');
      return c.html(readFileSync(consoleIndex, 'utf8'));
    });
}
