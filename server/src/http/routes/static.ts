import { Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { MiddlewareHandler } from 'hono';
import type { AppDeps, AppEnv } from '../context';
import { cacheByName, staticFiles } from '../static-files';
import { apiDemoPage, DEMO_API_SCRIPT, demoPage, hostileDemoPage } from './demo';

/**
 * The console's policy: scripts, styles and connections from Atendo itself only; no inline script,
 * no eval, no inline style attributes, no plugins, no framing; DOM sinks need Trusted Types, so a
 * stray innerHTML throws instead of running markup.
 */
export const CONSOLE_CSP = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  fontSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  requireTrustedTypesFor: ["'script'"],
};

/**
 * A host page as strict as real shops make them: scripts and connections only from Atendo's origin
 * (which here is also the page's), no inline script, no eval. Styles stay open as on most sites.
 */
export function demoCsp(publicUrl: string): string {
  const origin = new URL(publicUrl).origin;
  const ws = origin.replace(/^http/, 'ws');
  return [
    "default-src 'none'",
    `script-src ${origin}`,
    `connect-src ${origin} ${ws}`,
    "style-src 'self' 'unsafe-inline'",
    // The widget's team avatar: from Atendo's origin or any https URL (an admin's choice, Settings).
    `img-src 'self' data: ${origin} https:`,
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** The console SPA at `/`, the widget's files, and the demo pages. */
export function staticRoutes({ config, services }: AppDeps) {
  const widgetDist = resolve(config.assetsRoot, 'widget/dist');
  const consoleDist = resolve(config.assetsRoot, 'console/dist');
  const consoleIndex = resolve(consoleDist, 'index.html');
  // The widget runs on other sites' pages: its files must be loadable cross-origin (module scripts
  // are CORS requests, and a page with COEP needs CORP). These few headers are all a script needs;
  // the page-level ones (CSP, framing, …) are left off, every byte counting against the loader's
  // budget (see securityHeaders).
  const widgetHeaders: MiddlewareHandler<AppEnv> = async (c, next) => {
    c.set('minimalHeaders', true);
    c.header('Access-Control-Allow-Origin', '*');
    c.header('Cross-Origin-Resource-Policy', 'cross-origin');
    c.header('X-Content-Type-Options', 'nosniff');
    await next();
  };
  const consoleHeaders = secureHeaders({ contentSecurityPolicy: CONSOLE_CSP });
  const demoSnippet = async () => (await services.sites.ensureDefault()).site.snippet.replace(config.publicUrl, '');

  return (
    new Hono<AppEnv>()
      // The demo pages exist in development (or with ATENDO_DEMO=1): see Config.demo.
      .use('/demo', async (c, next) => (config.demo ? next() : c.text('Not found', 404)))
      .use('/demo/*', async (c, next) => (config.demo ? next() : c.text('Not found', 404)))
      // /widget.js and /widget/app.js never change URL: five minutes, then revalidation by ETag
      // (a new release reaches visitors within minutes); the hashed chunks are cached for a year.
      .get('/widget.js', widgetHeaders, staticFiles({ root: widgetDist, path: 'widget.js', cacheControl: cacheByName, bareScriptType: true }))
      .get('/widget/*', widgetHeaders, staticFiles({ root: widgetDist, cacheControl: cacheByName, bareScriptType: true }))
      // The plain demo is a shop without a CSP of its own, as most are; only plugins, <base> and framing are off.
      .get('/demo', secureHeaders(), async (c) => {
        c.header('Content-Security-Policy', "object-src 'none'; base-uri 'none'; frame-ancestors 'none'");
        return c.html(demoPage(await demoSnippet()));
      })
      // For the widget's isolation and JS API tests: a hostile host page (no CSP of its own, like /demo) and the JS API demo (strict CSP, like /demo/csp).
      .get('/demo/hostile', secureHeaders(), async (c) => {
        c.header('Content-Security-Policy', "object-src 'none'; base-uri 'none'; frame-ancestors 'none'");
        return c.html(hostileDemoPage(await demoSnippet()));
      })
      .get('/demo/api', async (c) => {
        c.header('Content-Security-Policy', demoCsp(config.publicUrl));
        c.header('Cache-Control', 'no-cache');
        return c.html(apiDemoPage(await demoSnippet()));
      })
      .get('/demo/api.js', (c) => {
        c.header('Content-Type', 'text/javascript; charset=utf-8');
        c.header('Cache-Control', 'no-cache');
        return c.body(DEMO_API_SCRIPT);
      })
      .get('/demo/csp', async (c) => {
        c.header('Content-Security-Policy', demoCsp(config.publicUrl));
        c.header('Cache-Control', 'no-cache');
        return c.html(demoPage(await demoSnippet()));
      })
      // The console's scripts and styles have content-hashed names: a year, immutable.
      .get('/assets/*', consoleHeaders, staticFiles({ root: consoleDist, cacheControl: cacheByName }))
      // index.html names the current hashed files: revalidated on every load (a 304 when unchanged).
      .get(
        '*',
        consoleHeaders,
        async (c, next) => {
          if (!existsSync(consoleIndex)) {
            return c.text('The console is not built yet: run `pnpm build` (pnpm start does it for you).', 503);
          }
          await next();
        },
        staticFiles({ root: consoleDist, path: 'index.html', cacheControl: () => 'no-cache' }),
      )
  );
}
