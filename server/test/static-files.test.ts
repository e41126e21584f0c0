/**
 * The widget's and the console's files go out compressed and cacheable. A real server
 * on a port serves a temporary assets root (plain files with .br and .gz copies written here with
 * node:zlib), so nothing depends on a prior build; requests go through node:http and raw sockets,
 * which (unlike fetch) show the bytes as sent.
 */
import { randomBytes } from 'node:crypto';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { connect } from 'node:net';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, constants, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config';
import { acceptedEncodings, etagMatches } from '../src/http/static-files';
import { startServer, type Running } from '../src/server';
import { ADMIN, freePort } from './helpers';

const IMMUTABLE = 'public, max-age=31536000, immutable';
const SHORT = 'public, max-age=300';

/** Compressible text that differs per file. */
const text = (name: string, lines = 200) =>
  Array.from({ length: lines }, (_, i) => `export const ${name.replace(/\W/g, '_')}${i} = "line ${i} of ${name}";`).join('\n');

const FILES: Record<string, string> = {
  'widget/dist/widget.js': `(function(){${text('loader', 60)}})();`,
  'widget/dist/widget/app.js': text('app'),
  'widget/dist/widget/Chunk-Ab3_d-9Z.js': text('chunk'),
  'console/dist/index.html': `<!doctype html><html><head><script type="module" src="/assets/index-Xy12_-ab.js"></script></head><body>${'<p>console</p>'.repeat(40)}</body></html>`,
  'console/dist/assets/index-Xy12_-ab.js': text('console'),
  'console/dist/assets/index-Qw34Er56.css': Array.from({ length: 100 }, (_, i) => `.c${i}{color:red}`).join(''),
};

function writeRoot(root: string, files: Record<string, string>, copies = true): void {
  for (const [rel, content] of Object.entries(files)) {
    const path = join(root, rel);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
    if (!copies) continue;
    writeFileSync(`${path}.br`, brotliCompressSync(content, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
    writeFileSync(`${path}.gz`, gzipSync(content, { level: 9 }));
  }
}

async function start(root: string, publicUrl?: string): Promise<Running & { port: number }> {
  const port = await freePort();
  const config = loadConfig(
    {
      PORT: String(port),
      HOST: '127.0.0.1',
      // https: the app would add HSTS to everything; the widget's files must still go without it.
      ATENDO_PUBLIC_URL: publicUrl ?? `https://127.0.0.1:${port}`,
      ATENDO_ADMIN_EMAIL: ADMIN.email,
      ATENDO_ADMIN_PASSWORD: ADMIN.password,
    },
    root,
  );
  return startServer(config, { dbFile: ':memory:' });
}

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** One request through node:http: no automatic decompression, the body as it came. */
function get(port: number, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** The raw response head (status line, headers, blank line) of a GET, as `curl -sD-` prints it. */
function rawHead(port: number, path: string, acceptEncoding: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUser-Agent: test\r\nAccept: */*\r\nAccept-Encoding: ${acceptEncoding}\r\n\r\n`);
    });
    let data = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      data = Buffer.concat([data, chunk]);
      const end = data.indexOf('\r\n\r\n');
      if (end >= 0) {
        socket.destroy();
        resolve(data.subarray(0, end + 4).toString('latin1'));
      }
    });
    socket.on('error', reject);
  });
}

const decode = (r: Reply): string => {
  const enc = r.headers['content-encoding'];
  const raw = enc === 'br' ? brotliDecompressSync(r.body) : enc === 'gzip' ? gunzipSync(r.body) : r.body;
  return raw.toString('utf8');
};

let root: string;
let srv: Running & { port: number };
beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'atendo-static-'));
  writeRoot(root, FILES);
  srv = await start(root);
});
afterAll(async () => {
  await srv?.close();
  rmSync(root, { recursive: true, force: true });
});

/** URL → the fixture file it serves. */
const URLS: Record<string, string> = {
  '/widget.js': 'widget/dist/widget.js',
  '/widget/app.js': 'widget/dist/widget/app.js',
  '/widget/Chunk-Ab3_d-9Z.js': 'widget/dist/widget/Chunk-Ab3_d-9Z.js',
  '/assets/index-Xy12_-ab.js': 'console/dist/assets/index-Xy12_-ab.js',
  '/assets/index-Qw34Er56.css': 'console/dist/assets/index-Qw34Er56.css',
  '/': 'console/dist/index.html',
  '/inbox/some/route': 'console/dist/index.html',
};

describe('Accept-Encoding', () => {
  it('is parsed with q-values, wildcards and refusals', () => {
    expect(acceptedEncodings('br, gzip')).toEqual(['br', 'gzip']);
    expect(acceptedEncodings('gzip, deflate, br, zstd')).toEqual(['br', 'gzip']);
    expect(acceptedEncodings('gzip')).toEqual(['gzip']);
    expect(acceptedEncodings('gzip;q=1.0')).toEqual(['gzip']);
    expect(acceptedEncodings('GZIP ; Q=0.5')).toEqual(['gzip']);
    expect(acceptedEncodings('x-gzip')).toEqual(['gzip']);
    expect(acceptedEncodings('br;q=0, gzip')).toEqual(['gzip']);
    expect(acceptedEncodings('br;q=0.5, gzip;q=0.8')).toEqual(['gzip', 'br']);
    expect(acceptedEncodings('*')).toEqual(['br', 'gzip']);
    expect(acceptedEncodings('*;q=0.1, br;q=0')).toEqual(['gzip']);
    expect(acceptedEncodings('gzip;q=0, *')).toEqual(['br']);
    expect(acceptedEncodings('identity')).toEqual([]);
    expect(acceptedEncodings('')).toEqual([]);
    expect(acceptedEncodings(undefined)).toEqual([]);
    expect(acceptedEncodings('br;q=nonsense, gzip')).toEqual(['gzip']);
  });

  it('If-None-Match matches by weak comparison, lists and *', () => {
    expect(etagMatches('"abc"', '"abc"')).toBe(true);
    expect(etagMatches('W/"abc"', '"abc"')).toBe(true);
    expect(etagMatches('"x", "abc"', '"abc"')).toBe(true);
    expect(etagMatches('*', '"abc"')).toBe(true);
    expect(etagMatches('"abd"', '"abc"')).toBe(false);
    expect(etagMatches(undefined, '"abc"')).toBe(false);
  });
});

describe('compressed files', () => {
  const cases: [string, string | undefined, 'br' | 'gzip' | undefined][] = [
    ['br, gzip', 'br, gzip', 'br'],
    ['gzip, deflate, br, zstd (Chromium over https)', 'gzip, deflate, br, zstd', 'br'],
    ['gzip', 'gzip', 'gzip'],
    ['br;q=0, gzip', 'br;q=0, gzip', 'gzip'],
    ['gzip;q=1.0', 'gzip;q=1.0', 'gzip'],
    ['identity', 'identity', undefined],
    ['no Accept-Encoding', undefined, undefined],
  ];

  for (const [label, accept, expected] of cases) {
    it(`sends ${expected ?? 'the plain file'} for ${label}, with Vary and the right Content-Length`, async () => {
      for (const [url, file] of Object.entries(URLS)) {
        const r = await get(srv.port, url, accept === undefined ? {} : { 'accept-encoding': accept });
        expect(r.status, url).toBe(200);
        expect(r.headers['content-encoding'], url).toBe(expected);
        expect(r.headers.vary, url).toBe('Accept-Encoding');
        expect(Number(r.headers['content-length']), url).toBe(r.body.length);
        expect(decode(r), url).toBe(FILES[file]);
        if (expected) expect(r.body.length, url).toBeLessThan(Buffer.byteLength(FILES[file]!));
      }
    });
  }

  it('gives each encoding its own ETag, answers a matching If-None-Match with 304 and a stale one with 200', async () => {
    for (const url of Object.keys(URLS)) {
      const br = await get(srv.port, url, { 'accept-encoding': 'br' });
      const gz = await get(srv.port, url, { 'accept-encoding': 'gzip' });
      const plain = await get(srv.port, url);
      const tags = [br, gz, plain].map((r) => r.headers.etag);
      for (const tag of tags) expect(tag, url).toMatch(/^"[\w-]+"$/);
      expect(new Set(tags).size, url).toBe(3);
      // The same file asked again: the same tag.
      expect((await get(srv.port, url, { 'accept-encoding': 'br' })).headers.etag).toBe(br.headers.etag);

      const fresh = await get(srv.port, url, { 'accept-encoding': 'br, gzip', 'if-none-match': br.headers.etag! });
      expect(fresh.status, url).toBe(304);
      expect(fresh.body.length, url).toBe(0);
      expect(fresh.headers.etag, url).toBe(br.headers.etag);
      expect(fresh.headers.vary, url).toBe('Accept-Encoding');
      expect(fresh.headers['cache-control'], url).toBe(br.headers['cache-control']);
      // A cache may refresh its stored headers from a 304: it must not relabel the file.
      expect(fresh.headers['content-type'], url).toBe(br.headers['content-type']);
      expect(fresh.headers['content-encoding'], url).toBeUndefined();
      // Weak comparison, and a list.
      expect((await get(srv.port, url, { 'accept-encoding': 'br', 'if-none-match': `"nope", W/${br.headers.etag}` })).status).toBe(304);

      // A tag of another encoding (or another version) does not match what would be sent now.
      const other = await get(srv.port, url, { 'accept-encoding': 'br', 'if-none-match': gz.headers.etag! });
      expect(other.status, url).toBe(200);
      expect(other.headers['content-encoding']).toBe('br');
      expect((await get(srv.port, url, { 'if-none-match': '"stale"' })).status, url).toBe(200);
    }
  });

  it('changes the ETag when the file changes', async () => {
    const path = join(root, 'widget/dist/widget.js');
    const before = (await get(srv.port, '/widget.js')).headers.etag;
    writeFileSync(path, `${FILES['widget/dist/widget.js']}\n// v2`);
    try {
      const after = await get(srv.port, '/widget.js', { 'if-none-match': before! });
      expect(after.status).toBe(200);
      expect(after.headers.etag).not.toBe(before);
    } finally {
      writeFileSync(path, FILES['widget/dist/widget.js']!);
    }
  });

  it('answers 304s without opening the file (no descriptor leaks)', async () => {
    if (!existsSync('/proc/self/fd')) return;
    // Larger than a read stream's buffer: a stream opened and dropped would keep its descriptor.
    const big = join(root, 'console/dist/assets/big-Zz98Yy76.js');
    writeFileSync(big, randomBytes(3 * 1024 * 1024).toString('base64'));
    const url = '/assets/big-Zz98Yy76.js';
    const { etag } = (await get(srv.port, url, { 'accept-encoding': 'identity' })).headers;
    const fds = () => readdirSync('/proc/self/fd').length;
    const before = fds();
    for (let i = 0; i < 150; i++) {
      expect((await get(srv.port, url, { 'accept-encoding': 'identity', 'if-none-match': etag! })).status).toBe(304);
    }
    await new Promise((r) => setTimeout(r, 50));
    expect(fds() - before).toBeLessThan(30);
  });

  it('caches hashed names for a year, the loader and app.js for five minutes, the console page not at all', async () => {
    const expected: Record<string, string> = {
      '/widget.js': SHORT,
      '/widget/app.js': SHORT,
      '/widget/Chunk-Ab3_d-9Z.js': IMMUTABLE,
      '/assets/index-Xy12_-ab.js': IMMUTABLE,
      '/assets/index-Qw34Er56.css': IMMUTABLE,
      '/': 'no-cache',
      '/inbox/some/route': 'no-cache',
    };
    for (const [url, cache] of Object.entries(expected)) {
      for (const accept of ['br', 'gzip', 'identity']) {
        const r = await get(srv.port, url, { 'accept-encoding': accept });
        expect(r.headers['cache-control'], `${url} ${accept}`).toBe(cache);
        expect(r.headers.etag, `${url} ${accept}`).toBeTruthy();
      }
    }
  });

  it('answers HEAD with the headers of the copy a GET would get and no body', async () => {
    for (const url of Object.keys(URLS)) {
      const get1 = await get(srv.port, url, { 'accept-encoding': 'gzip' });
      const head = await get(srv.port, url, { 'accept-encoding': 'gzip' }, 'HEAD');
      expect(head.status, url).toBe(200);
      expect(head.body.length, url).toBe(0);
      expect(head.headers['content-encoding'], url).toBe('gzip');
      expect(head.headers['content-length'], url).toBe(String(get1.body.length));
      expect(head.headers.etag, url).toBe(get1.headers.etag);
      expect(head.headers.vary, url).toBe('Accept-Encoding');
    }
  });

  it('answers 404 for a missing file, not the console page', async () => {
    const paths = [
      '/widget/missing.js',
      '/widget/',
      '/assets/missing-Ab12Cd34.js',
      '/assets/',
      '/widget//app.js',
      '/assets/..%2f..%2fsecret.txt',
      '/widget/..%5csecret.txt',
    ];
    for (const path of paths) {
      const r = await get(srv.port, path, { 'accept-encoding': 'br, gzip' });
      expect(r.status, path).toBe(404);
      expect(r.headers['content-type'], path).not.toMatch(/html/);
    }
  });

  it('never sends a file from outside the build folders', async () => {
    writeFileSync(join(root, 'secret.txt'), 'SECRET-ROOT');
    writeFileSync(join(root, 'widget/secret.txt'), 'SECRET-WIDGET');
    writeFileSync(join(root, 'console/secret.txt'), 'SECRET-CONSOLE');
    const paths = [
      '/widget/../secret.txt',
      '/widget/%2e%2e/secret.txt',
      '/widget/%2e%2e/%2e%2e/secret.txt',
      '/widget/..%2fsecret.txt',
      '/widget/..%2f..%2fsecret.txt',
      '/widget/..%5c..%5csecret.txt',
      '/widget/%252e%252e/secret.txt',
      '/assets/..%2fsecret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/assets/%2e%2e/%2e%2e/secret.txt',
    ];
    for (const path of paths) {
      const r = await get(srv.port, path, { 'accept-encoding': 'identity' });
      expect(r.body.toString(), path).not.toMatch(/SECRET/);
    }
  });
});

describe('headers', () => {
  it('sends /widget.js with only what a cross-origin script needs, in ≤ 380 bytes of response head', async () => {
    const head = await rawHead(srv.port, '/widget.js', 'gzip, deflate, br, zstd');
    const lines = head.trim().split('\r\n');
    const names = lines
      .slice(1)
      .map((l) => l.slice(0, l.indexOf(':')).toLowerCase())
      .sort();
    expect(names).toEqual([
      'access-control-allow-origin',
      'cache-control',
      'connection',
      'content-encoding',
      'content-length',
      'content-type',
      'cross-origin-resource-policy',
      'date',
      'etag',
      'keep-alive',
      'vary',
      'x-content-type-options',
    ]);
    expect(head).toMatch(/\r\naccess-control-allow-origin: \*\r\n/i);
    expect(head).toMatch(/\r\ncross-origin-resource-policy: cross-origin\r\n/i);
    expect(head).toMatch(/\r\nx-content-type-options: nosniff\r\n/i);
    expect(head).toMatch(/\r\ncontent-type: text\/javascript\r\n/i);
    for (const url of ['/widget/app.js', '/widget/Chunk-Ab3_d-9Z.js']) {
      expect((await get(srv.port, url)).headers['content-type'], url).toBe('text/javascript');
    }
    expect((await get(srv.port, '/assets/index-Xy12_-ab.js')).headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect((await get(srv.port, '/assets/index-Qw34Er56.css')).headers['content-type']).toBe('text/css; charset=utf-8');
    expect((await get(srv.port, '/')).headers['content-type']).toBe('text/html; charset=utf-8');
    // Before these files were sent compressed and cacheable this was 813 bytes (page-level security
    // headers, no compression headers).
    // Node adds Connection and Keep-Alive (47 bytes, hop by hop: behind a proxy the proxy's own go
    // out instead), so what this server controls must fit in 350 bytes and the whole head in 380.
    const hopByHop = lines.filter((l) => /^(connection|keep-alive):/i.test(l)).reduce((n, l) => n + l.length + 2, 0);
    expect(head.length - hopByHop, head).toBeLessThanOrEqual(350);
    expect(head.length, head).toBeLessThanOrEqual(380);
  });

  it('keeps the console’s page-level security headers on its page and files', async () => {
    for (const url of ['/', '/inbox/some/route', '/assets/index-Xy12_-ab.js']) {
      const r = await get(srv.port, url, { 'accept-encoding': 'br' });
      expect(r.headers['content-security-policy'], url).toMatch(/script-src 'self'/);
      expect(r.headers['content-security-policy'], url).toMatch(/frame-ancestors 'none'/);
      expect(r.headers['strict-transport-security'], url).toBeTruthy();
      expect(r.headers['x-content-type-options'], url).toBe('nosniff');
      expect(r.headers['cross-origin-resource-policy'], url).toBe('same-origin');
      expect(r.headers['access-control-allow-origin'], url).toBeUndefined();
    }
  });
});

describe('a server without compressed copies or builds', () => {
  let bare: string;
  let empty: string;
  let plainSrv: Running & { port: number };
  let emptySrv: Running & { port: number };
  beforeAll(async () => {
    bare = mkdtempSync(join(tmpdir(), 'atendo-static-plain-'));
    writeRoot(bare, FILES, false);
    plainSrv = await start(bare);
    empty = mkdtempSync(join(tmpdir(), 'atendo-static-empty-'));
    emptySrv = await start(empty);
  });
  afterAll(async () => {
    await plainSrv?.close();
    await emptySrv?.close();
    rmSync(bare, { recursive: true, force: true });
    rmSync(empty, { recursive: true, force: true });
  });

  it('falls back to the plain file (still with Vary) when there is no copy', async () => {
    const r = await get(plainSrv.port, '/widget/app.js', { 'accept-encoding': 'br, gzip' });
    expect(r.status).toBe(200);
    expect(r.headers['content-encoding']).toBeUndefined();
    expect(r.headers.vary).toBe('Accept-Encoding');
    expect(r.body.toString()).toBe(FILES['widget/dist/widget/app.js']);
  });

  it('says the console is not built (503) and has no widget files (404)', async () => {
    const page = await get(emptySrv.port, '/', { 'accept-encoding': 'br' });
    expect(page.status).toBe(503);
    expect(page.body.toString()).toMatch(/not built/);
    expect((await get(emptySrv.port, '/widget.js')).status).toBe(404);
    expect((await get(emptySrv.port, '/widget/app.js')).status).toBe(404);
  });
});
