/**
 * The answer bot end to end: an admin turns it on in Settings → Answer bot; a visitor's first
 * message gets a help article with "That answered it" / "Talk to a person"; each answer does what
 * it says in the widget and the console; a person writing stops the bot for good.
 */
import type { APIRequestContext, Page } from '@playwright/test';
import { createRequire } from 'node:module';
import { expect, goOnline, loginAgent, test } from './fixtures';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

test.setTimeout(90_000);

const TITLE = 'Changing your delivery address';
const BODY = [
  'You can change the delivery address of an order until it ships.',
  '',
  '## Change the address',
  '',
  'Open **Orders**, pick the order and choose *Edit delivery address*. Type the new address and save.',
].join('\n');
const QUESTION = 'How do I change my delivery address?';

async function siteId(request: APIRequestContext): Promise<string> {
  const { items } = (await (await request.get('/api/v1/sites')).json()) as { items: { siteId: string }[] };
  return items[0]!.siteId;
}

/** The article the bot finds, written through the API (the help spec covers the editor). */
async function writeArticle(request: APIRequestContext, baseURL: string, site: string): Promise<string> {
  const res = await request.post(`/api/v1/sites/${site}/articles`, {
    headers: { Origin: baseURL },
    data: { locale: 'en', title: TITLE, body: BODY, published: true },
  });
  expect(res.status()).toBe(201);
  return ((await res.json()) as { article: { id: string } }).article.id;
}

async function botAlways(request: APIRequestContext, baseURL: string, site: string): Promise<void> {
  const res = await request.put(`/api/v1/sites/${site}/bot`, { headers: { Origin: baseURL }, data: { mode: 'always' } });
  expect(res.status()).toBe(200);
}

/** Serious and critical axe violations in the widget's panel (as widget-a11y-isolation.spec.ts checks the plain chat). */
async function axeViolations(page: Page) {
  await page.addScriptTag({ path: AXE });
  return page.evaluate(async () => {
    type Result = { violations: { id: string; impact: string; nodes: { target: unknown }[] }[] };
    const axe = (window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<Result> } }).axe;
    const res = await axe.run({ include: [['atendo-widget', '.panel']] }, { resultTypes: ['violations'] });
    return res.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({ id: v.id, targets: v.nodes.map((n) => JSON.stringify(n.target)) }));
  });
}

/** A visitor on /demo asks the question from the chat (help shows first on a site with articles). */
async function visitorAsks(page: Page, question = QUESTION) {
  await page.goto('/demo');
  await page.getByRole('button', { name: /open chat/i }).click();
  const panel = page.getByRole('dialog');
  await panel.getByRole('button', { name: 'Chat with us' }).click();
  const composer = panel.getByRole('textbox', { name: /^message$/i });
  await composer.fill(question);
  await composer.press('Enter');
  return { panel, composer };
}

test('a visitor asks, gets the article, says it answered: resolved by the bot, counted in Help articles', async ({ browser, baseURL }) => {
  const agentCtx = await browser.newContext({ viewport: { width: 1280, height: 820 } });
  const agent = await agentCtx.newPage();
  await loginAgent(agent);
  await goOnline(agent);
  const site = await siteId(agent.request);
  await writeArticle(agent.request, baseURL!, site);

  // The admin turns the bot on for every new conversation.
  await agent.evaluate(() => (location.hash = '#/settings/bot'));
  await expect(agent.getByRole('heading', { name: 'Answer bot', level: 2 })).toBeVisible();
  await expect(agent.getByRole('radio', { name: /^Off/ })).toBeChecked();
  await agent.getByRole('radio', { name: /^Always/ }).check();
  await agent.getByRole('button', { name: 'Save' }).click();
  await expect(agent.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();
  await agent.screenshot({ path: 'screenshots/console-answer-bot-settings.png' });

  const visitorCtx = await browser.newContext({ viewport: { width: 1280, height: 820 }, locale: 'en-US' });
  const visitor = await visitorCtx.newPage();
  const { panel } = await visitorAsks(visitor);

  // The bot answers with the article and both buttons.
  const cards = panel.getByRole('list', { name: 'Suggested articles' });
  const card = cards.getByRole('button', { name: new RegExp(TITLE) });
  await expect(card).toBeVisible({ timeout: 5_000 });
  await expect(card).toContainText('delivery address');
  const buttons = panel.getByRole('group', { name: 'Did this answer your question?' });
  await expect(buttons.getByRole('button', { name: 'That answered it' })).toBeVisible();
  await expect(buttons.getByRole('button', { name: 'Talk to a person' })).toBeVisible();
  await visitor.screenshot({ path: 'screenshots/widget-answer-bot.png', animations: 'disabled' });
  expect(await axeViolations(visitor)).toEqual([]);

  // The card opens the article in the widget's reader; Back returns to the chat and its buttons.
  await card.click();
  await expect(panel.getByRole('article').getByRole('heading', { name: TITLE })).toBeFocused();
  await expect(panel.getByRole('article').locator('strong')).toHaveText('Orders');
  await panel.getByRole('button', { name: /Back to the chat/ }).click();
  await buttons.getByRole('button', { name: 'That answered it' }).click();

  // Resolved by the bot: the buttons go, the survey asks as after any resolution.
  await expect(panel.getByRole('status').filter({ hasText: 'Glad it helped!' })).toBeVisible();
  await expect(buttons).toHaveCount(0);
  await expect(panel.getByRole('form', { name: 'Rate this conversation' })).toBeVisible();

  // The console: resolved, the bot's message with its badge, and the article's figures.
  const { items } = (await (await agent.request.get('/api/v1/conversations?status=all')).json()) as {
    items: { id: string; status: string; botState?: string }[];
  };
  expect(items).toHaveLength(1);
  expect(items[0]).toMatchObject({ status: 'resolved', botState: 'resolved' });
  await agent.evaluate((id) => (location.hash = `#/conversations/${id}`), items[0]!.id);
  const bot = agent.locator('.msg-bot');
  await expect(bot.locator('.bot-tag')).toHaveText('Bot');
  await expect(bot.getByRole('list', { name: 'Articles the bot offered' })).toContainText(TITLE);
  await agent.screenshot({ path: 'screenshots/console-answer-bot-transcript.png' });

  await agent.evaluate(() => (location.hash = '#/settings/articles'));
  const row = agent.getByRole('table', { name: 'Articles' }).getByRole('row', { name: new RegExp(TITLE) });
  await expect(row).toContainText('Offered 1 · answered 1 · not helped 0');
  await visitorCtx.close();

  // A question no article answers: no bot message, the usual chat, and a content gap.
  const askerCtx = await browser.newContext({ viewport: { width: 1280, height: 820 }, locale: 'en-US' });
  const asker = await askerCtx.newPage();
  const other = await visitorAsks(asker, 'Do you sell gift cards for the holidays?');
  await expect(other.panel.getByRole('log').getByText('Do you sell gift cards for the holidays?')).toBeVisible();
  await asker.waitForTimeout(1500);
  await expect(other.panel.getByRole('list', { name: 'Suggested articles' })).toHaveCount(0);
  await askerCtx.close();

  // The admin sees it under Content gaps (on a phone too) and starts an article from it.
  await agent.evaluate(() => (location.hash = '#/settings/bot'));
  await agent.evaluate(() => (location.hash = '#/settings/articles'));
  const gaps = agent.getByRole('list', { name: 'Content gaps' });
  await expect(gaps.getByRole('listitem')).toHaveCount(1);
  await expect(gaps.getByRole('listitem')).toContainText('Do you sell gift cards for the holidays?');
  await expect(gaps.getByRole('listitem')).toContainText('1×');
  await gaps.scrollIntoViewIfNeeded();
  await agent.screenshot({ path: 'screenshots/console-content-gaps.png', fullPage: true });
  await agent.setViewportSize({ width: 380, height: 800 });
  await gaps.scrollIntoViewIfNeeded();
  await agent.screenshot({ path: 'screenshots/console-content-gaps-phone.png' });
  await gaps.getByRole('button', { name: 'Write an article' }).click();
  const editor = agent.getByRole('form', { name: 'Article editor' });
  await expect(editor.getByRole('textbox', { name: 'Title' })).toHaveValue('Do you sell gift cards for the holidays?');
  await expect(editor.getByRole('combobox', { name: 'Language' })).toHaveValue('en');
  await agent.evaluate(() => (location.hash = '#/settings/bot'));
  await expect(agent.getByRole('radio', { name: /^Always/ })).toBeChecked();
  await agent.screenshot({ path: 'screenshots/console-answer-bot-settings-phone.png', fullPage: true });
  await agentCtx.close();
});

test('“Talk to a person” hands over with the articles as a note; the agent’s reply stops the bot', async ({ browser, baseURL }) => {
  const agentCtx = await browser.newContext({ viewport: { width: 1280, height: 820 } });
  const agent = await agentCtx.newPage();
  await loginAgent(agent);
  await goOnline(agent);
  const site = await siteId(agent.request);
  await writeArticle(agent.request, baseURL!, site);
  await botAlways(agent.request, baseURL!, site);

  // On a phone.
  const visitorCtx = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'en-US' });
  const visitor = await visitorCtx.newPage();
  const { panel, composer } = await visitorAsks(visitor);
  const person = panel.getByRole('button', { name: 'Talk to a person' });
  await expect(person).toBeVisible({ timeout: 5_000 });
  await visitor.screenshot({ path: 'screenshots/widget-answer-bot-phone.png', animations: 'disabled' });
  await person.click();
  await expect(panel.getByText('A person from the team will reply here.')).toBeFocused();
  await expect(panel.getByRole('group', { name: 'Did this answer your question?' })).toHaveCount(0);

  // The agent gets the conversation (assigned to them, the only one online), with the offered
  // articles as an internal note. The inbox row says the bot wrote last.
  const row = agent.getByRole('list', { name: /conversations/i }).getByRole('link', { name: /Bot: These articles may answer your question/ });
  await expect(row).toContainText('Admin');
  await row.click();
  const note = agent.locator('.msg-note');
  await expect(note).toContainText(TITLE);
  await expect(agent.locator('.msg-bot')).toHaveCount(1);
  await agent.getByRole('textbox', { name: /reply/i }).fill('Hi! I can change it for you. Which order?');
  await agent.getByRole('button', { name: /^send$/i }).click();
  await expect(panel.getByRole('log').getByText('Which order?', { exact: false })).toBeVisible();

  // The visitor asks again: a person has written, so the bot stays quiet.
  await composer.fill('Order 1042, and how do I change the delivery address next time?');
  await composer.press('Enter');
  await expect(agent.getByRole('log').getByText('Order 1042', { exact: false })).toBeVisible();
  await visitor.waitForTimeout(1500);
  await expect(panel.getByRole('list', { name: 'Suggested articles' })).toHaveCount(1);
  await expect(agent.locator('.msg-bot')).toHaveCount(1);

  await agent.evaluate(() => (location.hash = '#/settings/articles'));
  await expect(agent.getByRole('table', { name: 'Articles' }).getByRole('row', { name: new RegExp(TITLE) })).toContainText(
    'Offered 1 · answered 0 · not helped 1',
  );
  await visitorCtx.close();
  await agentCtx.close();
});

test('an agent writing while the bot’s buttons wait takes over: the buttons go and the bot never writes again', async ({ browser, baseURL }) => {
  const agentCtx = await browser.newContext({ viewport: { width: 1280, height: 820 } });
  const agent = await agentCtx.newPage();
  await loginAgent(agent);
  await goOnline(agent);
  const site = await siteId(agent.request);
  await writeArticle(agent.request, baseURL!, site);
  await botAlways(agent.request, baseURL!, site);

  const visitorCtx = await browser.newContext({ viewport: { width: 1280, height: 820 }, locale: 'en-US' });
  const visitor = await visitorCtx.newPage();
  const { panel, composer } = await visitorAsks(visitor);
  const buttons = panel.getByRole('group', { name: 'Did this answer your question?' });
  await expect(buttons).toBeVisible({ timeout: 5_000 });

  await agent
    .getByRole('list', { name: /conversations/i })
    .getByRole('link', { name: /Bot: These articles may answer your question/ })
    .click();
  await agent.getByRole('textbox', { name: /reply/i }).fill('Ana here: I will take it from here.');
  await agent.getByRole('button', { name: /^send$/i }).click();
  await expect(panel.getByRole('log').getByText('Ana here', { exact: false })).toBeVisible();
  await expect(buttons).toHaveCount(0);

  await composer.fill('Thanks. Where do I change the delivery address of an order?');
  await composer.press('Enter');
  await expect(agent.getByRole('log').getByText('Thanks. Where do I change', { exact: false })).toBeVisible();
  await visitor.waitForTimeout(1500);
  await expect(panel.getByRole('list', { name: 'Suggested articles' })).toHaveCount(1);
  await visitorCtx.close();
  await agentCtx.close();
});
