/**
 * Live context: what agents see of a visitor is true. A returning visitor is on the
 * Visitors list on every page (the widget connects at once when it holds a token), single-page-app
 * navigation moves them there within 2 s, and a reply or "Start chat" reaches them with the panel
 * closed. A visitor who only reads the page is never on the list.
 */
import { expect, goOnline, loginAgent, test } from './fixtures';

test.describe.configure({ timeout: 60_000 });

test('a returning visitor stays on the Visitors list across a reload, follows SPA navigation, and hears a reply at once', async ({ browser }) => {
  const agentCtx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const visitorCtx = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
  const agent = await agentCtx.newPage();
  const visitor = await visitorCtx.newPage();
  try {
    await loginAgent(agent);
    await goOnline(agent);
    await agent.getByRole('link', { name: 'Visitors' }).click();
    const table = agent.getByRole('table', { name: 'Visitors on your site now' });

    // A visitor who only reads the page: nothing connects, nobody is listed.
    await visitor.goto('/demo');
    await expect(visitor.getByRole('button', { name: 'Open chat' })).toBeVisible();
    await visitor.waitForTimeout(1500);
    await agent.reload();
    await expect(agent.getByText('Nobody is on the site right now.')).toBeVisible();

    // They write once (so they have chatted before), close the panel and reload.
    await visitor.getByRole('button', { name: 'Open chat' }).click();
    const composer = visitor.getByRole('dialog').getByRole('textbox', { name: /message/i });
    await composer.fill('Do you have the V60 filters?');
    await composer.press('Enter');
    await expect(visitor.getByRole('dialog').getByRole('log').getByText('Do you have the V60 filters?')).toBeVisible();
    await visitor
      .getByRole('button', { name: /close chat/i })
      .first()
      .click();
    await expect(visitor.getByRole('dialog')).toBeHidden();
    await visitor.reload();
    await expect(visitor.getByRole('button', { name: /open chat/i })).toBeVisible();

    // Still listed after the reload, with the panel closed, on the page they are on (its path).
    const row = table.getByRole('row').filter({ hasText: '/demo' });
    await expect(row).toHaveCount(1, { timeout: 10_000 });

    // Single-page navigation: the console follows within 2 s.
    await visitor.evaluate(() => {
      history.pushState({}, '', '/demo/checkout?step=2');
      document.title = 'Checkout';
    });
    await expect(table.getByRole('row').filter({ hasText: '/demo/checkout' })).toHaveCount(1, { timeout: 2_000 });
    await visitor.evaluate(() => history.back());
    await expect(table.getByRole('row').filter({ hasText: '/demo/checkout' })).toHaveCount(0, { timeout: 3_000 });
    await agent.screenshot({ path: 'screenshots/console-visitors-live.png' });

    // The agent replies; the closed bubble shows it at once.
    await agent.getByRole('link', { name: 'Inbox' }).click();
    await agent
      .getByRole('list', { name: /conversations/i })
      .getByRole('link', { name: /V60 filters/ })
      .click();
    const reply = agent.getByRole('textbox', { name: /reply/i });
    await reply.fill('Yes, 100 of them are in stock.');
    await agent.getByRole('button', { name: /^send$/i }).click();
    await expect(visitor.getByRole('button', { name: 'Open chat (1 unread)' })).toBeVisible({ timeout: 5_000 });
    await visitor.getByRole('button', { name: 'Open chat (1 unread)' }).click();
    await expect(visitor.getByRole('dialog').getByRole('log').getByText('Yes, 100 of them are in stock.')).toBeVisible();
  } finally {
    await agentCtx.close();
    await visitorCtx.close();
  }
});

test('a visitor who opened the panel once is listed on the next page, and "Start chat" reaches them there', async ({ browser }) => {
  const agentCtx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const visitorCtx = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
  const agent = await agentCtx.newPage();
  const visitor = await visitorCtx.newPage();
  try {
    await loginAgent(agent);
    await goOnline(agent);
    await agent.getByRole('link', { name: 'Visitors' }).click();
    const table = agent.getByRole('table', { name: 'Visitors on your site now' });

    await visitor.goto('/demo');
    await visitor.getByRole('button', { name: 'Open chat' }).click();
    await expect(visitor.getByRole('dialog')).toBeVisible();
    // Opening is intent: they are live now, before writing anything.
    await expect(table.getByRole('row').filter({ hasText: '/demo' })).toHaveCount(1, { timeout: 5_000 });
    await visitor
      .getByRole('button', { name: /close chat/i })
      .first()
      .click();

    // Another page of the shop (a full load), panel closed.
    await visitor.goto('/demo/csp');
    await expect(visitor.getByRole('button', { name: /open chat/i })).toBeVisible();
    const row = table.getByRole('row').filter({ hasText: '/demo/csp' });
    await expect(row).toHaveCount(1, { timeout: 10_000 });

    await row.getByRole('button', { name: 'Start chat' }).click();
    const first = row.getByRole('textbox');
    await first.fill('Hi! Looking for a grinder?');
    await first.press('Enter');
    await expect(visitor.getByRole('button', { name: 'Open chat (1 unread)' })).toBeVisible({ timeout: 5_000 });
    await visitor.getByRole('button', { name: 'Open chat (1 unread)' }).click();
    await expect(visitor.getByRole('dialog').getByRole('log').getByText('Hi! Looking for a grinder?')).toBeVisible();
  } finally {
    await agentCtx.close();
    await visitorCtx.close();
  }
});
