import { type Page } from '@playwright/test';
import { expect, goOnline, loginAgent, test } from './fixtures';

const HTML = '<img src=x onerror="window.pwned=1"><b>bold</b>';
const JS_LINK = 'javascript:alert(document.domain)';

/** Record CSP violations and uncaught errors of a page (the listener is added before any page script runs). */
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

test('the widget works under a strict host-page CSP, and HTML stays inert in widget and console', async ({ browser, baseURL }) => {
  const visitorCtx = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
  const agentCtx = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const visitor = await visitorCtx.newPage();
  const agent = await agentCtx.newPage();
  const visitorSeen = await watch(visitor);
  const agentSeen = await watch(agent);

  await loginAgent(agent);
  await goOnline(agent);

  const res = await visitor.goto('/demo/csp');
  const csp = res?.headers()['content-security-policy'] ?? '';
  expect(csp).toContain(`script-src ${baseURL}`);
  expect(csp).not.toContain('unsafe-eval');

  await visitor.getByRole('button', { name: /open chat/i }).click();
  const panel = visitor.getByRole('dialog');
  const composer = panel.getByRole('textbox', { name: /message/i });
  await composer.fill(`${HTML} ${JS_LINK} see https://example.com/help`);
  await composer.press('Enter');
  const visitorLog = panel.getByRole('log');
  await expect(visitorLog.getByText(/onerror/)).toBeVisible();

  // The agent sees the visitor's payload as text, and replies with one of their own.
  const inbox = agent.getByRole('region', { name: /conversations/i });
  await inbox
    .getByText(/onerror/)
    .first()
    .click();
  const transcript = agent.getByRole('log');
  await expect(transcript.getByText(/onerror/)).toBeVisible();
  await agent.getByRole('textbox', { name: /reply/i }).fill(`Agent says ${HTML} ${JS_LINK}`);
  await agent.getByRole('button', { name: /^send$/i }).click();
  await expect(visitorLog.getByText(/Agent says .*window\.pwned=1.*javascript:alert/)).toBeVisible();

  for (const page of [visitor, agent]) {
    const state = await page.evaluate(() => {
      const all: Element[] = [];
      const walk = (root: Document | ShadowRoot) => {
        for (const el of Array.from(root.querySelectorAll('*'))) {
          all.push(el);
          if (el.shadowRoot) walk(el.shadowRoot);
        }
      };
      walk(document);
      return {
        pwned: (window as unknown as { pwned?: number }).pwned,
        injected: all.filter((el) => el.tagName === 'IMG' || (el.tagName === 'B' && el.textContent === 'bold')).length,
        hrefs: all.filter((el) => el.tagName === 'A').map((a) => a.getAttribute('href') ?? ''),
      };
    });
    expect(state.pwned).toBeUndefined();
    expect(state.injected).toBe(0);
    expect(state.hrefs.some((h) => /^\s*javascript:/i.test(h))).toBe(false);
  }
  await expect(visitorLog.getByRole('link', { name: 'https://example.com/help' })).toHaveAttribute('href', 'https://example.com/help');

  await visitor.screenshot({ path: 'screenshots/widget-csp-demo.png' });
  await agent.screenshot({ path: 'screenshots/console-inert-html.png' });
  // Neither the strict host page nor the console (Trusted Types on) reported a violation or an error.
  expect(visitorSeen.violations).toEqual([]);
  expect(agentSeen.violations).toEqual([]);
  expect(visitorSeen.errors).toEqual([]);
  expect(agentSeen.errors).toEqual([]);

  await visitorCtx.close();
  await agentCtx.close();
});

test('an admin edits the allowed origins in Settings → Security', async ({ page }) => {
  await loginAgent(page);
  await goOnline(page);
  await page.goto('/#/settings/security');
  const box = page.getByRole('textbox', { name: /allowed origins/i });
  await box.fill('https://shop.example.com\nhttps://*.bad');
  await expect(page.getByRole('alert')).toContainText('https://*.bad');
  await box.fill('https://shop.example.com');
  await page.getByRole('button', { name: /^save$/i }).click();
  await expect(page.getByText(/^saved$/i)).toBeVisible();
  await page.screenshot({ path: 'screenshots/console-security.png' });
  // /demo (Atendo's own origin) keeps working with a non-empty list.
  await page.goto('/demo');
  await page.getByRole('button', { name: /open chat/i }).click();
  await expect(page.getByRole('dialog')).toBeVisible();
});

test('a signed identity shows as verified in the console; an admin exports and deletes the visitor', async ({ browser }) => {
  const { createHmac } = await import('node:crypto');
  const agentCtx = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  const visitorCtx = await browser.newContext({ locale: 'en-US' });
  const agent = await agentCtx.newPage();
  const visitor = await visitorCtx.newPage();
  await loginAgent(agent);
  await goOnline(agent);

  // The shop's backend signs the user id with the site's secret.
  const { items } = await (await agent.request.get('/api/v1/sites')).json();
  const siteId = items[0].siteId as string;
  const { security } = await (await agent.request.get(`/api/v1/sites/${siteId}/security`)).json();
  const hash = createHmac('sha256', security.secret).update('customer-77').digest('hex');
  await visitor.addInitScript(
    (identity) => {
      (window as unknown as { AtendoIdentity: unknown }).AtendoIdentity = identity;
    },
    { userId: 'customer-77', hash, name: 'Bruna Costa', email: 'bruna@example.com' },
  );

  await visitor.goto('/demo');
  await visitor.getByRole('button', { name: /open chat/i }).click();
  const composer = visitor.getByRole('dialog').getByRole('textbox', { name: /message/i });
  await composer.fill('Where is my order #1234?');
  await composer.press('Enter');

  await agent
    .getByRole('region', { name: /conversations/i })
    .getByText('Where is my order #1234?')
    .first()
    .click();
  const details = agent.getByRole('complementary');
  await expect(details.getByText('Bruna Costa')).toBeVisible();
  await expect(details.getByText(/^verified$/i)).toBeVisible();

  const download = agent.waitForEvent('download');
  await details.getByRole('button', { name: /export visitor data/i }).click();
  const file = await download;
  const exported = JSON.parse(await (await import('node:fs/promises')).readFile((await file.path()) as string, 'utf8'));
  expect(exported.visitor).toMatchObject({ name: 'Bruna Costa', externalId: 'customer-77', verified: true });
  expect(exported.conversations[0].messages[0].body).toBe('Where is my order #1234?');

  await details.getByRole('button', { name: /delete visitor/i }).click();
  await details.getByText(/delete this visitor/i).scrollIntoViewIfNeeded();
  await agent.screenshot({ path: 'screenshots/console-visitor-privacy.png' });
  await details.getByRole('button', { name: /yes, delete/i }).click();
  await expect(agent.getByRole('region', { name: /conversations/i }).getByText('Where is my order #1234?')).toHaveCount(0);

  await agentCtx.close();
  await visitorCtx.close();
});
