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
  await expect(page.getByText('List conversations', { exact: true })).toBeVisible();
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
  await page.getByLabel('Name').fill('Reporting script');
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
