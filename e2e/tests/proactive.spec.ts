import type { APIRequestContext } from '@playwright/test';
import { expect, goAway, goOnline, loginAgent, test } from './fixtures';
import { createRequire } from 'node:module';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

// Two browsers and a server on a shared 2-core box: give these scenarios room.
test.describe.configure({ timeout: 60_000 });

const GREETING = 'Hi! Looking for fresh beans? Ask us anything.';

/** Remove every trigger again (the e2e server is shared by all spec files: /demo must stay quiet for them). */
async function clearTriggers(request: APIRequestContext, baseURL: string) {
  const { items } = (await (await request.get('/api/v1/sites')).json()) as { items: { siteId: string; settings: Record<string, unknown> }[] };
  for (const site of items) {
    const res = await request.put(`/api/v1/sites/${site.siteId}/widget-settings`, { data: { ...site.settings, triggers: [] }, headers: { Origin: baseURL } });
    expect(res.ok()).toBe(true);
  }
}

test('an admin adds a proactive message; the visitor sees it once, replies, and the agent sees which trigger it was', async ({ browser, baseURL }) => {
  const agentCtx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const agent = await agentCtx.newPage();
  await loginAgent(agent);
  await goOnline(agent);
  try {
    // Settings → Proactive messages: add a trigger that fires after 1 s on any demo page.
    await agent.evaluate(() => (location.hash = '#/settings/proactive'));
    await expect(agent.getByRole('heading', { name: 'Proactive messages' })).toBeVisible();
    await agent.getByRole('button', { name: 'Add message' }).click();
    const form = agent.getByRole('form', { name: 'Add message' });
    await form.getByRole('textbox', { name: /^Name/ }).fill('Demo welcome');
    await form.getByRole('textbox', { name: /Message to the visitor/ }).fill(GREETING);
    await form.getByRole('spinbutton', { name: /Seconds on the page/ }).fill('1');
    await form.getByRole('textbox', { name: /Page address/ }).fill('*demo*');
    await agent.screenshot({ path: 'screenshots/console-proactive-form.png' });
    await form.getByRole('button', { name: 'Add message' }).click();
    const list = agent.getByRole('list', { name: /Proactive messages of/ });
    await expect(list.getByText('Demo welcome')).toBeVisible();
    await expect(list.getByText('after 1 sec · on *demo*')).toBeVisible();
    await expect(list.getByRole('checkbox', { name: 'Enabled: Demo welcome' })).toBeChecked();
    await agent.screenshot({ path: 'screenshots/console-proactive.png' });

    // The visitor: the greeting appears beside the launcher after a second, without taking focus.
    const visitorCtx = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
    const visitor = await visitorCtx.newPage();
    await visitor.goto('/demo');
    await visitor.locator('nav a[href="#beans"]').focus();
    const greeting = visitor.getByRole('button', { name: new RegExp(GREETING.slice(0, 20).replace(/[?!.]/g, '\\$&')) });
    await expect(greeting).toBeVisible({ timeout: 10_000 });
    expect(await visitor.evaluate(() => document.activeElement?.getAttribute('href'))).toBe('#beans');
    await expect(visitor.getByRole('button', { name: 'Open chat (1 unread)' })).toBeVisible();
    await expect(visitor.getByRole('dialog')).toBeHidden();
    // What is remembered: a visit count and the fired trigger, under the site's prefix. The greeting
    // made the visitor live for this page but keeps no token until they act.
    const stored = await visitor.evaluate(() => Object.keys(localStorage).sort());
    expect(stored).toHaveLength(2);
    expect(stored[0]).toMatch(/^atendo:[^:]+:triggers$/);
    expect(stored[1]).toMatch(/^atendo:[^:]+:visits$/);
    await visitor.screenshot({ path: 'screenshots/proactive-greeting.png' });
    // The greeting bubble passes axe too (names, contrast).
    await visitor.addScriptTag({ path: AXE });
    const violations = await visitor.evaluate(async () => {
      const axe = (window as unknown as { axe: { run(c: unknown, o: unknown): Promise<{ violations: { id: string; impact: string }[] }> } }).axe;
      const res = await axe.run(
        {
          include: [
            ['atendo-widget', '.greet'],
            ['atendo-widget', '.launcher'],
          ],
        },
        { resultTypes: ['violations'] },
      );
      return res.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id);
    });
    expect(violations).toEqual([]);

    // Clicking it opens the panel with the message from the team; the reply opens a conversation.
    await greeting.click();
    const panel = visitor.getByRole('dialog');
    await expect(panel).toBeVisible();
    await expect(panel.getByRole('log').getByText(GREETING)).toBeVisible();
    await expect(greeting).toBeHidden();
    const composer = panel.getByRole('textbox', { name: /message/i });
    await expect(composer).toBeFocused();
    await composer.fill('Yes! Do you have a decaf?');
    await composer.press('Enter');
    await visitor.screenshot({ path: 'screenshots/proactive-panel.png' });

    const row = agent.getByRole('link', { name: /Do you have a decaf/ });
    await agent.getByRole('link', { name: 'Inbox' }).click();
    await expect(row).toBeVisible();
    await row.click();
    const details = agent.getByRole('complementary');
    await expect(details.getByText('trigger', { exact: true })).toBeVisible();
    await expect(details.getByText('Demo welcome', { exact: true })).toBeVisible();

    // After a reload the trigger engine runs again (the visit is counted) but the greeting does not come back.
    await visitor.reload();
    await expect.poll(() => visitor.evaluate(() => Object.entries(localStorage).find(([k]) => k.endsWith(':visits'))?.[1]), { timeout: 10_000 }).toBe('2');
    await visitor.waitForTimeout(2_000);
    await expect(visitor.getByRole('button', { name: /Looking for fresh beans/ })).toHaveCount(0);
    await expect(visitor.getByRole('button', { name: /^open chat$/i })).toBeVisible();
    await visitorCtx.close();
  } finally {
    await clearTriggers(agent.request, baseURL!);
    await goAway(agent);
    await agentCtx.close();
  }
});
