import { expect, loginAgent, test } from './fixtures';

test('a form left empty says so in the agent’s language, not the browser’s', async ({ page }) => {
  await loginAgent(page);
  await page.locator('.lang-select select').selectOption('ru');
  await page.goto('/#/settings/canned');
  const form = page.locator('form.form-inline-card').first();
  await expect(form).toBeVisible();
  await form.locator('button[type=submit]').click();
  // The browser stopped the submit at the first empty field, with our words (Chromium's own are English here).
  const message = await form
    .locator('input')
    .first()
    .evaluate((el: HTMLInputElement) => el.validationMessage);
  expect(message).toBe('Заполните это поле.');
  await form.locator('input').first().fill('refund');
  expect(
    await form
      .locator('input')
      .first()
      .evaluate((el: HTMLInputElement) => el.validationMessage),
  ).toBe('');
});
