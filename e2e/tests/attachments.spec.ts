import { createRequire } from 'node:module';
import { type Page } from '@playwright/test';
import { expect, goAway, goOnline, loginAgent, test } from './fixtures';
import { PNG } from 'pngjs';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
// Two browsers, a throttled upload and a server on a shared 2-core box: give the scenario room.
test.describe.configure({ timeout: 60_000 });

/** Serious and critical axe violations inside the widget's panel. */
async function axeViolations(page: Page) {
  await page.addScriptTag({ path: AXE });
  return page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: unknown }[] }[] }> };
      }
    ).axe;
    const res = await axe.run({ include: [['atendo-widget', '.panel']] }, { resultTypes: ['violations'] });
    return res.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({ id: v.id, help: v.help, targets: v.nodes.map((n) => JSON.stringify(n.target)) }));
  });
}

/** A 320×200 picture: a colour gradient with noise, so it does not compress (the upload takes a moment). */
function photo(): Buffer {
  const png = new PNG({ width: 320, height: 200 });
  let seed = 7;
  for (let y = 0; y < png.height; y++) {
    for (let x = 0; x < png.width; x++) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      const i = (y * png.width + x) * 4;
      png.data[i] = (x * 255) / png.width;
      png.data[i + 1] = 120 + (seed % 60);
      png.data[i + 2] = (y * 255) / png.height;
      png.data[i + 3] = 255;
    }
  }
  return PNG.sync.write(png, { deflateLevel: 0 });
}

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

/** The image element has really loaded (served, decodable, not blocked by a policy). */
const loaded = (img: ReturnType<Page['locator']>) => img.evaluate((el) => (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth > 0);

test('a visitor sends a photo with progress, the agent sees it and answers with a PDF', async ({ browser, request }) => {
  const agentCtx = await browser.newContext({ viewport: { width: 1280, height: 760 } });
  const visitorCtx = await browser.newContext({ viewport: { width: 1280, height: 820 }, locale: 'en-US' });
  const agent = await agentCtx.newPage();
  const visitor = await visitorCtx.newPage();
  await loginAgent(agent);
  await goOnline(agent);

  await visitor.goto('/demo');
  await visitor.getByRole('button', { name: /open chat/i }).click();
  const panel = visitor.getByRole('dialog');
  await expect(panel).toBeVisible();

  // A file that is not allowed is refused in words, before any byte is uploaded.
  const uploads: string[] = [];
  visitor.on('request', (r) => {
    if (r.url().includes('/attachments')) uploads.push(r.url());
  });
  const refused = visitor.waitForEvent('filechooser');
  await panel.getByRole('button', { name: 'Attach a file' }).click();
  await (await refused).setFiles({ name: 'installer.exe', mimeType: 'application/octet-stream', buffer: Buffer.from('MZ') });
  await expect(panel.getByRole('alert')).toContainText('“installer.exe” cannot be sent');
  await visitor.screenshot({ path: 'screenshots/attachments-widget-refused.png' });
  expect(await axeViolations(visitor)).toEqual([]);
  expect(uploads).toEqual([]);
  await panel.getByRole('button', { name: 'OK' }).click();

  // A slow uplink, so the progress bar has time to show.
  const cdp = await visitorCtx.newCDPSession(visitor);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 20, downloadThroughput: -1, uploadThroughput: 48 * 1024 });

  const bytes = photo();
  expect(bytes.length).toBeGreaterThan(150_000);
  const chooser = visitor.waitForEvent('filechooser');
  await panel.getByRole('button', { name: 'Attach a file' }).click();
  await (await chooser).setFiles({ name: 'photo.png', mimeType: 'image/png', buffer: bytes });

  const bar = panel.getByRole('progressbar', { name: 'Upload of photo.png' });
  await expect(bar).toBeVisible();
  await expect.poll(async () => Number(await bar.getAttribute('aria-valuenow')), { timeout: 10_000 }).toBeGreaterThan(0);
  await expect(panel.getByText(/^\d+%$/)).toBeVisible();
  await expect(panel.getByRole('button', { name: 'Cancel' })).toBeVisible();
  await visitor.screenshot({ path: 'screenshots/attachments-widget-progress.png' });
  expect(await axeViolations(visitor)).toEqual([]);
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });

  // Then the thumbnail, in the visitor's own bubble, loaded from Atendo.
  const thumb = panel.getByRole('log').getByRole('img', { name: 'photo.png' });
  await expect(thumb).toBeVisible({ timeout: 20_000 });
  await expect(bar).toHaveCount(0);
  await expect.poll(() => loaded(thumb)).toBe(true);

  // The agent sees the image in the console.
  const row = agent.getByRole('list', { name: /conversations/i }).getByRole('link', { name: /photo\.png/ });
  await expect(row).toBeVisible();
  await row.click();
  const transcript = agent.getByRole('log');
  const agentThumb = transcript.getByRole('img', { name: 'photo.png' });
  await expect(agentThumb).toBeVisible();
  await expect.poll(() => loaded(agentThumb)).toBe(true);

  // Clicking it opens the full-size image in a new tab.
  const [full] = await Promise.all([agent.context().waitForEvent('page'), agentThumb.click()]);
  await full.waitForLoadState();
  expect(full.url()).toMatch(/\/api\/v1\/attachments\/[a-z0-9]+\/[A-Za-z0-9_-]+$/);
  await full.screenshot({ path: 'screenshots/attachments-full-size.png' });
  await full.close();

  // The agent replies with a PDF.
  await agent.locator('.composer input[type=file]').setInputFiles({ name: 'shipping-guide.pdf', mimeType: 'application/pdf', buffer: PDF });
  const agentChip = transcript.getByRole('link', { name: /shipping-guide\.pdf/ });
  await expect(agentChip).toBeVisible();
  await agent.screenshot({ path: 'screenshots/attachments-console.png' });

  // The visitor gets it as a download chip with name and size.
  const chip = panel.getByRole('log').getByRole('link', { name: /shipping-guide\.pdf/ });
  await expect(chip).toBeVisible();
  await expect(chip).toContainText(`${PDF.length} B`);
  await visitor.screenshot({ path: 'screenshots/attachments-widget.png' });
  expect(await axeViolations(visitor)).toEqual([]);

  // Served as a download, never sniffed, sandboxed.
  const href = (await chip.getAttribute('href'))!;
  const res = await request.get(href);
  expect(res.status()).toBe(200);
  expect(res.headers()['content-type']).toBe('application/pdf');
  expect(res.headers()['content-disposition']).toMatch(/^attachment; filename="shipping-guide.pdf"/);
  expect(res.headers()['x-content-type-options']).toBe('nosniff');
  expect(res.headers()['content-security-policy']).toBe("sandbox; default-src 'none'");
  // Without the key there is nothing.
  expect((await request.get(href.replace(/\/[^/]+$/, '/not-the-key'))).status()).toBe(404);

  await visitorCtx.close();
  await goAway(agent);
  await agentCtx.close();
});
