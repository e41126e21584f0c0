import { createServer, type AddressInfo } from 'node:net';
import { WebSocket } from 'ws';
import type { ServerFrame } from '@atendo/shared';
import { loadConfig } from '../src/config';
import { startServer, type Running } from '../src/server';
import { createPgDatabase, testStore } from './pg-db';
import { dropPrefix, redisAnswers, testPrefix, testRedisUrl } from './redis';

/** A port the OS says is free right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export const ADMIN = { email: 'admin@example.com', password: 'correct horse battery' };

/**
 * A real server on an ephemeral port with an in-memory SQLite database, or, in the suite's
 * PostgreSQL pass, a fresh PostgreSQL database of its own (dropped when the server closes; a test
 * that passes ATENDO_DATABASE_URL itself keeps its database).
 */
export async function startTestServer(
  opts: Parameters<typeof startServer>[1] = {},
  env: Record<string, string> = {},
): Promise<Running & { url: string; wsUrl: string; siteId: string }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const config = loadConfig({
    PORT: String(port),
    HOST: '127.0.0.1',
    ATENDO_PUBLIC_URL: url,
    ATENDO_ADMIN_EMAIL: ADMIN.email,
    ATENDO_ADMIN_PASSWORD: ADMIN.password,
    // Every test client shares 127.0.0.1: per-IP limits are tested on their own (test/attacks).
    ATENDO_MAX_CONNECTIONS_PER_IP: '10000',
    ATENDO_RATE_MESSAGES_PER_IP_PER_MINUTE: '100000',
    ATENDO_RATE_CONVERSATIONS_PER_IP_PER_HOUR: '100000',
    ATENDO_RATE_MESSAGES_PER_MINUTE: '100000',
    ATENDO_RATE_FRAMES_PER_MINUTE: '100000',
    ...env,
  });
  const own = testStore === 'postgres' && !config.database.url ? await createPgDatabase() : null;
  if (own) config.database.url = own.url;
  // The PostgreSQL pass runs as one instance of a cluster: the bus and presence on Redis (a prefix of its own).
  const redisPrefix = testStore === 'postgres' && !config.redis.url && (await pgPassOnRedis) ? testPrefix('srv') : null;
  if (redisPrefix) Object.assign(config.redis, { url: testRedisUrl, prefix: redisPrefix });
  let running: Running;
  try {
    running = await startServer(config, { dbFile: ':memory:', ...opts });
  } catch (err) {
    await own?.drop();
    if (redisPrefix) await dropPrefix(redisPrefix);
    throw err;
  }
  const close = running.close.bind(running);
  return {
    ...running,
    async close() {
      try {
        await close();
      } finally {
        await own?.drop();
        if (redisPrefix) await dropPrefix(redisPrefix);
      }
    },
    url,
    wsUrl: `ws://127.0.0.1:${running.port}/ws`,
    siteId: running.boot.siteId,
  };
}

/**
 * Whether the PostgreSQL pass runs on Redis: where Redis answers (required in CI), unless
 * ATENDO_TEST_REDIS=off. Elsewhere it runs without, as one instance, and says so once.
 */
const pgPassOnRedis: Promise<boolean> = testStore === 'postgres' && process.env.ATENDO_TEST_REDIS !== 'off' ? redisAnswers() : Promise.resolve(false);

/** Log in over HTTP and return the session cookie header value. */
export async function login(url: string, creds = ADMIN): Promise<string> {
  const res = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(creds),
  });
  if (res.status !== 200) throw new Error(`login failed: ${res.status}`);
  const cookie = res.headers.get('set-cookie') ?? '';
  return cookie.split(';')[0] ?? '';
}

/** A WebSocket client that records every frame and can wait for one matching a predicate. */
export class TestClient {
  readonly frames: ServerFrame[] = [];
  closed: { code: number; reason: string } | null = null;
  private waiters: { pred: (f: ServerFrame) => boolean; resolve: (f: ServerFrame) => void }[] = [];
  private closeWaiters: ((c: { code: number; reason: string }) => void)[] = [];

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const frame = JSON.parse(String(data)) as ServerFrame;
      this.frames.push(frame);
      this.waiters = this.waiters.filter((w) => {
        if (!w.pred(frame)) return true;
        w.resolve(frame);
        return false;
      });
    });
    ws.on('close', (code, reason) => {
      this.closed = { code, reason: reason.toString() };
      for (const w of this.closeWaiters) w(this.closed);
    });
  }

  /**
   * Open a socket. Like a browser on Atendo's own pages, it sends `Origin: http://<host>` unless
   * `headers.origin` says otherwise; `origin: ''` sends no Origin at all.
   */
  static async connect(url: string, headers: Record<string, string> = {}): Promise<TestClient> {
    const h: Record<string, string> = { origin: url.replace(/^ws/, 'http').replace(/\/ws.*$/, ''), ...headers };
    if (h.origin === '') delete h.origin;
    const ws = new WebSocket(url, { headers: h });
    const client = new TestClient(ws);
    await new Promise<void>((ok, fail) => {
      ws.once('open', () => ok());
      ws.once('error', fail);
    });
    return client;
  }

  send(frame: unknown): void {
    this.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  /** Resolve with the first frame (already received or future) that matches. */
  next<T extends ServerFrame['type']>(
    type: T,
    pred: (f: Extract<ServerFrame, { type: T }>) => boolean = () => true,
    timeoutMs = 3000,
  ): Promise<Extract<ServerFrame, { type: T }>> {
    const match = (f: ServerFrame) => f.type === type && pred(f as Extract<ServerFrame, { type: T }>);
    const seen = this.frames.find(match);
    if (seen) return Promise.resolve(seen as Extract<ServerFrame, { type: T }>);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${type}; got ${JSON.stringify(this.frames.map((f) => f.type))}`)), timeoutMs);
      this.waiters.push({
        pred: match,
        resolve: (f) => {
          clearTimeout(timer);
          resolve(f as Extract<ServerFrame, { type: T }>);
        },
      });
    });
  }

  /** Wait until the server closes the socket. */
  waitClose(timeoutMs = 3000): Promise<{ code: number; reason: string }> {
    if (this.closed) return Promise.resolve(this.closed);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('timed out waiting for close')), timeoutMs);
      this.closeWaiters.push((c) => {
        clearTimeout(timer);
        resolve(c);
      });
    });
  }

  of<T extends ServerFrame['type']>(type: T): Extract<ServerFrame, { type: T }>[] {
    return this.frames.filter((f) => f.type === type) as Extract<ServerFrame, { type: T }>[];
  }

  close(): void {
    this.ws.close();
  }
}

/** Let in-flight frames arrive. */
export const settle = (ms = 50) => new Promise((r) => setTimeout(r, ms));
