/**
 * A support team on the console. Two agents; a visitor chats from the demo shop; auto-
 * assignment picks the online agent; the other agent sees it under "Everyone" but not "Mine"; a
 * note never reaches the widget; a canned reply is used; the conversation is resolved and found
 * again by search. Screenshots of the console at 1280×720 and at tablet size go to screenshots/.
 */
import { expect, loginAgent, test } from './fixtures';

test.setTimeout(120_000);

test('two agents, auto-assignment, notes, canned replies, resolve and search', async ({ browser }) => {
  const adminCtx = await browser.newContext({ viewport: { width: 1280, height: 720 }, locale: 'en-US' });
  const biaCtx = await browser.newContext({ viewport: { width: 1280, height: 720 }, locale: 'en-US' });
  const visitorCtx = await browser.newContext({ viewport: { width: 1100, height: 800 }, locale: 'en-US' });
  const admin = await adminCtx.newPage();
  const bia = await biaCtx.newPage();
  const visitor = await visitorCtx.newPage();

  // The admin sets the team up from Settings: a canned reply and a second agent.
  await loginAgent(admin);
  await admin.getByRole('link', { name: 'Settings' }).click();
  await admin.getByRole('link', { name: 'Canned replies' }).click();
  const cannedForm = admin.getByRole('form', { name: 'Add canned reply' });
  await cannedForm.getByLabel('Shortcut').fill('thanks');
  await cannedForm.getByLabel('Text').fill('Thanks for waiting! Your order is on its way.');
  await cannedForm.getByRole('button', { name: 'Add canned reply' }).click();
  await expect(admin.getByRole('list', { name: 'Canned replies' }).getByText('/thanks')).toBeVisible();

  await admin.getByRole('link', { name: 'Agents' }).click();
  const invite = admin.getByRole('form', { name: 'Invite' });
  await invite.getByLabel('Name').fill('Bia Santos');
  await invite.getByLabel('E-mail').fill('bia@example.com');
  await invite.getByRole('button', { name: 'Invite' }).click();
  const password = (await admin.getByTestId('invite-password').textContent())!.trim();
  expect(password.length).toBeGreaterThan(8);

  await admin.getByRole('link', { name: 'Widget appearance' }).click();
  await admin.getByLabel('Launcher label').fill('Chat with us');
  await expect(admin.getByRole('figure', { name: 'Preview' }).getByText('Chat with us')).toBeVisible();
  await admin.screenshot({ path: 'screenshots/console-settings-appearance.png' });

  // Bia signs in and goes online; the admin stays away.
  await loginAgent(bia, { email: 'bia@example.com', password: password });
  await bia.getByRole('button', { name: 'Away' }).click();
  await expect(bia.getByRole('button', { name: 'Online' })).toHaveAttribute('aria-pressed', 'true');
  await admin.getByRole('link', { name: 'Inbox' }).click();

  // A visitor writes from the demo shop.
  // The demo page with the strict CSP a real site would have (the widget must work under it).
  await visitor.goto('/demo/csp');
  await visitor.getByRole('button', { name: /open chat/i }).click();
  const panel = visitor.getByRole('dialog');
  const composer = panel.getByRole('textbox', { name: /message/i });
  await composer.fill('Hi, where is my order 4411?');
  await composer.press('Enter');
  const visitorLog = panel.getByRole('log');
  await expect(visitorLog.getByText('Hi, where is my order 4411?')).toBeVisible();

  // Auto-assignment gave it to Bia, the only agent online: it is in her "Mine".
  await bia.getByRole('tab', { name: /^Mine/ }).click();
  const biaList = bia.getByRole('list', { name: 'Conversations' });
  const biaRow = biaList.getByRole('link', { name: /where is my order 4411/ });
  await expect(biaRow).toBeVisible();

  // The admin sees it under Everyone but not under Mine.
  await admin.getByRole('tab', { name: /^Everyone/ }).click();
  const adminList = admin.getByRole('list', { name: 'Conversations' });
  await expect(adminList.getByRole('link', { name: /where is my order 4411/ })).toBeVisible();
  await expect(adminList.getByText('Bia Santos')).toBeVisible();
  await admin.getByRole('tab', { name: /^Mine/ }).click();
  await expect(admin.getByText('No open conversations')).toBeVisible();
  await expect(admin.getByRole('link', { name: /where is my order 4411/ })).toHaveCount(0);

  // Bia opens it: transcript, visitor sidebar with the page they are on.
  await biaRow.click();
  const transcript = bia.getByRole('log');
  await expect(transcript.getByText('Hi, where is my order 4411?')).toBeVisible();
  await expect(bia.getByTestId('current-page')).toContainText(/demo|shop/i);
  await expect(bia.getByLabel('Assigned to')).toHaveValue(/.+/);

  // An internal note: shown to agents, visibly a note; never in the widget.
  await bia.getByRole('radio', { name: 'Internal note' }).click();
  const noteBox = bia.getByRole('textbox', { name: 'Internal note' });
  await noteBox.fill('VIP customer, check the courier first');
  await noteBox.press('Enter');
  await expect(transcript.getByRole('note', { name: /Internal note by Bia Santos/ })).toContainText('VIP customer');
  // The admin's console gets it live too.
  await admin.getByRole('tab', { name: /^Everyone/ }).click();
  await adminList.getByRole('link', { name: /where is my order 4411/ }).click();
  await expect(admin.getByRole('log').getByText('VIP customer, check the courier first')).toBeVisible();

  // A canned reply through "/": type /tha, pick it with Enter, send with Enter.
  await bia.getByRole('radio', { name: 'Reply' }).click();
  const reply = bia.getByRole('textbox', { name: 'Reply' });
  await reply.fill('');
  await reply.pressSequentially('/tha');
  await expect(bia.getByRole('listbox', { name: 'Canned replies' }).getByRole('option', { name: /thanks/ })).toBeVisible();
  await reply.press('Enter');
  await expect(reply).toHaveValue('Thanks for waiting! Your order is on its way.');
  await reply.press('Enter');
  await expect(visitorLog.getByText('Thanks for waiting! Your order is on its way.')).toBeVisible();
  await expect(transcript.getByText('Thanks for waiting! Your order is on its way.')).toBeVisible();
  // The note never reached the visitor.
  await expect(panel.getByText('VIP customer')).toHaveCount(0);
  expect(await visitor.content()).not.toContain('VIP customer');
  await bia.screenshot({ path: 'screenshots/console-conversation-note.png' });

  // Keyboard: ? lists the shortcuts.
  await bia.locator('body').click({ position: { x: 5, y: 700 } });
  await bia.keyboard.press('?');
  await expect(bia.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
  await bia.screenshot({ path: 'screenshots/console-shortcuts.png' });
  await bia.keyboard.press('Escape');

  // Resolve, then find it again by search.
  await bia.getByRole('button', { name: 'Resolve' }).click();
  await expect(bia.getByRole('button', { name: 'Reopen' })).toBeVisible();
  await bia.getByRole('searchbox', { name: 'Search conversations' }).fill('4411');
  await bia.getByRole('searchbox', { name: 'Search conversations' }).press('Enter');
  const results = bia.getByRole('list', { name: 'Search results' });
  await expect(results.getByText(/where is my order 4411/)).toBeVisible();
  await expect(results.getByText('Resolved')).toBeVisible();
  await bia.screenshot({ path: 'screenshots/console-search.png' });
  await results.getByRole('link').first().click();
  await expect(bia.getByRole('log').getByText('Hi, where is my order 4411?')).toBeVisible();

  // Live visitors: the visitor is on the site now.
  await admin.getByRole('link', { name: 'Visitors' }).click();
  await expect(admin.getByRole('table', { name: 'Visitors on your site now' }).getByRole('row')).toHaveCount(2);
  await admin.screenshot({ path: 'screenshots/console-visitors.png' });

  // Tablet size.
  await admin.setViewportSize({ width: 1024, height: 768 });
  await admin.getByRole('link', { name: 'Inbox' }).click();
  await admin.getByRole('tab', { name: 'Resolved' }).click();
  await adminList.getByRole('link', { name: /Thanks for waiting/ }).click();
  await expect(admin.getByRole('log')).toBeVisible();
  await admin.screenshot({ path: 'screenshots/console-tablet.png' });

  await adminCtx.close();
  await biaCtx.close();
  await visitorCtx.close();
});
