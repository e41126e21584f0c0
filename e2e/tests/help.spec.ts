import { type APIRequestContext } from '@playwright/test';
import { expect, goOnline, loginAgent, test } from './fixtures';

const TITLE = 'How long does delivery take?';
const BODY = [
  'We ship every **weekday** from Porto.',
  '',
  '## Delivery times',
  '',
  '- Portugal: 1–2 days',
  '- Spain: 3–4 days',
  '',
  'Track your parcel on [our tracking page](https://shop.example/track).',
  '',
  '<img src=x onerror="document.title=\'pwned\'"> stays text.',
].join('\n');

/** Delete every article again: the e2e server is shared by all spec files and /demo must open on the chat for them. */
async function clearArticles(request: APIRequestContext, baseURL: string) {
  const { items: sites } = (await (await request.get('/api/v1/sites')).json()) as { items: { siteId: string }[] };
  for (const site of sites) {
    const { items } = (await (await request.get(`/api/v1/sites/${site.siteId}/articles`)).json()) as { items: { id: string }[] };
    for (const a of items) expect((await request.delete(`/api/v1/articles/${a.id}`, { headers: { Origin: baseURL } })).status()).toBe(204);
  }
}

test('an admin writes a help article; a visitor finds it, reads it, votes, then chats with the agent', async ({ browser, baseURL }) => {
  const agentCtx = await browser.newContext({ viewport: { width: 1280, height: 820 } });
  const agent = await agentCtx.newPage();
  await loginAgent(agent);
  await goOnline(agent);
  try {
    // Settings → Help articles → New article, with a live preview.
    await agent.evaluate(() => (location.hash = '#/settings/articles'));
    await expect(agent.getByRole('heading', { name: 'Help articles', level: 2 })).toBeVisible();
    await expect(agent.getByText('No articles yet.')).toBeVisible();
    await agent.getByRole('button', { name: 'New article' }).click();
    const editor = agent.getByRole('form', { name: 'Article editor' });
    await editor.getByRole('textbox', { name: 'Title' }).fill(TITLE);
    await editor.getByRole('textbox', { name: /Text \(Markdown\)/ }).fill(BODY);
    const preview = agent.getByRole('region', { name: 'Preview' });
    await expect(preview.getByRole('heading', { name: TITLE })).toBeVisible();
    await expect(preview.getByRole('heading', { name: 'Delivery times' })).toBeVisible();
    await expect(preview.getByRole('link', { name: 'our tracking page' })).toHaveAttribute('href', 'https://shop.example/track');
    await expect(preview.getByText('<img src=x onerror="document.title=\'pwned\'"> stays text.')).toBeVisible();
    await expect(preview.locator('img')).toHaveCount(0);
    await expect(editor.getByRole('checkbox', { name: /Published/ })).toBeChecked();
    await editor.getByRole('button', { name: 'Save article' }).click();
    await expect(editor.getByRole('status')).toHaveText('Saved');
    await agent.screenshot({ path: 'screenshots/console-article-editor.png' });
    await agent.getByRole('button', { name: /Back to articles/ }).click();
    const table = agent.getByRole('table', { name: 'Articles' });
    await expect(table.getByRole('row', { name: new RegExp(TITLE.replace('?', '\\?')) })).toContainText('Published');

    // The visitor opens the widget on the demo shop: help comes first.
    const visitorCtx = await browser.newContext({ viewport: { width: 1280, height: 820 }, locale: 'en-US' });
    const visitor = await visitorCtx.newPage();
    await visitor.goto('/demo');
    await visitor.getByRole('button', { name: /open chat/i }).click();
    const panel = visitor.getByRole('dialog');
    const search = panel.getByRole('searchbox', { name: 'Search our help articles' });
    await expect(search).toBeFocused();
    await expect(panel.getByRole('textbox', { name: /^message$/i })).toHaveCount(0);
    await search.fill('delivery portugal');
    const result = panel.getByRole('list', { name: 'Articles' }).getByRole('button', { name: new RegExp(TITLE.replace('?', '\\?')) });
    await expect(result).toBeVisible();
    await search.fill('refund policy');
    await expect(panel.getByText('No articles match “refund policy”.')).toBeVisible();
    await search.fill('delivery');
    await expect(result).toBeVisible();
    await visitor.screenshot({ path: 'screenshots/widget-help-search.png' });
    await result.click();

    const article = panel.getByRole('article');
    await expect(article.getByRole('heading', { name: TITLE })).toBeFocused();
    await expect(article.locator('strong')).toHaveText('weekday');
    await expect(article.getByRole('listitem')).toHaveCount(2);
    await expect(article.getByRole('link', { name: 'our tracking page' })).toHaveAttribute('rel', /noopener/);
    await expect(article.getByText(/<img src=x onerror=.*stays text\./)).toBeVisible();
    expect(await visitor.title()).not.toBe('pwned');
    await panel.getByRole('group', { name: 'Did this help?' }).getByRole('button', { name: 'Yes' }).click();
    await expect(panel.getByText('Thanks for letting us know!')).toBeVisible();
    await visitor.screenshot({ path: 'screenshots/widget-help-article.png' });
    // Reading and voting stored nothing but the token that opening the panel gave (an open
    // panel makes a first-time visitor someone agents can see and greet).
    expect(await visitor.evaluate(() => Object.keys(localStorage))).toEqual([expect.stringMatching(/^atendo:[^:]+:token$/)]);

    // "Still need help? Chat with us" hands over to the normal composer.
    await panel.getByRole('button', { name: 'Chat with us' }).click();
    const composer = panel.getByRole('textbox', { name: /^message$/i });
    await expect(composer).toBeFocused();
    await composer.fill('The article helped, but can you ship to Madeira?');
    await composer.press('Enter');
    await expect(panel.getByRole('log').getByText('can you ship to Madeira?', { exact: false })).toBeVisible();

    // The agent receives it live.
    await agent.evaluate(() => (location.hash = '#/'));
    await expect(agent.getByRole('list', { name: /conversations/i }).getByRole('link', { name: /ship to Madeira/ })).toBeVisible();

    // Help stays reachable from the header once chatting.
    await visitor.screenshot({ path: 'screenshots/widget-help-chatting.png' });
    await panel.getByRole('button', { name: 'Help articles' }).click();
    await expect(panel.getByRole('searchbox', { name: 'Search our help articles' })).toBeVisible();
    await visitorCtx.close();

    // The console shows the view and the vote; the admin deletes the article after confirming.
    await agent.evaluate(() => (location.hash = '#/settings/articles'));
    const row = agent.getByRole('table', { name: 'Articles' }).getByRole('row', { name: new RegExp(TITLE.replace('?', '\\?')) });
    await expect(row).toContainText('100% of 1');
    await expect(row.getByRole('cell').nth(2)).toHaveText('1');
    await agent.screenshot({ path: 'screenshots/console-articles-list.png' });
    await row.getByRole('button', { name: 'Delete' }).click();
    const confirm = agent.getByRole('alertdialog', { name: 'Delete article' });
    await expect(confirm).toContainText(`Delete “${TITLE}”?`);
    await confirm.getByRole('button', { name: 'Delete' }).click();
    await expect(agent.getByText('No articles yet.')).toBeVisible();
  } finally {
    await clearArticles(agent.request, baseURL!);
    await agentCtx.close();
  }
});
