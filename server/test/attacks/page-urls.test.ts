/**
 * Found in an attack run: full page URLs, with their query and `#fragment`, and the
 * referrer's query were stored and shown to every agent: reset tokens, OAuth codes. Now fragments
 * are always dropped and query parameters kept only when the site names them (utm_* by default).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanPageUrl, DEFAULT_WIDGET_SETTINGS, type VisitorProfile } from '@atendo/shared';
import { login, startTestServer, TestClient } from '../helpers';
import { visitorHello } from './kit';

let srv: Awaited<ReturnType<typeof startTestServer>>;
let cookie: string;
beforeAll(async () => {
  srv = await startTestServer();
  cookie = await login(srv.url);
});
afterAll(() => srv.close());

async function profileAfter(hello: Record<string, unknown>, page?: { url: string; title: string }): Promise<VisitorProfile> {
  const c = await TestClient.connect(srv.wsUrl);
  c.send(visitorHello(srv.siteId, hello));
  await c.next('welcome');
  c.send({ type: 'message.send', clientId: `url-${Math.random().toString(36).slice(2)}-0123456789`, body: 'Hello' });
  const { visitorId } = await c.next('session');
  await c.next('ack');
  if (page) {
    c.send({ type: 'page', page });
    c.send({ type: 'ping' });
    await c.next('pong');
  }
  const res = await fetch(`${srv.url}/api/v1/live/visitors/${visitorId}`, { headers: { cookie } });
  c.close();
  return ((await res.json()) as { visitor: VisitorProfile }).visitor;
}

describe('page addresses shown to agents', () => {
  it('drop the #fragment and every query parameter but the ones the site keeps, for pages and the referrer', async () => {
    const profile = await profileAfter(
      {
        page: {
          url: 'https://shop.example/reset?token=RESET-SECRET-123&utm_source=news#access_token=OAUTH-XYZ',
          title: 'Reset',
          referrer: 'https://id.example/callback?code=AUTHCODE-999&utm_campaign=spring',
        },
      },
      { url: 'https://shop.example/cart?session=SESSION-42#frag', title: 'Cart' },
    );
    const text = JSON.stringify(profile);
    for (const secret of ['RESET-SECRET-123', 'OAUTH-XYZ', 'AUTHCODE-999', 'SESSION-42', '#']) expect(text).not.toContain(secret);
    expect(profile.pages.map((p) => p.url)).toEqual(['https://shop.example/reset?utm_source=news', 'https://shop.example/cart']);
    expect(profile.referrer).toBe('https://id.example/callback?utm_campaign=spring');
  });

  it('keeps the query parameters an admin names in the widget settings', async () => {
    const res = await fetch(`${srv.url}/api/v1/sites/${srv.siteId}/widget-settings`, {
      method: 'PUT',
      headers: { cookie, origin: srv.url, 'content-type': 'application/json' },
      body: JSON.stringify({ ...DEFAULT_WIDGET_SETTINGS, pageQueryParams: ['product'] }),
    });
    expect(res.status).toBe(200);
    const profile = await profileAfter({ page: { url: 'https://shop.example/p?product=42&utm_source=x&token=T', title: 'P' } });
    expect(profile.pages[0]!.url).toBe('https://shop.example/p?product=42');
  });

  it("keeps a hash router's route (#/… or #!/…) with only the kept parameters of its own query, and drops any other fragment", () => {
    expect(cleanPageUrl('https://a.example/app?x=1#/checkout/step-2', [])).toBe('https://a.example/app#/checkout/step-2');
    expect(cleanPageUrl('https://a.example/#!/cart?coupon=SECRET&utm_source=mail', ['utm_source'])).toBe('https://a.example/#!/cart?utm_source=mail');
    expect(cleanPageUrl('https://a.example/#/reset?token=RESET-1', ['utm_source'])).toBe('https://a.example/#/reset');
    expect(cleanPageUrl('https://a.example/cb#access_token=OAUTH&state=1', [])).toBe('https://a.example/cb');
    expect(cleanPageUrl('https://a.example/cb#section-2', [])).toBe('https://a.example/cb');
    // OAuth in hashbang mode, and a second fragment: never kept.
    expect(cleanPageUrl('https://a.example/#/access_token=SECRET&state=1', [])).toBe('https://a.example/');
    expect(cleanPageUrl('https://a.example/#!/access_token=SECRET', [])).toBe('https://a.example/');
    expect(cleanPageUrl('https://a.example/#/cb#access_token=SECRET', [])).toBe('https://a.example/#/cb');
    expect(cleanPageUrl('https://a.example/#/cb&code=SECRET', [])).toBe('https://a.example/');
  });

  it('cleanPageUrl refuses what is not http(s) and keeps repeated kept parameters', () => {
    expect(cleanPageUrl('javascript:alert(1)', [])).toBe('');
    expect(cleanPageUrl('not a url', [])).toBe('');
    expect(cleanPageUrl('https://a.example/x?a=1&b=2&a=3#f', ['a'])).toBe('https://a.example/x?a=1&a=3');
    expect(cleanPageUrl('https://alice:hunter2@shop.example/p', [])).toBe('https://shop.example/p');
  });
});
