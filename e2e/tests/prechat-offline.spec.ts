import { type APIRequestContext } from '@playwright/test';
import { expect, loginAgent, setPresence, test } from './fixtures';
import { PNG } from 'pngjs';

const AVATAR = 'https://cdn.example.test/lumen-team.png';

/** Put the default site's pre-chat, hours and avatar back (the e2e server is shared by every spec file). */
async function resetSettings(request: APIRequestContext, baseURL: string) {
  const { items } = (await (await request.get('/api/v1/sites')).json()) as { items: { siteId: string; settings: Record<string, unknown> }[] };
  for (const site of items) {
    const data = {
      ...site.settings,
      avatarUrl: '',
      prechat: { enabled: false, name: 'optional', email: 'optional', question: 'off' },
      hours: { enabled: false, timezone: 'UTC', openings: [1, 2, 3, 4, 5].map((day) => ({ day, open: '09:00', close: '18:00' })) },
    };
    const res = await request.put(`/api/v1/sites/${site.siteId}/widget-settings`, { data, headers: { Origin: baseURL } });
    expect(res.ok()).toBe(true);
  }
}

/** A small round-ish avatar image, served for AVATAR (the test machine has no internet). */
function avatarPng(): Buffer {
  const png = new PNG({ width: 48, height: 48 });
  for (let y = 0; y < 48; y++)
    for (let x = 0; x < 48; x++) {
      const i = (y * 48 + x) * 4;
      const inside = (x - 24) ** 2 + (y - 24) ** 2 < 400;
      png.data.set(inside ? [233, 196, 106, 255] : [43, 33, 24, 255], i);
    }
  return PNG.sync.write(png);
}

test('pre-chat form, then leave-a-message when nobody is online; the agent sees name and e-mail', async ({ browser, baseURL }) => {
  // Four browser contexts and two settings round trips: about 25 s alone on two cores, so the
  // default 30 s left no room for a busy machine (it timed out once at 34 s under load).
  test.setTimeout(60_000);
  const agentCtx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
  const agent = await agentCtx.newPage();
  await loginAgent(agent);
  await setPresence(agent, 'Online');
  try {
    // A visitor who starts chatting while the form is off and the team online: a plain chat.
    const v0Ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
    const v0 = await v0Ctx.newPage();
    await v0.goto('/demo');
    await v0.getByRole('button', { name: /open chat/i }).click();
    const panel0 = v0.getByRole('dialog');
    await panel0.getByRole('textbox', { name: 'Message' }).fill('Hi, a quick question about grinders');
    await panel0.getByRole('textbox', { name: 'Message' }).press('Enter');
    await expect(panel0.getByRole('log').getByText('Hi, a quick question about grinders')).toBeVisible();

    // Admin: Settings → Pre-chat & hours.
    await agent.evaluate(() => (location.hash = '#/settings/prechat'));
    const settings = agent.getByRole('form', { name: 'Pre-chat & hours' });
    await expect(settings).toBeVisible();
    await settings.getByRole('checkbox', { name: /Ask visitors a few questions/ }).check();
    await settings.getByRole('combobox', { name: 'Name' }).selectOption('required');
    await settings.getByRole('combobox', { name: 'E-mail' }).selectOption('required');
    await settings.getByRole('combobox', { name: /^Question/ }).selectOption('optional');
    await settings.getByRole('textbox', { name: 'Avatar image URL' }).fill('http://not-https.example/a.png');
    await settings.getByRole('button', { name: 'Save' }).click();
    await expect(settings.getByText('Use an https:// address.')).toBeVisible();
    await settings.getByRole('textbox', { name: 'Avatar image URL' }).fill(AVATAR);
    await settings.getByRole('button', { name: 'Save' }).click();
    await expect(settings.getByText('Saved', { exact: true })).toBeVisible();
    await agent.setViewportSize({ width: 1280, height: 1500 });
    await agent.screenshot({ path: 'screenshots/prechat-console-settings.png' });
    await agent.setViewportSize({ width: 1280, height: 900 });

    // Visitor 1 on the demo shop with a strict CSP: the pre-chat form, with the team avatar.
    const v1Ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
    await v1Ctx.route(AVATAR, (route) => route.fulfill({ status: 200, contentType: 'image/png', body: avatarPng() }));
    const v1 = await v1Ctx.newPage();
    await v1.goto('/demo/csp');
    await v1.getByRole('button', { name: /open chat/i }).click();
    const panel = v1.getByRole('dialog');
    const form = panel.getByRole('form', { name: 'Before we start' });
    await expect(form).toBeVisible();
    const avatar = panel.locator('header img');
    await expect(avatar).toHaveAttribute('src', AVATAR);
    await expect.poll(() => avatar.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(48);
    await expect(form.getByRole('textbox', { name: 'Name' })).toBeFocused();
    // Nothing typed: clear inline errors, nothing sent.
    await form.getByRole('button', { name: 'Start chat' }).click();
    await expect(form.getByText('Please enter your name.')).toBeVisible();
    await expect(form.getByText('Please enter your e-mail address.')).toBeVisible();
    await form.getByRole('textbox', { name: 'Name' }).fill('Ana Souza');
    await form.getByRole('textbox', { name: 'E-mail' }).fill('ana@example');
    await form.getByRole('button', { name: 'Start chat' }).click();
    await expect(form.getByText('Enter an e-mail address like name@example.com.')).toBeVisible();
    await form.getByRole('textbox', { name: 'E-mail' }).fill('ana@example.com');
    await form.getByRole('textbox', { name: /Your question/ }).fill('Do you have decaf beans?');
    await v1.screenshot({ path: 'screenshots/prechat-form.png' });
    await form.getByRole('button', { name: 'Start chat' }).click();
    await expect(panel.getByRole('log').getByText('Do you have decaf beans?')).toBeVisible();
    await expect(panel.getByRole('textbox', { name: 'Message' })).toBeVisible();

    // The agent sees who it is: name in the inbox row, e-mail in the visitor sidebar.
    await agent.evaluate(() => (location.hash = '#/'));
    const inbox = agent.getByRole('list', { name: /conversations/i });
    const row = inbox.getByRole('listitem', { name: 'Ana Souza' });
    await expect(row).toBeVisible();
    await expect(row.getByText('Do you have decaf beans?')).toBeVisible();
    await row.getByRole('link').click();
    await expect(agent.locator('.visitor-email')).toHaveText('ana@example.com');
    await agent.screenshot({ path: 'screenshots/prechat-console-visitor.png' });

    // Nobody online: the chatting visitor is told live; a new visitor is offered to leave a message, e-mail required.
    await setPresence(agent, 'Away');
    // This server sends no e-mail (no ATENDO_SMTP_URL): the answer is said to wait in the chat, never to come by e-mail.
    await expect(panel.getByText('We’re away right now. Our answer will be waiting in this chat.')).toBeVisible();
    // The visitor who gave no e-mail is still asked for an address, without a promise.
    const ask = panel0.getByRole('textbox', { name: 'Leave your e-mail address in case the team needs to contact you' });
    await expect(ask).toBeVisible();
    await ask.fill('grinder@example.com');
    await v0.screenshot({ path: 'screenshots/offline-ask-email.png' });
    await panel0.getByRole('button', { name: 'Save' }).click();
    await expect(panel0.getByText(/Thanks! We’ve noted grinder@example.com/)).toBeVisible();
    await expect(agent.getByRole('list', { name: /conversations/i }).getByRole('listitem', { name: 'grinder@example.com' })).toBeVisible();
    const v2Ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
    const v2 = await v2Ctx.newPage();
    await v2.goto('/demo');
    await v2.getByRole('button', { name: /open chat/i }).click();
    const panel2 = v2.getByRole('dialog');
    const offline = panel2.getByRole('form', { name: 'Leave a message' });
    await expect(offline).toBeVisible();
    await expect(offline.getByText('We’re away right now. Our answer will be waiting in this chat.')).toBeVisible();
    await offline.getByRole('textbox', { name: 'Message' }).fill('Please send me your wholesale prices.');
    await offline.getByRole('button', { name: 'Send message' }).click();
    await expect(offline.getByText('Please enter your e-mail address.')).toBeVisible();
    // The site requires a name in its pre-chat form, so leaving a message asks for it too.
    await expect(offline.getByText('Please enter your name.')).toBeVisible();
    await offline.getByRole('textbox', { name: 'Name' }).fill('Bia Lima');
    await offline.getByRole('textbox', { name: 'E-mail' }).fill('bia@example.com');
    await v2.screenshot({ path: 'screenshots/offline-form.png' });
    await offline.getByRole('button', { name: 'Send message' }).click();
    await expect(panel2.getByRole('log').getByText('Please send me your wholesale prices.')).toBeVisible();
    await expect(panel2.getByRole('status').filter({ hasText: 'Our answer will be waiting in this chat' })).toBeVisible();
    await v2.screenshot({ path: 'screenshots/offline-sent.png' });

    // It lands in the inbox like any conversation.
    const row2 = inbox.getByRole('listitem', { name: 'Bia Lima' });
    await expect(row2).toBeVisible();
    await row2.getByRole('link').click();
    await expect(agent.getByRole('log').getByText('Please send me your wholesale prices.')).toBeVisible();
    await expect(agent.locator('.visitor-email')).toHaveText('bia@example.com');

    // Outside business hours (even with someone online) the widget says when the team is back.
    await setPresence(agent, 'Online');
    const day = (new Date().getUTCDay() + 2) % 7;
    const current = (await (await agentCtx.request.get('/api/v1/sites')).json()) as { items: { siteId: string; settings: Record<string, unknown> }[] };
    const site = current.items[0]!;
    const put = await agentCtx.request.put(`/api/v1/sites/${site.siteId}/widget-settings`, {
      data: { ...site.settings, hours: { enabled: true, timezone: 'UTC', openings: [{ day, open: '09:00', close: '10:00' }] } },
      headers: { Origin: baseURL! },
    });
    expect(put.ok()).toBe(true);
    const v3Ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US', timezoneId: 'UTC' });
    const v3 = await v3Ctx.newPage();
    await v3.goto('/demo');
    await v3.getByRole('button', { name: /open chat/i }).click();
    const weekday = new Intl.DateTimeFormat('en-US', { weekday: 'long', timeZone: 'UTC' }).format(Date.UTC(2026, 10, 29 + day));
    await expect(
      v3
        .getByRole('dialog')
        .getByRole('form', { name: 'Leave a message' })
        .getByText(new RegExp(`We’ll be back ${weekday},? 9:00`)),
    ).toBeVisible();
    await v3.screenshot({ path: 'screenshots/offline-hours.png' });

    await v0Ctx.close();
    await v1Ctx.close();
    await v2Ctx.close();
    await v3Ctx.close();
  } finally {
    await resetSettings(agentCtx.request, baseURL!);
    // Leave the admin Away, as a fresh install has it (other spec files start from there).
    const away = await agentCtx.request.put('/api/v1/agents/me/status', { data: { status: 'away' }, headers: { Origin: baseURL! } });
    expect(away.ok()).toBe(true);
    await agentCtx.close();
  }
});
