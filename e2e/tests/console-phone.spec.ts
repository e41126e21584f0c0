import { agentAndVisitor, expect, test } from './fixtures';

/** Nothing wider than the window: the page never scrolls sideways. */
const fitsWidth = (page: import('@playwright/test').Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

test('on a phone an agent searches, opens a chat, replies, resolves and goes back, with nothing off the screen', async ({ browser }) => {
  const { agent, panel, composer, close } = await agentAndVisitor(browser, { width: 390, height: 844 }, { hasTouch: true, isMobile: true });
  await composer.fill('Is the Ethiopia Guji whole bean?');
  await composer.press('Enter');

  // The inbox fills the screen; the top bar keeps status, Log out and search in view.
  const row = agent.getByRole('list', { name: /conversations/i }).getByRole('link', { name: /Ethiopia Guji/ });
  await expect(row).toBeVisible();
  await expect(agent.getByRole('button', { name: 'Log out' })).toBeInViewport();
  await expect(agent.getByRole('searchbox', { name: /search/i })).toBeInViewport();
  expect(await fitsWidth(agent)).toBe(true);
  await agent.screenshot({ path: 'screenshots/console-phone-inbox.png' });

  await row.click();
  await expect(agent.getByRole('log').getByText('Is the Ethiopia Guji whole bean?')).toBeVisible();
  await expect(agent.getByRole('button', { name: 'Resolve' })).toBeInViewport();
  expect(await fitsWidth(agent)).toBe(true);
  const reply = agent.getByRole('textbox', { name: /reply/i });
  await reply.fill('Yes, whole bean; we grind on request.');
  await reply.press('Enter');
  await expect(panel.getByRole('log').getByText('Yes, whole bean; we grind on request.')).toBeVisible();
  await agent.screenshot({ path: 'screenshots/console-phone-conversation.png' });
  await agent.getByRole('button', { name: 'Resolve' }).click();
  await expect(agent.getByRole('button', { name: 'Reopen' })).toBeInViewport();

  // Back to the list, and search from the phone's top bar.
  await agent.getByRole('link', { name: /back/i }).click();
  await expect(agent.getByRole('heading', { name: 'Conversations' })).toBeVisible();
  const search = agent.getByRole('searchbox', { name: /search/i });
  await search.fill('Guji');
  await search.press('Enter');
  await expect(agent.getByText(/Ethiopia Guji/).first()).toBeVisible();
  expect(await fitsWidth(agent)).toBe(true);

  await close();
});
