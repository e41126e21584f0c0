import { agentAndVisitor, expect, test } from './fixtures';

test("the visitor's answer to a pending conversation lands in it and reopens it, live for the agent", async ({ browser }) => {
  const { agent, panel, composer, close } = await agentAndVisitor(browser);
  await composer.fill('Pending test: my order is late');
  await composer.press('Enter');
  await agent
    .getByRole('list', { name: /conversations/i })
    .getByRole('link', { name: /Pending test: my order/ })
    .click();
  const transcript = agent.getByRole('log');
  await expect(transcript.getByText('Pending test: my order is late')).toBeVisible();

  // The agent asks and waits on the visitor.
  await agent.getByRole('textbox', { name: /reply/i }).fill('What is your e-mail?');
  await agent.getByRole('textbox', { name: /reply/i }).press('Enter');
  await expect(panel.getByText('What is your e-mail?')).toBeVisible();
  await agent.locator('.conv-actions').getByRole('button', { name: 'Pending', exact: true }).click();
  const pill = agent.locator('.conv-header-title .pill');
  await expect(pill).toHaveText('Pending');

  // The visitor answers: the same conversation, open again, with the answer in the agent's view.
  await composer.fill('It is joe@example.com');
  await composer.press('Enter');
  await expect(transcript.getByText('It is joe@example.com')).toBeVisible();
  await expect(pill).toHaveText('Open');
  // No second conversation was started: every status together holds the one row, ending with the answer.
  await agent
    .getByRole('tablist', { name: /status|filter/i })
    .getByRole('tab', { name: 'All', exact: true })
    .click();
  const rows = agent.getByRole('list', { name: /conversations/i }).getByRole('link');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('It is joe@example.com');
  await close();
});
