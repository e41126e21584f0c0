/**
 * An admin takes an agent's access back. The agent is signed in in another browser; deactivating
 * them ends their console at once (back at the login page, without them doing anything), and their
 * password no longer gets them in. Then the agent's own side: changing one's password ends one's
 * other sessions, and "Log out everywhere" ends all.
 * Screenshots go to screenshots/ (not kept in git).
 */
import { ADMIN, expect, loginAgent, test } from './fixtures';

test.setTimeout(90_000);

test('an admin deactivates a signed-in agent: their console ends at the login page and they cannot sign in again', async ({ browser }) => {
  const adminCtx = await browser.newContext({ viewport: { width: 1280, height: 720 }, locale: 'en-US' });
  const bobCtx = await browser.newContext({ viewport: { width: 1280, height: 720 }, locale: 'en-US' });
  const admin = await adminCtx.newPage();
  const bob = await bobCtx.newPage();

  await loginAgent(admin);
  await admin.goto('/#/settings/agents');
  const invite = admin.getByRole('form', { name: 'Invite' });
  await invite.getByLabel('Name').fill('Bob Reis');
  await invite.getByLabel('E-mail').fill('bob@example.com');
  await invite.getByRole('button', { name: 'Invite' }).click();
  const password = (await admin.getByTestId('invite-password').textContent())!.trim();

  // Bob works in his own browser.
  await loginAgent(bob, { email: 'bob@example.com', password });
  await expect(admin.getByRole('row', { name: /Bob Reis/ }).getByText('Away')).toBeVisible();

  // The admin deactivates him, after a confirm that says what it does.
  await admin.getByRole('button', { name: 'Deactivate Bob Reis' }).click();
  const confirm = admin.getByRole('alertdialog', { name: 'Deactivate Bob Reis' });
  await expect(confirm).toContainText('logged out everywhere at once');
  await admin.screenshot({ path: 'screenshots/agent-access-confirm.png' });
  await confirm.getByRole('button', { name: 'Deactivate' }).click();
  const row = admin.getByRole('row', { name: /Bob Reis/ });
  await expect(row.getByText('Deactivated')).toBeVisible();
  await expect(row.getByRole('button', { name: 'Reactivate Bob Reis' })).toBeVisible();
  await admin.screenshot({ path: 'screenshots/agent-access-agents.png' });

  // Bob's console ends by itself: the login page, saying why.
  await expect(bob.getByRole('button', { name: 'Sign in' })).toBeVisible({ timeout: 5_000 });
  await expect(bob.getByText('Your session has ended. Please sign in again.')).toBeVisible();
  await expect(bob.getByRole('region', { name: /conversations/i })).toHaveCount(0);

  // And his password no longer gets him in.
  await bob.getByLabel(/e-?mail/i).fill('bob@example.com');
  await bob.getByLabel(/password/i).fill(password);
  await bob.getByRole('button', { name: 'Sign in' }).click();
  await expect(bob.getByRole('alert')).toHaveText('This account has been deactivated. Ask an admin of your team to reactivate it.');
  await bob.screenshot({ path: 'screenshots/agent-access-deactivated-login.png' });
  await bob.reload();
  await expect(bob.getByRole('button', { name: 'Sign in' })).toBeVisible();

  await adminCtx.close();
  await bobCtx.close();
});

test('changing one’s password ends the other sessions; Log out everywhere ends them all', async ({ browser }) => {
  const laptopCtx = await browser.newContext({ viewport: { width: 1280, height: 720 }, locale: 'en-US' });
  const phoneCtx = await browser.newContext({ viewport: { width: 390, height: 800 }, locale: 'en-US' });
  const laptop = await laptopCtx.newPage();
  const phone = await phoneCtx.newPage();
  await loginAgent(laptop);
  await loginAgent(phone);

  // Your account is one click from one's name in the top bar.
  await laptop.getByRole('link', { name: /Your account/ }).click();
  await expect(laptop.getByRole('heading', { name: 'Your account' })).toBeVisible();
  const newPassword = 'a brand new e2e password';
  await laptop.getByLabel('Current password').fill(ADMIN.password);
  await laptop.getByLabel('New password', { exact: true }).fill(newPassword);
  await laptop.getByLabel('Repeat the new password').fill(newPassword);
  await laptop.getByRole('button', { name: 'Change password' }).click();
  await expect(laptop.getByText('Password changed. Your other sessions were logged out.')).toBeVisible();
  await laptop.screenshot({ path: 'screenshots/agent-access-account.png' });

  // The phone's session ended; the laptop's goes on.
  await expect(phone.getByRole('button', { name: 'Sign in' })).toBeVisible({ timeout: 5_000 });
  await laptop.getByRole('link', { name: 'Inbox' }).click();
  await expect(laptop.getByRole('region', { name: /conversations/i })).toBeVisible();
  await loginAgent(phone, { email: ADMIN.email, password: newPassword });

  // Log out everywhere: both end.
  await laptop.getByRole('link', { name: /Your account/ }).click();
  await laptop.getByRole('button', { name: 'Log out everywhere' }).click();
  await laptop.getByRole('alertdialog', { name: 'Log out everywhere' }).getByRole('button', { name: 'Log out everywhere' }).click();
  await expect(laptop.getByText('You were logged out on every device.')).toBeVisible();
  await expect(phone.getByRole('button', { name: 'Sign in' })).toBeVisible({ timeout: 5_000 });
  await laptop.reload();
  await expect(laptop.getByRole('button', { name: 'Sign in' })).toBeVisible();

  await laptopCtx.close();
  await phoneCtx.close();
});
