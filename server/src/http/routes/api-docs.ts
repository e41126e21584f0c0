import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { Hono } from 'hono';
import { compress } from 'hono/compress';
import type { AppEnv } from '../context';
import { staticFiles } from '../static-files';

/**
 * The API reference at /api/docs: Swagger UI (served from the swagger-ui-dist package, never a CDN)
 * over /api/v1/openapi.json. The page's policy allows scripts and styles from Atendo itself only:
 * no inline script, no eval, nothing from elsewhere.
 */
export const API_DOCS_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Atendo API reference</title>
    <link rel="stylesheet" href="/api/docs/swagger-ui.css" />
  </head>
  <body>
    <div id="reference"></div>
    <script src="/api/docs/swagger-ui-bundle.js"></script>
    <script src="/api/docs/init.js"></script>
  </body>
</html>
`;

/** Where swagger-ui-dist's files are (a dependency of the server, resolved from this module). */
function swaggerRoot(): string {
  return dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
}

/** Swagger UI's start, served as a file (the page allows no inline script); no online validator badge (a third-party request). */
const INIT = `window.addEventListener('DOMContentLoaded', function () {
  window.ui = window.SwaggerUIBundle({
    url: '/api/v1/openapi.json',
    dom_id: '#reference',
    deepLinking: true,
    validatorUrl: null,
    docExpansion: 'list',
    defaultModelsExpandDepth: 0,
  });
});
`;

export function apiDocsRoutes() {
  const root = swaggerRoot();
  const csp = (c: { header(name: string, value: string): void }) => c.header('Content-Security-Policy', API_DOCS_CSP);
  return new Hono<AppEnv>()
    .get('/', (c) => {
      csp(c);
      c.header('Cache-Control', 'no-cache');
      return c.html(PAGE);
    })
    .get('/init.js', (c) => {
      c.header('Content-Type', 'text/javascript; charset=utf-8');
      c.header('Cache-Control', 'no-cache');
      return c.body(INIT);
    })
    .use('/swagger-ui*', compress())
    .get('/swagger-ui.css', staticFiles({ root, path: 'swagger-ui.css', cacheControl: () => 'public, max-age=3600' }))
    .get('/swagger-ui-bundle.js', staticFiles({ root, path: 'swagger-ui-bundle.js', cacheControl: () => 'public, max-age=3600' }));
}
