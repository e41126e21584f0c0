import { agentAndVisitor, expect, test } from './fixtures';

test('messages typed offline are shown pending, then delivered once, in order, when the visitor is back online', async ({ browser }) => {
  const { agent, visitor, panel, composer, close } = await agentAndVisitor(browser);
  const visitorCtx = visitor.context();
  const log = panel.getByRole('log');
  await composer.fill('Offline test: first, while online');
  await composer.press('Enter');
  await expect(log.locator('.row.pending')).toHaveCount(0);

  const row = agent.getByRole('list', { name: /conversations/i }).getByRole('link', { name: /Offline test: first/ });
  await row.click();
  const transcript = agent.getByRole('log');
  await expect(transcript.getByText('Offline test: first, while online')).toBeVisible();

  // The visitor's network goes away: the widget says so and keeps what is typed, pending.
  await visitorCtx.setOffline(true);
  await expect(panel.getByText('Reconnecting…')).toBeVisible();
  await composer.fill('Offline one');
  await composer.press('Enter');
  await composer.fill('Offline two');
  await composer.press('Enter');
  await expect(log.locator('.row.pending')).toHaveCount(2);
  await visitor.screenshot({ path: 'screenshots/widget-offline-pending.png' });

  // Back online: both go out with their original client ids and are shown sent.
  await visitorCtx.setOffline(false);
  await expect(log.locator('.row.pending')).toHaveCount(0, { timeout: 15_000 });
  await expect(panel.getByText('Reconnecting…')).toHaveCount(0);
  await expect(log.getByText('Offline one')).toHaveCount(1);
  await expect(log.getByText('Offline two')).toHaveCount(1);
  const visitorOrder = await log.locator('.bubble').allInnerTexts();
  const vi = (s: string) => visitorOrder.findIndex((x) => x.includes(s));
  expect(vi('Offline one')).toBeLessThan(vi('Offline two'));

  // The agent saw each exactly once, in order.
  await expect(transcript.getByText('Offline two')).toBeVisible();
  await expect(transcript.getByText('Offline one')).toHaveCount(1);
  await expect(transcript.getByText('Offline two')).toHaveCount(1);
  const agentText = await transcript.innerText();
  expect(agentText.indexOf('Offline one')).toBeLessThan(agentText.indexOf('Offline two'));

  // Typing and read receipts: the agent types, the visitor sees it; the agent has read, the visitor sees "Seen".
  await agent.getByRole('textbox', { name: /reply/i }).fill('Let me check');
  await expect(panel.getByText(/is typing/)).toBeVisible();
  await expect(log.getByText(/Seen/).first()).toBeVisible();
  await visitor.screenshot({ path: 'screenshots/widget-delivered-typing.png' });

  await close();
});
