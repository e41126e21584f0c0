import { ADMIN, expect, goOnline, loginAgent, test } from './fixtures';

test('a visitor and an agent chat both ways, across a reload, until resolved', async ({ browser }) => {
  const agentCtx = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const visitorCtx = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
  const agent = await agentCtx.newPage();
  const visitor = await visitorCtx.newPage();

  await loginAgent(agent);
  await goOnline(agent);

  // The visitor opens the demo shop: a bubble, no socket, nothing stored yet.
  await visitor.goto('/demo');
  const launcher = visitor.getByRole('button', { name: /open chat/i });
  await expect(launcher).toBeVisible();
  expect(await visitor.evaluate(() => localStorage.length)).toBe(0);
  await visitor.screenshot({ path: 'screenshots/widget-closed.png' });

  await launcher.click();
  const panel = visitor.getByRole('dialog');
  await expect(panel).toBeVisible();
  await expect(panel.getByText('Support team')).toBeVisible();
  const composer = panel.getByRole('textbox', { name: /message/i });
  await expect(composer).toBeFocused();
  await composer.fill('Hello! Do you ship to Lisbon?');
  await composer.press('Enter');
  const visitorLog = panel.getByRole('log');
  await expect(visitorLog.getByText('Hello! Do you ship to Lisbon?')).toBeVisible();

  // The agent's inbox updates live, without a reload.
  const inbox = agent.getByRole('list', { name: /conversations/i });
  const row = inbox.getByRole('link', { name: /Do you ship to Lisbon/ });
  await expect(row).toBeVisible();
  await agent.screenshot({ path: 'screenshots/console-inbox.png' });
  await row.click();
  const transcript = agent.getByRole('log');
  await expect(transcript.getByText('Hello! Do you ship to Lisbon?')).toBeVisible();

  const reply = agent.getByRole('textbox', { name: /reply/i });
  await reply.fill('Yes, we deliver to Lisbon in 2 days.');
  await agent.getByRole('button', { name: /^send$/i }).click();
  await expect(transcript.getByText('Yes, we deliver to Lisbon in 2 days.')).toBeVisible();

  // The visitor sees the reply at once.
  await expect(visitorLog.getByText('Yes, we deliver to Lisbon in 2 days.')).toBeVisible();
  await visitor.screenshot({ path: 'screenshots/widget-open.png' });
  await agent.screenshot({ path: 'screenshots/console-conversation.png' });

  // A reload keeps the conversation.
  await visitor.reload();
  await visitor.getByRole('button', { name: /open chat/i }).click();
  const log2 = visitor.getByRole('dialog').getByRole('log');
  await expect(log2.getByText('Hello! Do you ship to Lisbon?')).toBeVisible();
  await expect(log2.getByText('Yes, we deliver to Lisbon in 2 days.')).toBeVisible();

  // The visitor writes again after the reload; it lands in the same conversation.
  const composer2 = visitor.getByRole('dialog').getByRole('textbox', { name: /message/i });
  await composer2.fill('Great, thanks!');
  await composer2.press('Enter');
  await expect(transcript.getByText('Great, thanks!')).toBeVisible();

  // The agent resolves; the visitor is told.
  await agent.getByRole('button', { name: /^resolve$/i }).click();
  await expect(visitor.getByRole('dialog').getByText(/resolved/i)).toBeVisible();
  await expect(agent.getByRole('button', { name: /^reopen$/i })).toBeVisible();

  await agentCtx.close();
  await visitorCtx.close();
});

test('a wrong password shows a clear error', async ({ page }) => {
  await page.goto('/');
  await page.getByLabel(/e-?mail/i).fill(ADMIN.email);
  await page.getByLabel(/password/i).fill('not-the-password');
  await page.getByRole('button', { name: /sign in/i }).click();
  await expect(page.getByRole('alert')).toContainText(/wrong e-mail or password/i);
});

test('the console shows the snippet to paste', async ({ page }) => {
  await loginAgent(page);
  await goOnline(page);
  await page
    .getByRole('navigation', { name: /main/i })
    .getByRole('link', { name: /settings/i })
    .click();
  const install = page.getByRole('link', { name: /^install$/i });
  if (await install.count()) await install.first().click();
  const snippet = page.getByRole('textbox', { name: /snippet for/i }).first();
  await expect(snippet).toHaveValue(/^<script async src="http:\/\/localhost:\d+\/widget\.js" data-site="[a-z0-9]+"><\/script>$/);
  await page.screenshot({ path: 'screenshots/console-install.png' });
});
