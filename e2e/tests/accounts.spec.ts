/**
 * Accounts end to end, with a real SMTP server collecting what Atendo sends: an admin invites a
 * teammate, the invitation's link lets them choose a password; they turn on two-factor sign-in (the
 * codes come from otplib with the key the console shows, as an authenticator app would make them)
 * and sign in with a code; "Forgot password?" e-mails a link that sets a new password.
 */
import type { ParsedMail } from 'mailparser';
import { generate } from 'otplib';
import { expect, loginAgent } from './fixtures';
import { test } from './mailbox';

/** The console link in the e-mail to `to` (waits for it). */
async function linkIn(received: ParsedMail[], to: string, nth = 0): Promise<string> {
  const mails = () => received.filter((m) => JSON.stringify(m.to ?? '').includes(to));
  await expect.poll(() => mails().length, { timeout: 10_000 }).toBeGreaterThan(nth);
  const link = /https?:\/\/\S+\/#\/password\/[A-Za-z0-9_-]+/.exec(mails()[nth]!.text ?? '')?.[0];
  if (!link) throw new Error(`no link in: ${mails()[nth]!.text}`);
  return link;
}

test('an invited teammate chooses a password by e-mail, turns on two-factor sign-in and signs in with a code', async ({ page, browser, mailbox }) => {
  test.setTimeout(60_000);
  await loginAgent(page);
  await page.goto('/#/settings/agents');
  const invite = page.getByRole('form', { name: 'Invite' });
  await invite.getByLabel('Name').fill('Inês Rocha');
  await invite.getByLabel('E-mail').fill('ines@shop.test');
  await invite.getByRole('button', { name: 'Invite' }).click();
  await expect(invite.getByRole('status')).toHaveText(/Invitation sent to ines@shop\.test/);
  // No password to hand over: the invitation carries the link.
  await expect(page.getByTestId('invite-password')).toHaveCount(0);
  const row = page.getByRole('row', { name: /Inês Rocha/ });
  await expect(row.getByText('Invited')).toBeVisible();

  const link = await linkIn(mailbox.received, 'ines@shop.test');
  const ines = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  await ines.goto(link);
  await expect(ines.getByRole('heading', { name: 'Welcome, Inês Rocha' })).toBeVisible();
  await ines.getByLabel('New password', { exact: true }).fill('ines-chooses-this');
  await ines.getByLabel('Repeat the new password').fill('ines-chooses-this');
  await ines.getByRole('button', { name: 'Save password' }).click();
  await expect(ines.getByText('Your password is saved. Sign in with it now.')).toBeVisible();
  await loginAgent(ines, { email: 'ines@shop.test', password: 'ines-chooses-this' });

  // Two-factor sign-in, set up from Settings → Your account.
  await ines.goto('/#/settings/account');
  await ines.getByRole('button', { name: 'Set up two-factor sign-in' }).click();
  await expect(ines.getByAltText('QR code for your authenticator app')).toBeVisible();
  const secret = ((await ines.getByTestId('two-factor-secret').textContent()) ?? '').replace(/\s/g, '');
  const now = () => Math.floor(Date.now() / 1000);
  await ines.getByLabel('Code').fill(await generate({ secret, epoch: now() }));
  await ines.getByRole('button', { name: 'Turn on' }).click();
  await expect(ines.getByTestId('recovery-codes').locator('li')).toHaveCount(10);
  await ines.getByRole('button', { name: 'I have saved them' }).click();
  await expect(ines.getByTestId('two-factor-state')).toHaveText(/On: signing in asks for a code.*Recovery codes left: 10/);

  // Signing in now takes the code after the password.
  await ines.getByRole('button', { name: 'Log out', exact: true }).click();
  await ines.getByLabel(/e-?mail/i).fill('ines@shop.test');
  await ines.getByLabel(/password/i).fill('ines-chooses-this');
  await ines.getByRole('button', { name: /sign in/i }).click();
  await expect(ines.getByRole('heading', { name: 'Two-factor sign-in' })).toBeVisible();
  await ines.getByLabel('Code').fill('000000');
  await ines.getByRole('button', { name: 'Verify' }).click();
  await expect(ines.getByRole('alert')).toHaveText('That code is not right, or it was used already.');
  // The next step's code (the one used to turn it on cannot be used again).
  await ines.getByLabel('Code').fill(await generate({ secret, epoch: now() + 30 }));
  await ines.getByRole('button', { name: 'Verify' }).click();
  // Signed in: back where she was (Settings → Your account), the console's top bar there.
  await expect(ines.getByRole('button', { name: 'Log out', exact: true })).toBeVisible();
  await expect(ines.getByTestId('two-factor-state')).toHaveText(/Recovery codes left: 10/);

  // The admin's team list shows it, and the invitation as used.
  await page.reload();
  await expect(row.getByText('2FA')).toBeVisible();
  await expect(row.getByText('Invited')).toHaveCount(0);
});

test('"Forgot password?" e-mails a link that sets a new password', async ({ page, mailbox }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Forgot password?' }).click();
  await page.getByLabel('E-mail').fill('admin@example.com');
  await page.getByRole('button', { name: 'Send link' }).click();
  await expect(page.getByRole('status')).toHaveText(/If an account uses admin@example\.com/);

  const link = await linkIn(mailbox.received, 'admin@example.com');
  await page.goto(link);
  await expect(page.getByRole('heading', { name: 'Choose a new password' })).toBeVisible();
  await page.getByLabel('New password', { exact: true }).fill('a-brand-new-password');
  await page.getByLabel('Repeat the new password').fill('a-brand-new-password');
  await page.getByRole('button', { name: 'Save password' }).click();
  await loginAgent(page, { email: 'admin@example.com', password: 'a-brand-new-password' });

  // The link worked once.
  await page.goto(link);
  await expect(page.getByRole('alert')).toHaveText(/This link was already used or has expired/);
});
