import { existsSync } from 'node:fs';
import { startAtendo } from '../lib/atendo.mjs';
import { sleep } from '../lib/proc.mjs';

/**
 * Section 1b: the widget as a site owner measures it. A real Atendo serves /demo; a
 * real Chromium (Debian's, as the e2e tests use) loads it with an empty cache and the bytes the
 * browser actually received are added up: encoded (compressed) bodies, and response headers beside
 * them. Stages: the page alone for 10 s (no intent), then hovering and opening the bubble.
 * Then the time from the click to a usable panel on a throttled network, loading on intent against
 * the old behaviour (the app prefetched when the page is idle, `data-prefetch="idle"`).
 */
const CHROMIUM = process.env.ATENDO_CHROMIUM || '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
/** Chrome DevTools' "Slow 4G" preset (formerly "Fast 3G"): 562.5 ms round trip, 1.44 Mbps down, 675 kbps up. */
export const SLOW_4G = { offline: false, latency: 562.5, downloadThroughput: (1.44 * 1024 * 1024) / 8, uploadThroughput: (675 * 1024) / 8 };
/** Chrome DevTools' "Fast 4G" preset: 165 ms round trip, 9 Mbps down, 1.5 Mbps up. */
export const FAST_4G = { offline: false, latency: 165, downloadThroughput: (9 * 1024 * 1024) / 8, uploadThroughput: (1.5 * 1024 * 1024) / 8 };
const NETWORKS = [
  { name: 'Chrome DevTools "Slow 4G" (562.5 ms RTT, 1.44 Mbps down)', conditions: SLOW_4G },
  { name: 'Chrome DevTools "Fast 4G" (165 ms RTT, 9 Mbps down)', conditions: FAST_4G },
];

/** Requests to Atendo that belong to the widget (the demo page itself is the owner's site). */
const isWidget = (url) => /\/widget(\.js|\/)|\/api\/v1\/widget\//.test(new URL(url).pathname);

function recorder(page) {
  const rows = [];
  page.on('requestfinished', async (req) => {
    if (!isWidget(req.url())) return;
    const res = await req.response();
    const sizes = await req.sizes().catch(() => null);
    if (!res || !sizes) return;
    rows.push({
      path: new URL(req.url()).pathname,
      status: res.status(),
      encoding: (await res.headerValue('content-encoding')) ?? '',
      type: ((await res.headerValue('content-type')) ?? '').split(';')[0],
      body: sizes.responseBodySize,
      headers: sizes.responseHeadersSize,
    });
  });
  const sum = (list) => ({
    requests: list.length,
    body: list.reduce((s, r) => s + r.body, 0),
    headers: list.reduce((s, r) => s + r.headers, 0),
    files: list.map((r) => `${r.path} ${r.status}${r.encoding ? ' ' + r.encoding : ''} ${r.body} B`),
    uncompressed: list.filter((r) => r.body > 0 && /javascript|css|json|html/.test(r.type) && r.encoding !== 'br' && r.encoding !== 'gzip').map((r) => r.path),
  });
  return { rows, sum };
}

async function openPanel(page) {
  const launcher = page.getByRole('button', { name: /open chat/i });
  const t0 = performance.now();
  await launcher.click();
  await page
    .getByRole('dialog')
    .getByRole('textbox', { name: /message/i })
    .waitFor({ state: 'visible' });
  return performance.now() - t0;
}

/** One visit with an empty cache on `network` (null = unthrottled); resolves to click → usable panel in ms. */
async function clickToPanel(browser, base, { prefetchIdle, hoverMs, network }) {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
  try {
    const page = await ctx.newPage();
    if (prefetchIdle) {
      // The old behaviour, as an owner can still choose it: the snippet with data-prefetch="idle".
      await page.route('**/demo', async (route) => {
        const res = await route.fetch();
        await route.fulfill({ response: res, body: (await res.text()).replace(' data-site=', ' data-prefetch="idle" data-site=') });
      });
    }
    const cdp = await ctx.newCDPSession(page);
    await cdp.send('Network.enable');
    if (network) await cdp.send('Network.emulateNetworkConditions', network);
    await page.goto(`${base}/demo`, { waitUntil: 'load' });
    // A visitor reads for a few seconds before reaching for the bubble (the idle prefetch is done by then).
    await sleep(prefetchIdle ? 8000 : 3000);
    if (hoverMs) {
      await page.getByRole('button', { name: /open chat/i }).hover();
      await sleep(hoverMs);
    }
    return await openPanel(page);
  } finally {
    await ctx.close();
  }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)] : null;
};

export async function widgetWire({ runs = 3, waitS = 10, networkCount = NETWORKS.length } = {}) {
  const networks = NETWORKS.slice(0, networkCount);
  if (!existsSync(CHROMIUM)) return { error: `${CHROMIUM} not found (pnpm test installs it; or set ATENDO_CHROMIUM)` };
  const { chromium } = await import('playwright-core');
  const atendo = await startAtendo({ env: { ATENDO_DEMO: '1' } });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  try {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
    const page = await ctx.newPage();
    const rec = recorder(page);
    await page.goto(`${atendo.base}/demo`, { waitUntil: 'load' });
    await sleep(waitS * 1000);
    const before = rec.sum(rec.rows.splice(0));
    await page.getByRole('button', { name: /open chat/i }).hover();
    await sleep(300);
    await openPanel(page);
    // Whatever the open pulls in (the socket is not an HTTP request: a few hundred bytes, not counted).
    await page.waitForLoadState('networkidle').catch(() => {});
    await sleep(500);
    const open = rec.sum(rec.rows.splice(0));
    await ctx.close();

    const timing = [];
    for (const net of networks) {
      const t = { network: net.name, runs, onIntentClick: [], onIntentHover400: [], idlePrefetch: [] };
      for (let i = 0; i < runs; i++) {
        // Interleaved, so a busy moment of the machine hits every variant alike.
        t.onIntentClick.push(Math.round(await clickToPanel(browser, atendo.base, { network: net.conditions })));
        t.onIntentHover400.push(Math.round(await clickToPanel(browser, atendo.base, { network: net.conditions, hoverMs: 400 })));
        t.idlePrefetch.push(Math.round(await clickToPanel(browser, atendo.base, { network: net.conditions, prefetchIdle: true })));
      }
      t.medians = { onIntentClick: median(t.onIntentClick), onIntentHover400: median(t.onIntentHover400), idlePrefetch: median(t.idlePrefetch) };
      timing.push(t);
    }
    return { waitS, beforeIntent: before, afterOpen: open, timing };
  } finally {
    await browser.close();
    await atendo.stop();
    await atendo.cleanup();
  }
}
