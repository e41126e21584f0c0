import { createServer } from 'node:http';
import { type Page } from '@playwright/test';
import { expect, loginAgent, test } from './fixtures';

/** CSP violations and uncaught errors of a page, from before its first script runs. */
async function watch(page: Page): Promise<{ violations: string[]; errors: string[] }> {
  const seen = { violations: [] as string[], errors: [] as string[] };
  await page.exposeFunction('__cspViolation', (v: string) => seen.violations.push(v));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      (window as unknown as { __cspViolation(v: string): void }).__cspViolation(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  page.on('pageerror', (err) => seen.errors.push(err.message));
  return seen;
}

test('the API reference is readable in the browser, from Atendo alone, under its strict policy', async ({ page, baseURL }) => {
  const seen = await watch(page);
  const elsewhere: string[] = [];
  page.on('request', (r) => {
    if (!r.url().startsWith(baseURL!) && !r.url().startsWith('data:')) elsewhere.push(r.url());
  });
  await page.goto('/api/docs');
  await expect(page.getByRole('heading', { name: /Atendo API/ })).toBeVisible();
  // Operations grouped by tag, with their summaries.
  await expect(page.getByText(/^List conversations/)).toBeVisible();
  await expect(page.getByText('Create an API token', { exact: true })).toBeVisible();
  await page.getByText('Create a webhook endpoint', { exact: true }).click();
  await expect(page.getByText(/Standard Webhooks/).first()).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('api-docs.png'), fullPage: false });
  expect(seen.violations).toEqual([]);
  expect(seen.errors).toEqual([]);
  expect(elsewhere).toEqual([]);
});

test('an admin creates an API token in the console; it works with its scope and nowhere else, until revoked', async ({ page, request }) => {
  await loginAgent(page);
  await page.goto('/#/settings/integrations');
  await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Reporting script');
  await page.getByRole('checkbox', { name: /reports:read/ }).check();
  await page.getByRole('button', { name: 'Create token' }).click();
  const shown = page.getByRole('textbox', { name: 'API token Reporting script' });
  await expect(shown).toHaveValue(/^atd_/);
  const token = await shown.inputValue();
  await page.screenshot({ path: test.info().outputPath('token-created.png') });

  const reports = await request.get('/api/v1/reports', { headers: { authorization: `Bearer ${token}` } });
  expect(reports.status()).toBe(200);
  expect(reports.headers()['ratelimit-limit']).toBe('600');
  const conversations = await request.get('/api/v1/conversations', { headers: { authorization: `Bearer ${token}` } });
  expect(conversations.status()).toBe(403);
  expect((await conversations.json()).error.message).toBe('This API token lacks the scope "conversations:read"');

  // The list shows its use; revoking it stops it at once.
  await page.getByRole('button', { name: 'I have saved it' }).click();
  await page.reload();
  const row = page.getByRole('row', { name: /Reporting script/ });
  await expect(row).not.toContainText('never');
  page.once('dialog', (d) => void d.accept());
  await page.getByRole('button', { name: 'Revoke Reporting script' }).click();
  await expect(page.getByText('No API tokens yet.')).toBeVisible();
  expect((await request.get('/api/v1/reports', { headers: { authorization: `Bearer ${token}` } })).status()).toBe(401);
});

test.describe('webhooks from the console', () => {
  test.use({ serverEnv: { ATENDO_WEBHOOK_ALLOW_PRIVATE: '1' } });

  test('an admin adds an endpoint; a test event fails, is retried with the same id, and the log shows both; Resend sends it again', async ({ page }) => {
    // A receiver that refuses the first request (500) and takes the rest.
    const seen: { id: string; status: number }[] = [];
    const receiver = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        const status = seen.length === 0 ? 500 : 200;
        seen.push({ id: String(req.headers['webhook-id']), status });
        res.writeHead(status, { 'content-type': 'text/plain' }).end(status === 500 ? '<b>boom</b>' : 'thanks');
      });
    });
    await new Promise<void>((ok) => receiver.listen(0, '127.0.0.1', ok));
    const url = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hook`;
    try {
      await loginAgent(page);
      await page.goto('/#/settings/integrations');
      const form = page.getByRole('form', { name: 'Add endpoint' });
      await form.getByLabel('URL').fill(url);
      await form.getByRole('checkbox', { name: /message\.created/ }).check();
      await form.getByRole('button', { name: 'Create endpoint' }).click();
      await expect(page.getByRole('textbox', { name: /Signing secret of/ })).toHaveValue(/^whsec_/);
      await page.getByRole('button', { name: 'Done' }).click();

      const card = page.getByRole('listitem', { name: `Webhook endpoint ${url}` });
      await card.getByRole('button', { name: 'Send test event' }).click();
      // The 500 with the receiver's answer as text (never as markup), then the retry's 200.
      await expect(card.getByText('HTTP 500', { exact: true })).toBeVisible({ timeout: 15_000 });
      await expect(card.getByText('<b>boom</b>')).toBeVisible();
      await expect(card.getByText('HTTP 200', { exact: true }).first()).toBeVisible({ timeout: 30_000 });
      await page.screenshot({ path: test.info().outputPath('webhook-log.png'), fullPage: true });
      expect(seen.map((s) => s.status)).toEqual([500, 200]);
      expect(new Set(seen.map((s) => s.id)).size).toBe(1);

      await card.getByRole('button', { name: 'Resend' }).first().click();
      await expect.poll(() => seen.length, { timeout: 15_000 }).toBe(3);
      expect(seen[2]!.id).toBe(seen[0]!.id);
    } finally {
      receiver.close();
    }
  });
});
