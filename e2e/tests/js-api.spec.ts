/**
 * The site owner's JavaScript API (docs/widget.md, "JavaScript API") on /demo/api: the page's own script
 * (served by Atendo, strict CSP) queues calls before the loader arrives, identifies the visitor
 * with a hash its "backend" signed, and listens to the widget's events.
 */
import { expect, goAway, goOnline, loginAgent, test } from './fixtures';
import { createHmac } from 'node:crypto';

// Two browsers and a server on a shared 2-core box: give these scenarios room.
test.describe.configure({ timeout: 60_000 });

test('queued calls run, a signed identify shows the visitor verified, and an agent reply fires the message listener', async ({ browser }) => {
  const agentCtx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const agent = await agentCtx.newPage();
  await loginAgent(agent);
  await goOnline(agent);

  // The site's backend: sign the user id with the site's secret (admins read it in Settings → Security).
  const { items } = (await (await agent.request.get('/api/v1/sites')).json()) as { items: { siteId: string }[] };
  const { security } = (await (await agent.request.get(`/api/v1/sites/${items[0]!.siteId}/security`)).json()) as { security: { secret: string } };
  const userId = `api-user-${Date.now()}`;
  const hash = createHmac('sha256', security.secret).update(userId).digest('hex');

  const visitorCtx = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
  const visitor = await visitorCtx.newPage();
  const errors: string[] = [];
  visitor.on('pageerror', (e) => errors.push(e.message));
  visitor.on('console', (m) => {
    if (m.type() === 'error' || m.text().includes('[Atendo] ignored call')) errors.push(m.text());
  });
  await visitor.goto(`/demo/api?userId=${encodeURIComponent(userId)}&hash=${hash}&name=${encodeURIComponent('Ana API')}&plan=pro`);
  const events = visitor.getByRole('list', { name: 'Widget events' });

  await visitor.getByRole('button', { name: "Atendo('open')" }).click();
  const panel = visitor.getByRole('dialog');
  await expect(panel).toBeVisible();
  await expect(events.getByText('open', { exact: true })).toBeVisible();

  const composer = panel.getByRole('textbox', { name: /message/i });
  await composer.fill('Hello from the API page');
  await composer.press('Enter');
  await expect(panel.getByRole('log').getByText('Hello from the API page')).toBeVisible();

  // The agent sees a verified visitor with the name the page gave and its attributes.
  const row = agent.getByRole('link', { name: /Hello from the API page/ });
  await expect(row).toBeVisible();
  await row.click();
  const details = agent.getByRole('complementary');
  await expect(details.getByText('Verified', { exact: true })).toBeVisible();
  await expect(details.getByText('Ana API')).toBeVisible();
  await expect(details.getByText('pro', { exact: true })).toBeVisible();

  // An agent reply reaches the page's `message` listener.
  const reply = agent.getByRole('textbox', { name: /reply/i });
  await reply.fill('Hi Ana, you are verified.');
  await reply.press('Enter');
  await expect(events.getByText('message: Hi Ana, you are verified.')).toBeVisible();

  // close through the API, then a reply while closed counts as unread.
  await visitor.getByRole('button', { name: "Atendo('close')" }).click();
  await expect(panel).toBeHidden();
  await expect(events.getByText('close', { exact: true })).toBeVisible();
  await reply.fill('One more thing.');
  await reply.press('Enter');
  await expect(events.getByText('unread: 1')).toBeVisible();
  await expect(events.getByText('message: One more thing.')).toBeVisible();
  await visitor.screenshot({ path: 'screenshots/js-api-demo.png' });
  await agent.screenshot({ path: 'screenshots/js-api-verified.png' });

  expect(errors).toEqual([]);
  await visitorCtx.close();
  await goAway(agent);
  await agentCtx.close();
});
