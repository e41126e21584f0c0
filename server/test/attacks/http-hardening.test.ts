/**
 * Low findings of an attack run: slowloris (unfinished requests held 60–90 s with no
 * per-address cap), authenticated answers without `Cache-Control: no-store`, the demo pages served
 * on the console's origin in production, and the CSRF check trusting the Host header.
 */
import { request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { login, settle, startTestServer } from '../helpers';

const servers: Awaited<ReturnType<typeof startTestServer>>[] = [];
const sockets: Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  for (const s of servers.splice(0)) await s.close();
});

async function server(env: Record<string, string> = {}) {
  const s = await startTestServer({}, env);
  servers.push(s);
  return s;
}

/** A TCP connection that starts a request and never finishes its headers; resolves when it is open. */
function slowRequest(port: number): Promise<{ socket: Socket; closed: Promise<number> }> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    sockets.push(socket);
    const opened = Date.now();
    const closed = new Promise<number>((r) => socket.once('close', () => r(Date.now() - opened)));
    socket.on('error', () => undefined);
    socket.resume(); // read, so the server's answer and close are seen
    socket.once('connect', () => {
      socket.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: 1\r\n');
      resolve({ socket, closed });
    });
  });
}

describe('slowloris', () => {
  it('caps the connections one address holds and drops requests whose headers never finish', async () => {
    const srv = await server({ ATENDO_MAX_HTTP_CONNECTIONS_PER_IP: '5', ATENDO_HEADERS_TIMEOUT_SECONDS: '1' });
    const held = await Promise.all(Array.from({ length: 5 }, () => slowRequest(srv.port)));
    // The sixth is cut at once.
    const sixth = await slowRequest(srv.port);
    expect(await Promise.race([sixth.closed, settle(1000).then(() => -1)])).toBeGreaterThanOrEqual(0);
    // The five unfinished ones are dropped after the headers timeout (1 s, checked every second).
    const times = await Promise.race([Promise.all(held.map((h) => h.closed)), settle(5000).then(() => null)]);
    expect(times).not.toBeNull();
    // Then the address is served again.
    expect((await fetch(`${srv.url}/healthz`)).status).toBe(200);
  });
});

describe('HTTP answers', () => {
  it('marks authenticated API answers no-store; the widget config keeps its own caching', async () => {
    const srv = await server();
    const cookie = await login(srv.url);
    for (const path of ['/api/v1/conversations', '/api/v1/auth/me', `/api/v1/sites/${srv.siteId}/security`, '/api/v1/agents']) {
      const res = await fetch(`${srv.url}${path}`, { headers: { cookie } });
      expect(res.status, path).toBe(200);
      expect(res.headers.get('cache-control'), path).toBe('no-store');
    }
    const config = await fetch(`${srv.url}/api/v1/widget/config?site=${srv.siteId}`, { headers: { origin: srv.url } });
    expect(config.headers.get('cache-control')).toBe('public, max-age=60');
  });

  it('serves the demo pages in production only with ATENDO_DEMO=1', async () => {
    const prev = process.env.NODE_ENV;
    try {
      const prod = await server({ NODE_ENV: 'production' });
      for (const path of ['/demo', '/demo/csp', '/demo/api', '/demo/hostile']) expect((await fetch(`${prod.url}${path}`)).status, path).toBe(404);
      const demo = await server({ NODE_ENV: 'production', ATENDO_DEMO: '1' });
      expect((await fetch(`${demo.url}/demo`)).status).toBe(200);
    } finally {
      process.env.NODE_ENV = prev;
    }
  });

  it('refuses a state-changing request whose Origin matches only the Host header (DNS rebinding)', async () => {
    const srv = await server();
    const cookie = await login(srv.url);
    const evil = `http://rebind.evil:${srv.port}`;
    // fetch() will not set Host; a raw request does, as a rebinding page's browser would.
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port: srv.port, path: '/api/v1/auth/logout', method: 'POST', headers: { cookie, origin: evil, host: `rebind.evil:${srv.port}` } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(403);
    expect((await fetch(`${srv.url}/api/v1/auth/me`, { headers: { cookie } })).status).toBe(200);
  });
});
