import { serveStatic } from '@hono/node-server/serve-static';
import { createHash } from 'node:crypto';
import { statSync, type Stats } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { MiddlewareHandler } from 'hono';
import { getMimeType } from 'hono/utils/mime';

/**
 * The widget's and the console's built files, sent compressed.
 *
 * The builds write `name.br` and `name.gz` beside every text file (widget/vite.compression.ts,
 * console/vite.config.ts). For each request this picks the copy the client accepts, answers
 * `If-None-Match` with a 304 on its own (no file is opened), and lets `@hono/node-server`'s
 * `serveStatic` (precompressed) send the file. Every answer for a compressible file carries
 * `Vary: Accept-Encoding` (the plain one too: a shared cache must not hand a br body to a client
 * that cannot read it) and an ETag of the bytes actually sent, so each encoding has its own.
 */

export type Encoding = 'br' | 'gzip';

/** Server preference when the client rates several equally: brotli is smaller. */
const ENCODINGS: readonly Encoding[] = ['br', 'gzip'];
const SUFFIX: Record<Encoding, string> = { br: '.br', gzip: '.gz' };

/** The outputs the builds write compressed copies of (keep in step with their `include`). */
const COMPRESSIBLE = /\.(?:js|mjs|css|html|svg|json)$/;

/** Vite's `[name]-[hash].ext` names: 8 characters of url-safe base64 before the extension. */
const HASHED = /-[A-Za-z0-9_-]{8}\.[a-z0-9]+$/;

export const CACHE_IMMUTABLE = 'public, max-age=31536000, immutable';
/**
 * Files whose URL never changes: `/widget.js` is pasted into other sites' pages and
 * `/widget/app.js` is what it loads, so a new release must reach visitors within minutes. After
 * five minutes the browser revalidates with the ETag and usually gets a body-less 304.
 */
export const CACHE_SHORT = 'public, max-age=300';

/** A year for content-hashed names (a new build means a new URL), five minutes for the rest. */
export const cacheByName = (path: string): string => (HASHED.test(path) ? CACHE_IMMUTABLE : CACHE_SHORT);

/**
 * The encodings a client accepts, best first (RFC 9110 §12.5.3): `q` weights, `q=0` as a refusal,
 * `*` for any encoding not named, `x-gzip` as gzip; ties go to the server's preference (br).
 * An absent or empty header accepts none (the plain file).
 */
export function acceptedEncodings(header: string | undefined): Encoding[] {
  const q = new Map<string, number>();
  for (const part of (header ?? '').split(',')) {
    const [token = '', ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    if (!token) continue;
    let weight = 1;
    for (const param of params) {
      const m = /^q\s*=\s*(.*)$/.exec(param);
      // A weight that is not a number in 0…1 is malformed: the entry counts as a refusal.
      if (m) weight = /^(?:0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/.test(m[1]!) ? Number(m[1]) : 0;
    }
    const name = token === 'x-gzip' ? 'gzip' : token;
    // A name listed twice keeps its better weight.
    q.set(name, Math.max(weight, q.get(name) ?? 0));
  }
  const wildcard = q.get('*') ?? 0;
  return ENCODINGS.map((e) => ({ e, w: q.get(e) ?? wildcard }))
    .filter(({ w }) => w > 0)
    .sort((a, b) => b.w - a.w || ENCODINGS.indexOf(a.e) - ENCODINGS.indexOf(b.e))
    .map(({ e }) => e);
}

/** RFC 9110 §13.1.2: `*`, or any listed tag equal by weak comparison. */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const strip = (t: string) => t.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((t) => t.trim() === '*' || strip(t) === strip(etag));
}

const fileStats = (path: string): Stats | undefined => {
  try {
    const st = statSync(path);
    return st.isFile() ? st : undefined;
  } catch {
    return undefined;
  }
};

/** ETags by file path, computed from the content once per (size, mtime) and kept. */
const etags = new Map<string, { size: number; mtimeMs: number; etag: string }>();

async function etagOf(path: string, st: Stats): Promise<string> {
  const known = etags.get(path);
  if (known && known.size === st.size && known.mtimeMs === st.mtimeMs) return known.etag;
  // 72 bits of the content's SHA-256 (short: it is sent on every page view): the same build gives
  // the same tag on every instance, and the br, gzip and plain copies each their own.
  const etag = `"${createHash('sha256')
    .update(await readFile(path))
    .digest('base64url')
    .slice(0, 12)}"`;
  etags.set(path, { size: st.size, mtimeMs: st.mtimeMs, etag });
  return etag;
}

/** What serveStatic refuses too: encoded characters, dot segments, empty segments, backslashes. */
const UNSAFE = /%|\\|\/\/|(?:^|\/)\.{1,2}(?:\/|$)/;

export interface StaticFilesOptions {
  /** The folder the request path (or `path`) is relative to. */
  root: string;
  /** Always send this file (relative to root), whatever the request path. */
  path?: string;
  /** The Cache-Control value for a file, given its path relative to root. */
  cacheControl: (path: string) => string;
  /**
   * Send scripts as plain `text/javascript`, without `; charset=utf-8` (15 bytes on every page
   * view): module scripts are decoded as UTF-8 whatever the header says, and the classic loader
   * is built ASCII-only (widget/vite.loader.config.ts), so any page charset reads it right.
   */
  bareScriptType?: boolean;
}

/**
 * Sends a built file, or answers 404 (never falls through to the console's index.html: a missing
 * script must not come back as an HTML page, let alone one cached for a year).
 */
export function staticFiles({ root, path: fixedPath, cacheControl, bareScriptType = false }: StaticFilesOptions): MiddlewareHandler {
  let serve: MiddlewareHandler | undefined;
  return async (c) => {
    const rel = fixedPath ?? c.req.path;
    if (UNSAFE.test(rel)) return c.notFound();
    const file = join(root, rel);
    const plain = fileStats(file);
    if (!plain) return c.notFound();

    let encoding: Encoding | undefined;
    let sent: { path: string; stats: Stats } = { path: file, stats: plain };
    const compressible = COMPRESSIBLE.test(file);
    if (compressible) {
      for (const e of acceptedEncodings(c.req.header('Accept-Encoding'))) {
        const stats = fileStats(file + SUFFIX[e]);
        if (!stats) continue;
        encoding = e;
        sent = { path: file + SUFFIX[e], stats };
        break;
      }
      c.header('Vary', 'Accept-Encoding');
    }
    const etag = await etagOf(sent.path, sent.stats);
    c.header('ETag', etag);
    c.header('Cache-Control', cacheControl(rel));
    // On the 304 too: @hono/node-server would label it text/plain otherwise, and a cache that
    // refreshes its stored headers from a 304 would then hold a script that nosniff blocks.
    const type = bareScriptType && /\.m?js$/.test(file) ? 'text/javascript' : (getMimeType(file) ?? 'application/octet-stream');
    c.header('Content-Type', type);
    if (etagMatches(c.req.header('If-None-Match'), etag)) return c.body(null, 304);

    // serveStatic chooses a copy from the raw Accept-Encoding, split on commas only (`gzip;q=1.0`
    // would not match, `br;q=0` would): hand it the one decided above instead.
    c.req.raw.headers.set('Accept-Encoding', encoding ?? 'identity');
    serve ??= serveStatic({ root, precompressed: true, ...(fixedPath ? { path: fixedPath } : {}) }) as unknown as MiddlewareHandler;
    // No `next`: a file gone since the look above is a 404 here, not the next route's page.
    const res = await serve(c, async () => {});
    if (!(res instanceof Response)) return c.notFound();
    // serveStatic appends its own `Vary: Accept-Encoding` when it sends a copy: keep one.
    if (compressible) res.headers.set('Vary', 'Accept-Encoding');
    res.headers.set('Content-Type', type);
    return res;
  };
}
