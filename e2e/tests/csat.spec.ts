import { readFile } from 'node:fs/promises';
import { expect, loginAgent, test } from './fixtures';

test.setTimeout(90_000);
test.use({ actionTimeout: 10_000 });

test('the visitor rates a resolved chat (CSAT, comment, NPS), the agent sees it and the report; both download the transcript', async ({ browser }) => {
  const agentCtx = await browser.newContext({ viewport: { width: 1280, height: 760 }, acceptDownloads: true });
  const visitorCtx = await browser.newContext({ viewport: { width: 1280, height: 820 }, locale: 'en-US', acceptDownloads: true });
  const agent = await agentCtx.newPage();
  const visitor = await visitorCtx.newPage();
  await loginAgent(agent);
  // Online, so the widget offers the chat (not "leave a message").
  await agent.getByRole('button', { name: 'Away' }).click();
  await expect(agent.getByRole('button', { name: 'Online' })).toHaveAttribute('aria-pressed', 'true');

  // The admin turns NPS on (CSAT is on by default) in the widget behaviour settings.
  await agent.goto('/#/settings/prechat');
  const survey = agent.getByRole('form', { name: 'Satisfaction survey' });
  await expect(survey.getByRole('checkbox', { name: /Ask for a rating/ })).toBeChecked();
  await survey.getByRole('checkbox', { name: /Ask NPS/ }).check();
  await survey.getByRole('button', { name: 'Save' }).click();
  await expect(survey.getByText('Saved')).toBeVisible();
  await survey.scrollIntoViewIfNeeded();
  await agent.screenshot({ path: 'screenshots/csat-settings.png' });

  // The visitor chats on the demo shop.
  await visitor.goto('/demo');
  await visitor.getByRole('button', { name: /open chat/i }).click();
  const panel = visitor.getByRole('dialog');
  const composer = panel.getByRole('textbox', { name: /message/i });
  await composer.fill('My order #1042 has not arrived');
  await composer.press('Enter');
  await expect(panel.getByRole('log').getByText('My order #1042 has not arrived')).toBeVisible();

  // The agent answers and resolves.
  await agent.goto('/#/');
  await agent
    .getByRole('list', { name: /conversations/i })
    .getByRole('link', { name: /has not arrived/ })
    .click();
  await agent.getByRole('textbox', { name: /reply/i }).fill('Sorry! It ships today, tracking <b>#A1</b>.');
  await agent.getByRole('button', { name: /^send$/i }).click();
  await expect(panel.getByRole('log').getByText('Sorry! It ships today, tracking <b>#A1</b>.')).toBeVisible();
  await agent.getByRole('button', { name: /^resolve$/i }).click();

  // The survey card: CSAT 1–5, a comment, and NPS 0–10 because the site asks it.
  const form = panel.getByRole('form', { name: 'Rate this conversation' });
  await expect(form).toBeVisible();
  await expect(form.getByRole('group', { name: 'How would you rate this conversation?' }).getByRole('radio')).toHaveCount(5);
  const nps = form.getByRole('group', { name: 'How likely are you to recommend us to a friend?' });
  await expect(nps.getByRole('radio')).toHaveCount(11);
  await form.getByRole('radio', { name: '5 of 5: Excellent' }).check();
  await form.getByRole('textbox', { name: 'Add a comment (optional)' }).fill('Quick and kind');
  await nps.getByRole('radio', { name: '9', exact: true }).check();
  await visitor.screenshot({ path: 'screenshots/csat-survey.png' });
  await form.getByRole('button', { name: 'Send feedback' }).click();
  await expect(panel.getByText('Thanks for your feedback!')).toBeVisible();
  await expect(form).toHaveCount(0);
  await panel.screenshot({ path: 'screenshots/csat-thanks.png' });

  // The agent sees the rating live in the conversation header.
  const rating = agent.getByRole('group', { name: 'Visitor rating' });
  await expect(rating).toContainText('CSAT 5/5 · NPS 9');
  await expect(rating).toContainText('Quick and kind');
  await agent.screenshot({ path: 'screenshots/csat-console-rating.png' });

  // The visitor downloads the transcript: plain text of what they saw, HTML left as typed.
  const [download] = await Promise.all([visitor.waitForEvent('download'), panel.getByRole('button', { name: 'Download transcript' }).click()]);
  expect(download.suggestedFilename()).toMatch(/^atendo-transcript-\d{4}-\d{2}-\d{2}\.txt$/);
  const text = await readFile((await download.path())!, 'utf8');
  expect(text.split('\n')[0]).toBe('Chat with Support team');
  expect(text).toMatch(/\] You: My order #1042 has not arrived\n/);
  expect(text).toMatch(/\] Admin: Sorry! It ships today, tracking <b>#A1<\/b>\.\n/);

  // After a reload the survey is not asked again.
  await visitor.reload();
  await visitor.getByRole('button', { name: /open chat/i }).click();
  await expect(visitor.getByRole('dialog').getByText('Thanks for your feedback!')).toBeVisible();
  await expect(visitor.getByRole('dialog').getByRole('form', { name: 'Rate this conversation' })).toHaveCount(0);

  // The agent downloads the transcript from the console too.
  const [agentDownload] = await Promise.all([agent.waitForEvent('download'), agent.getByRole('button', { name: 'Download transcript' }).click()]);
  const agentText = await readFile((await agentDownload.path())!, 'utf8');
  expect(agentText).toMatch(/\] Admin: Sorry! It ships today/);

  // Reports: this conversation, rated 5 with NPS 9.
  await agent.getByRole('navigation', { name: /main/i }).getByRole('link', { name: 'Reports' }).click();
  const stat = (label: string) => agent.locator('.stat', { has: agent.getByText(label, { exact: true }) });
  await expect(stat('Conversations').locator('.stat-value')).toHaveText('1');
  await expect(stat('CSAT (1–5)').locator('.stat-value')).toHaveText('5');
  await expect(stat('NPS').locator('.stat-value')).toHaveText('+100');
  await expect(stat('Median first response').locator('.stat-value')).not.toHaveText('—');
  await agent.screenshot({ path: 'screenshots/csat-reports.png' });

  // Leave the shared e2e server as other specs expect it: the admin away, NPS off.
  await agent.getByRole('button', { name: 'Online' }).click();
  await expect(agent.getByRole('button', { name: 'Away' })).toHaveAttribute('aria-pressed', 'false');
  await agent.goto('/#/settings/prechat');
  await survey.getByRole('checkbox', { name: /Ask NPS/ }).uncheck();
  await survey.getByRole('button', { name: 'Save' }).click();
  await expect(survey.getByText('Saved')).toBeVisible();

  await agentCtx.close();
  await visitorCtx.close();
});

test('the survey speaks the visitor’s language (ru)', async ({ browser }) => {
  const agentCtx = await browser.newContext({ viewport: { width: 1280, height: 760 } });
  const visitorCtx = await browser.newContext({ viewport: { width: 420, height: 760 }, locale: 'ru-RU' });
  const agent = await agentCtx.newPage();
  const visitor = await visitorCtx.newPage();
  await loginAgent(agent);
  await agent.getByRole('button', { name: 'Away' }).click();
  await expect(agent.getByRole('button', { name: 'Online' })).toHaveAttribute('aria-pressed', 'true');

  await visitor.goto('/demo');
  await visitor.getByRole('button', { name: /открыть чат/i }).click();
  const panel = visitor.getByRole('dialog');
  await panel.getByRole('textbox', { name: 'Сообщение' }).fill('Где мой заказ?');
  await panel.getByRole('textbox', { name: 'Сообщение' }).press('Enter');
  await agent
    .getByRole('list', { name: /conversations/i })
    .getByRole('link', { name: /Где мой заказ/ })
    .click();
  await agent.getByRole('button', { name: /^resolve$/i }).click();

  const form = panel.getByRole('form', { name: 'Оцените разговор' });
  await expect(form.getByRole('group', { name: 'Как вы оцениваете этот разговор?' })).toBeVisible();
  await form.getByRole('radio', { name: '4 из 5: Хорошо' }).check();
  await visitor.screenshot({ path: 'screenshots/csat-survey-ru.png' });
  await form.getByRole('button', { name: 'Отправить отзыв' }).click();
  await expect(panel.getByText('Спасибо за отзыв!')).toBeVisible();
  await expect(agent.getByRole('group', { name: 'Visitor rating' })).toContainText('CSAT 4/5');

  await agent.getByRole('button', { name: 'Online' }).click();
  await expect(agent.getByRole('button', { name: 'Away' })).toBeVisible();
  await agentCtx.close();
  await visitorCtx.close();
});
