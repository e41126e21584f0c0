import { createMiddleware } from 'hono/factory';
import type { AppEnv } from './context';

/**
 * Security headers on every response (API, errors, files, pages). Routes that need a different
 * value (the console's and the demo's CSP, the widget's cross-origin files) set theirs first;
 * this fills in whatever is still missing. The widget's files get none of them when they are sent
 * (see `minimalHeaders`): CSP, framing, opener and permission policies govern documents, not
 * a script another site runs, and their ~450 bytes would be most of the loader's header budget.
 */
export function securityHeaders(publicUrl: string) {
  const https = publicUrl.startsWith('https://');
  const defaults: [string, string][] = [
    // JSON and error responses need no capabilities at all.
    ['Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"],
    ['X-Content-Type-Options', 'nosniff'],
    ['X-Frame-Options', 'DENY'],
    ['Referrer-Policy', 'no-referrer'],
    ['Cross-Origin-Opener-Policy', 'same-origin'],
    ['Cross-Origin-Resource-Policy', 'same-origin'],
    ['Origin-Agent-Cluster', '?1'],
    ['X-DNS-Prefetch-Control', 'off'],
    ['X-Permitted-Cross-Domain-Policies', 'none'],
    ['Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=(), usb=()'],
  ];
  if (https) defaults.push(['Strict-Transport-Security', 'max-age=15552000; includeSubDomains']);
  return createMiddleware<AppEnv>(async (c, next) => {
    await next();
    if (c.get('minimalHeaders') && c.res.status < 400) return;
    const h = c.res.headers;
    for (const [name, value] of defaults) if (!h.has(name)) h.set(name, value);
  });
}
