/**
 * The widget as a guest on someone else's page: accessible (axe, keyboard, live region),
 * unaffected by a hostile stylesheet, full screen on phones, and never taking the host page's focus.
 */
import { type Browser, type Page } from '@playwright/test';
import { expect, goAway, goOnline, loginAgent, test } from './fixtures';
import { createRequire } from 'node:module';
import pixelmatch from 'pixelmatch';
import { PNG } from 'pngjs';

const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js');
// Two browsers and a server on a shared 2-core box: give these scenarios room.
test.describe.configure({ timeout: 60_000 });

async function onlineAgent(browser: Browser) {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await ctx.newPage();
  await loginAgent(page);
  await goOnline(page);
  /** Back to Away, and close. */
  const done = async () => {
    await goAway(page);
    await ctx.close();
  };
  return { ctx, page, done };
}

async function openPanel(page: Page) {
  await page.getByRole('button', { name: /open chat/i }).click();
  const panel = page.getByRole('dialog');
  await expect(panel).toBeVisible();
  // Let the opening transition and the config's colours settle.
  await expect.poll(() => page.locator('atendo-widget .panel').evaluate((el) => getComputedStyle(el).opacity)).toBe('1');
  await page.waitForTimeout(400);
  return panel;
}

/** Serious and critical axe violations inside the widget's shadow root. */
async function axeViolations(page: Page) {
  await page.addScriptTag({ path: AXE });
  return page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: unknown }[] }[] }> };
      }
    ).axe;
    const res = await axe.run(
      {
        include: [
          ['atendo-widget', '.panel'],
          ['atendo-widget', '.launcher'],
        ],
      },
      { resultTypes: ['violations'] },
    );
    return res.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({ id: v.id, help: v.help, targets: v.nodes.map((n) => JSON.stringify(n.target)) }));
  });
}

test('the open panel passes axe, keeps Tab inside, closes on Escape, and announces and signals the team’s replies', async ({ browser }) => {
  const agent = await onlineAgent(browser);
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
  const page = await ctx.newPage();
  await page.goto('/demo');
  const panel = await openPanel(page);
  const composer = panel.getByRole('textbox', { name: /message/i });
  await expect(composer).toBeFocused();
  expect(await axeViolations(page)).toEqual([]);

  // A conversation with bubbles from both sides, checked again.
  await composer.fill('Is the Guji a light roast?');
  await composer.press('Enter');
  const row = agent.page.getByRole('link', { name: /Is the Guji a light roast/ });
  await expect(row).toBeVisible();
  await row.click();
  const reply = agent.page.getByRole('textbox', { name: /reply/i });
  await reply.fill('Yes, light and floral.');
  await reply.press('Enter');
  await expect(panel.getByRole('log').getByText('Yes, light and floral.')).toBeVisible();
  // The team's reply is announced by the polite live region (the log itself stays quiet).
  const live = page.locator('atendo-widget [role="status"][aria-live="polite"]').first();
  await expect(live).toHaveText(/Yes, light and floral\./);
  await expect(panel.getByRole('log')).toHaveAttribute('aria-live', 'off');
  expect(await axeViolations(page)).toEqual([]);

  // Tab cycles within the dialog: from the last control it comes back to the first.
  const close = panel.getByRole('button', { name: 'Close chat' });
  await close.focus();
  for (let i = 0; i < 8; i++) await page.keyboard.press('Tab');
  const inside = await page.evaluate(() => {
    const root = document.querySelector('atendo-widget')!.shadowRoot!;
    return Boolean(root.activeElement && root.querySelector('.panel')!.contains(root.activeElement));
  });
  expect(inside).toBe(true);
  await page.keyboard.press('Escape');
  await expect(panel).toBeHidden();
  await expect(page.getByRole('button', { name: /open chat/i })).toBeFocused();

  // While the tab is in the background, a reply changes the title; it comes back exactly when the tab does.
  const title = await page.title();
  const setVisibility = (state: 'hidden' | 'visible') =>
    page.evaluate((s) => {
      Object.defineProperty(document, 'visibilityState', { value: s, configurable: true });
      Object.defineProperty(document, 'hidden', { value: s === 'hidden', configurable: true });
      document.dispatchEvent(new Event('visibilitychange'));
    }, state);
  await setVisibility('hidden');
  await reply.fill('Anything else?');
  await reply.press('Enter');
  await expect.poll(() => page.title()).toBe(`(1) New message – ${title}`);
  await expect(page.getByRole('button', { name: 'Open chat (1 unread)' })).toBeVisible();
  await setVisibility('visible');
  await expect.poll(() => page.title()).toBe(title);

  await ctx.close();
  await agent.done();
});

test('a hostile host stylesheet changes nothing in the widget, and the panel stays above a huge z-index header', async ({ browser }) => {
  const shots: Record<string, { png: PNG; box: { x: number; y: number; width: number; height: number } }> = {};
  for (const path of ['/demo', '/demo/hostile']) {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 700 }, locale: 'en-US' });
    const page = await ctx.newPage();
    await page.goto(path);
    await openPanel(page);
    const panel = page.locator('atendo-widget .panel');
    const box = (await panel.boundingBox())!;
    // The hostile page's fixed header (z-index 99999999) lies under the panel's top: the panel is on top.
    const top = await page.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.tagName.toLowerCase(), { x: box.x + box.width / 2, y: box.y + 20 });
    expect(top).toBe('atendo-widget');
    await page.mouse.move(0, 0);
    shots[path] = { png: PNG.sync.read(await panel.screenshot({ animations: 'disabled', caret: 'hide' })), box };
    if (path === '/demo/hostile') await page.screenshot({ path: 'screenshots/widget-hostile.png' });
    await ctx.close();
  }
  const a = shots['/demo']!;
  const b = shots['/demo/hostile']!;
  expect(b.box).toEqual(a.box);
  expect([b.png.width, b.png.height]).toEqual([a.png.width, a.png.height]);
  const diff = new PNG({ width: a.png.width, height: a.png.height });
  const differing = pixelmatch(a.png.data, b.png.data, diff.data, a.png.width, a.png.height, { threshold: 0.1 });
  const ratio = differing / (a.png.width * a.png.height);
  expect(ratio).toBeLessThan(0.02);
});

test('a host page can put its own overlay above the chat with --atendo-z', async ({ browser }) => {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 700 }, locale: 'en-US' });
  const page = await ctx.newPage();
  await page.goto('/demo/hostile');
  await page.addStyleTag({ content: 'atendo-widget { --atendo-z: 10; }' });
  await openPanel(page);
  const box = (await page.locator('atendo-widget .panel').boundingBox())!;
  // Now the page's fixed header (z-index 99999999) covers the top of the panel, as its owner asked.
  const top = await page.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.className, { x: box.x + box.width / 2, y: box.y + 20 });
  expect(top).toBe('hostile-bar');
  await ctx.close();
});

test('on a phone the panel fills the screen and follows the visual viewport, composer in view', async ({ browser }) => {
  const agent = await onlineAgent(browser);
  const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'en-US' });
  const page = await ctx.newPage();
  await page.goto('/demo');
  await openPanel(page);
  const panel = page.locator('atendo-widget .panel');
  expect(await panel.boundingBox()).toEqual({ x: 0, y: 0, width: 390, height: 844 });
  // The launcher hides behind the full-screen panel, which has its own close button.
  await expect(page.getByRole('dialog').getByRole('button', { name: 'Close chat' })).toBeVisible();
  // Every field is at least 16px, so iOS does not zoom in on focus.
  const sizes = await page.evaluate(() => {
    const root = document.querySelector('atendo-widget')!.shadowRoot!;
    return Array.from(root.querySelectorAll('input, textarea, select'), (el) => parseFloat(getComputedStyle(el).fontSize));
  });
  expect(sizes.length).toBeGreaterThan(0);
  for (const s of sizes) expect(s).toBeGreaterThanOrEqual(16);
  const field = page.getByRole('dialog').getByRole('textbox', { name: 'Message' });
  await expect(field).toBeInViewport({ ratio: 1 });
  const send = page.getByRole('dialog').getByRole('button', { name: 'Send' });
  await expect(send).toBeInViewport({ ratio: 1 });
  await page.screenshot({ path: 'screenshots/widget-mobile.png' });

  // The on-screen keyboard shrinks the visual viewport; the panel shrinks with it and its last field stays visible.
  await page.setViewportSize({ width: 390, height: 500 });
  await expect.poll(async () => (await panel.boundingBox())?.height).toBe(500);
  await expect(field).toBeInViewport({ ratio: 1 });
  await expect(send).toBeInViewport({ ratio: 1 });
  await page.screenshot({ path: 'screenshots/widget-mobile-keyboard.png' });
  await ctx.close();
  await agent.done();
});

test('the widget never takes the focus from the host page while it loads', async ({ browser }) => {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await ctx.newPage();
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  await page.route('**/widget.js', async (route) => {
    await gate;
    await route.continue();
  });
  await page.goto('/demo/hostile', { waitUntil: 'domcontentloaded' });
  const search = page.getByRole('textbox', { name: 'Search the shop' });
  await search.focus();
  release();
  // The pointer passes over the bubble (intent): the app arrives and paints the bubble in
  // the site's colour, and the focus stays where the visitor put it.
  await page.getByRole('button', { name: /open chat/i }).hover();
  await expect
    .poll(() => page.evaluate(() => document.querySelector<HTMLElement>('atendo-widget')?.style.getPropertyValue('--atendo-accent')), { timeout: 10_000 })
    .toMatch(/^#/);
  await expect(page.getByRole('button', { name: /open chat/i })).toBeVisible();
  await page.waitForTimeout(1000);
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('host-search');
  await page.keyboard.type('ethiopia');
  await expect(search).toHaveValue('ethiopia');
  await ctx.close();
});
