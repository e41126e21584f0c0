/**
 * The widget as a site owner measures it, in Chromium. Loading /demo and waiting 10 s
 * transfers ≤ 2 KB of bodies from Atendo (the loader, and the proactive hint that answers 204);
 * hovering and opening the bubble ≤ 30 KB more; every file comes compressed (br or gzip). Response
 * headers are counted and printed beside the bodies (they are bounded too, loosely).
 */
import type { Page } from '@playwright/test';
import { expect, loginAgent, test } from './fixtures';

test.describe.configure({ timeout: 60_000 });

interface Row {
  path: string;
  status: number;
  encoding: string;
  type: string;
  body: number;
  headers: number;
}

/** Every finished request to the widget's URLs (the demo page itself is the owner's site). */
function record(page: Page): Row[] {
  const rows: Row[] = [];
  page.on('requestfinished', async (req) => {
    const path = new URL(req.url()).pathname;
    if (!/^\/widget(\.js|\/)|^\/api\/v1\/widget\//.test(path)) return;
    const res = await req.response();
    const sizes = await req.sizes();
    if (!res) return;
    rows.push({
      path,
      status: res.status(),
      encoding: (await res.headerValue('content-encoding')) ?? '',
      type: ((await res.headerValue('content-type')) ?? '').split(';')[0]!,
      body: sizes.responseBodySize,
      headers: sizes.responseHeadersSize,
    });
  });
  return rows;
}

const total = (rows: Row[], k: 'body' | 'headers') => rows.reduce((s, r) => s + r[k], 0);
const describe = (rows: Row[]) => rows.map((r) => `${r.path} ${r.status} ${r.encoding || 'identity'} body ${r.body} B, headers ${r.headers} B`).join('\n');

test('a page view costs the loader alone until intent, then the chat compressed', async ({ browser }) => {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
  const page = await ctx.newPage();
  const rows = record(page);
  const sockets: string[] = [];
  page.on('websocket', (ws) => sockets.push(ws.url()));
  try {
    await page.goto('/demo');
    await expect(page.getByRole('button', { name: 'Open chat' })).toBeVisible();
    await page.waitForTimeout(10_000);
    const before = rows.splice(0);
    console.log(`[wire] before intent:\n${describe(before)}\n  bodies ${total(before, 'body')} B, headers ${total(before, 'headers')} B`);
    expect(before.map((r) => r.path).sort()).toEqual(['/api/v1/widget/loader', '/widget.js']);
    expect(total(before, 'body'), describe(before)).toBeLessThanOrEqual(2048);
    expect(total(before, 'headers'), describe(before)).toBeLessThanOrEqual(1024);
    expect(sockets).toEqual([]);
    expect(await page.evaluate(() => localStorage.length)).toBe(0);

    // Intent: the pointer on the bubble fetches the app and the config; the click opens the panel.
    await page.getByRole('button', { name: 'Open chat' }).hover();
    await expect.poll(() => rows.some((r) => r.path === '/widget/app.js')).toBe(true);
    await page.getByRole('button', { name: 'Open chat' }).click();
    await expect(page.getByRole('dialog').getByRole('textbox', { name: /message/i })).toBeVisible();
    await page.waitForLoadState('networkidle');
    await page.waitForTimeout(500);
    const open = rows.splice(0);
    console.log(`[wire] hover and open:\n${describe(open)}\n  bodies ${total(open, 'body')} B, headers ${total(open, 'headers')} B`);
    expect(total(open, 'body'), describe(open)).toBeLessThanOrEqual(30 * 1024);

    for (const r of [...before, ...open]) {
      expect(r.status, r.path).toBeLessThan(400);
      if (r.body > 0 && /javascript|css/.test(r.type)) expect(['br', 'gzip'], `${r.path} went out as ${r.encoding || 'identity'}`).toContain(r.encoding);
    }
  } finally {
    await ctx.close();
  }
});

test('the widget files come back from the cache, or as 304, on the next page view', async ({ browser, baseURL }) => {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await ctx.newPage();
  try {
    await page.goto('/demo');
    await page.getByRole('button', { name: 'Open chat' }).hover();
    await expect.poll(async () => page.evaluate(() => performance.getEntriesByType('resource').some((e) => e.name.endsWith('/widget/app.js')))).toBe(true);
    await page.goto('/demo/csp');
    await page.getByRole('button', { name: 'Open chat' }).hover();
    const sizes = () =>
      page.evaluate(() =>
        performance
          .getEntriesByType('resource')
          .filter((e) => /\/widget(\.js|\/app\.js)$/.test(e.name))
          .map((e) => ({ name: new URL(e.name).pathname, transferSize: (e as PerformanceResourceTiming).transferSize })),
      );
    await expect.poll(async () => (await sizes()).length).toBe(2);
    // widget.js and app.js are fresh for 5 minutes: the second page view takes both from the cache (0 bytes).
    expect(await sizes()).toEqual([
      { name: '/widget.js', transferSize: 0 },
      { name: '/widget/app.js', transferSize: 0 },
    ]);
    // After they expire the browser revalidates with the ETag and gets a 304 without a body.
    const etag = (await ctx.request.get(`${baseURL}/widget.js`, { headers: { 'accept-encoding': 'br' } })).headers()['etag'];
    expect(etag).toBeTruthy();
    const again = await ctx.request.get(`${baseURL}/widget.js`, { headers: { 'accept-encoding': 'br', 'if-none-match': etag! } });
    expect(again.status()).toBe(304);
  } finally {
    await ctx.close();
  }
});

test("the bubble is in the site's look before intent, and does not move or change when the chat arrives", async ({ browser, baseURL }) => {
  const adminCtx = await browser.newContext();
  const admin = await adminCtx.newPage();
  await loginAgent(admin);
  const { items } = (await (await admin.request.get('/api/v1/sites')).json()) as { items: { siteId: string; teamName: string; greeting: string }[] };
  const site = items[0]!;
  const res = await admin.request.put(`/api/v1/sites/${site.siteId}/appearance`, {
    data: { color: '#16a34a', position: 'left', teamName: site.teamName, greeting: site.greeting, launcherLabel: 'Chat with us' },
    headers: { Origin: baseURL! },
  });
  expect(res.ok()).toBe(true);
  await adminCtx.close();

  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
  const page = await ctx.newPage();
  try {
    await page.goto('/demo');
    const bubble = page.getByRole('button', { name: /open chat/i });
    await expect(bubble).toBeVisible();
    // The look arrives with the loader's one small request; no app yet.
    await expect.poll(() => bubble.evaluate((b) => getComputedStyle(b).backgroundColor)).toBe('rgb(22, 163, 74)');
    const before = await bubble.boundingBox();
    const appLoaded = () => page.evaluate(() => performance.getEntriesByType('resource').some((e) => e.name.endsWith('/widget/app.js')));
    expect(await appLoaded()).toBe(false);
    expect(before!.x).toBeLessThan(100);
    expect(before!.width).toBeGreaterThan(100);
    await page.screenshot({ path: 'screenshots/widget-look-before-intent.png' });
    // The pointer arrives: the app comes and takes the bubble over, which stays where it was.
    await bubble.hover();
    await expect.poll(appLoaded).toBe(true);
    await expect.poll(() => bubble.evaluate((b) => b.hasAttribute('data-app'))).toBe(true);
    // Measured without the hover's scale-up.
    await page.mouse.move(640, 300);
    await page.waitForTimeout(400);
    const after = await bubble.boundingBox();
    expect(Math.abs(after!.x - before!.x)).toBeLessThan(2);
    expect(Math.abs(after!.width - before!.width)).toBeLessThan(4);
    expect(await bubble.evaluate((b) => getComputedStyle(b).backgroundColor)).toBe('rgb(22, 163, 74)');
    await page.screenshot({ path: 'screenshots/widget-look-after-intent.png' });
  } finally {
    await ctx.close();
  }
});
