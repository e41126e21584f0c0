import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode } from '@atendo/shared';
import { startTestServer, TestClient } from '../helpers';
import { upgradeStatus, visitorHello, visitorWelcome } from './kit';

let srv: Awaited<ReturnType<typeof startTestServer>>;
let siteB: string;
beforeAll(async () => {
  srv = await startTestServer();
  await srv.services.sites.setSecurity(srv.siteId, { allowedOrigins: ['https://shop.example'], identityRequired: false });
  siteB = (await srv.services.sites.create({ name: 'Other shop' })).siteId;
  await srv.services.sites.setSecurity(siteB, { allowedOrigins: ['https://other.example'], identityRequired: false });
});
afterAll(() => srv.close());

describe('origins on the WebSocket upgrade', () => {
  it('refuses an upgrade without an Origin header', async () => {
    expect(await upgradeStatus(srv.wsUrl, { origin: '' })).toBe(403);
  });

  it('refuses a foreign origin and every look-alike of an allowed one', async () => {
    for (const origin of [
      'https://evil.example',
      'https://shop.example.evil.example',
      'https://evilshop.example',
      'http://shop.example',
      'https://shop.example:8443',
      'https://SHOP.example.',
      'null',
    ]) {
      expect(await upgradeStatus(srv.wsUrl, { origin }), origin).toBe(403);
    }
  });

  it("accepts the site's exact origin and Atendo's own", async () => {
    expect(await upgradeStatus(srv.wsUrl, { origin: 'https://shop.example' })).toBe(101);
    expect(await upgradeStatus(srv.wsUrl, { origin: srv.url })).toBe(101);
  });

  it("refuses site A's widget on site B's origin at hello (4403)", async () => {
    const c = await TestClient.connect(srv.wsUrl, { origin: 'https://other.example' });
    c.send(visitorHello(srv.siteId));
    const err = await c.next('error');
    expect(err.code).toBe('forbidden');
    expect((await c.waitClose()).code).toBe(CloseCode.Forbidden);

    const ok = await TestClient.connect(srv.wsUrl, { origin: 'https://other.example' });
    ok.send(visitorHello(siteB));
    expect((await ok.next('welcome')).role).toBe('visitor');
    ok.close();
  });

  it('refuses agent sockets from any origin but the console', async () => {
    const c = await TestClient.connect(srv.wsUrl, { origin: 'https://shop.example' });
    c.send({ type: 'hello', v: 1, role: 'agent' });
    expect((await c.waitClose()).code).toBe(CloseCode.Forbidden);
  });
});

describe('origins on the widget HTTP endpoints', () => {
  const config = (origin?: string, site = srv.siteId) => fetch(`${srv.url}/api/v1/widget/config?site=${site}`, { headers: origin ? { origin } : {} });

  it('answers the allowed origin with CORS for that origin only', async () => {
    const res = await config('https://shop.example');
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    expect(res.headers.get('vary')).toMatch(/origin/i);
  });

  it('refuses a foreign or look-alike origin with 403 and no CORS header', async () => {
    for (const origin of ['https://evil.example', 'https://shop.example.evil.example', 'https://other.example']) {
      const res = await config(origin);
      expect(res.status, origin).toBe(403);
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
      expect((await res.json()).error.code).toBe('forbidden');
    }
  });

  it('refuses a preflight from a foreign origin', async () => {
    const res = await fetch(`${srv.url}/api/v1/widget/config?site=${srv.siteId}`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(res.status).toBe(403);
  });
});

describe('a site without allowed origins', () => {
  it('accepts only localhost in development mode', async () => {
    const dev = await startTestServer();
    try {
      const h = (origin: string) => upgradeStatus(dev.wsUrl, { origin });
      expect(await h('http://localhost:5173')).toBe(101);
      expect(await h('http://127.0.0.1:8080')).toBe(101);
      expect(await h('http://localhost.evil.example')).toBe(403);
      expect(await h('https://shop.example')).toBe(403);
    } finally {
      await dev.close();
    }
  });

  it("accepts only Atendo's own origin in production (so /demo keeps working)", async () => {
    const prev = process.env.NODE_ENV;
    const prod = await startTestServer({}, { NODE_ENV: 'production' });
    try {
      expect(await upgradeStatus(prod.wsUrl, { origin: 'http://localhost:5173' })).toBe(403);
      const c = await TestClient.connect(prod.wsUrl);
      c.send(visitorHello(prod.siteId));
      expect((await visitorWelcome(c)).visitorId).toBeNull();
      c.close();
    } finally {
      process.env.NODE_ENV = prev;
      await prod.close();
    }
  });
});
