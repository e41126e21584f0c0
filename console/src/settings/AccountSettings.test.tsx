/** The agent's own password and "Log out everywhere" in the console, from the name in the top bar. */
import { describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { FakeWebSocket } from '../../test/fakes';
import { renderSignedIn } from '../../test/render';
import { setLocale } from '../i18n';
import { changePassword } from '../state/account';
import { route } from '../state/route';

const account = (routes: Parameters<typeof renderSignedIn>[0] = {}) => renderSignedIn(routes, '#/settings/account');

function fill(current: string, next: string, repeat = next) {
  fireEvent.input(screen.getByLabelText('Current password'), { target: { value: current } });
  fireEvent.input(screen.getByLabelText('New password'), { target: { value: next } });
  fireEvent.input(screen.getByLabelText('Repeat the new password'), { target: { value: repeat } });
  fireEvent.click(screen.getByRole('button', { name: 'Change password' }));
}

describe('Your account', () => {
  it('opens from the agent’s name in the top bar', async () => {
    await renderSignedIn();
    const link = await within(screen.getByRole('banner')).findByRole('link', { name: 'Ana Lima · Your account' });
    fireEvent.click(link);
    expect(route.value).toEqual({ page: 'settings', section: 'account' });
    expect(await screen.findByRole('heading', { name: 'Your account' })).toBeTruthy();
    expect(screen.getByText('Signed in as Ana Lima (ana@example.com).')).toBeTruthy();
  });

  it('changes the password: sends the current and the new one, says the other sessions ended, clears the form', async () => {
    const { fetch, ws } = await account({ 'POST /api/v1/auth/password': { status: 204 } });
    await screen.findByLabelText('Current password');
    fill('old password 1', 'brand new password');
    expect(await screen.findByText('Password changed. Your other sessions were logged out.')).toBeTruthy();
    expect(fetch.calls.find((c) => c.path === '/api/v1/auth/password')).toMatchObject({
      method: 'POST',
      body: { currentPassword: 'old password 1', newPassword: 'brand new password' },
    });
    expect((screen.getByLabelText('New password') as HTMLInputElement).value).toBe('');
    // This browser goes on with the new session the answer set: a new socket says hello with it.
    expect(ws.closedWith).toBe(1000);
    expect(FakeWebSocket.last()).not.toBe(ws);
    FakeWebSocket.last().open();
    expect(FakeWebSocket.last().frames()[0]).toMatchObject({ type: 'hello', role: 'agent' });
  });

  it('says what is wrong before asking the server: too short, not repeated the same, same as the current one', async () => {
    const { fetch } = await account();
    // Too short: the browser stops the form itself (its bubble speaks the console's language, validity.ts).
    expect(((await screen.findByLabelText('New password')) as HTMLInputElement).minLength).toBe(10);
    fill('old password 1', 'short');
    expect(screen.queryByRole('alert')).toBeNull();
    fill('old password 1', 'brand new password', 'brand new passwort');
    expect((await screen.findByRole('alert')).textContent).toBe('The two new passwords are not the same.');
    fill('old password 1', 'old password 1');
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('Choose a new password that differs from the current one.'));
    // Where no browser checks (a script, an old one), the same sentence comes from the console.
    expect(await changePassword('old password 1', 'short', 'short')).toBe('Use at least 10 characters.');
    expect(await changePassword('old password 1', '          ', '          ')).toBe('Use at least 10 characters.');
    expect(fetch.calls.some((c) => c.path === '/api/v1/auth/password')).toBe(false);
  });

  it('a wrong current password is said so, and does not end the session', async () => {
    await account({
      'POST /api/v1/auth/password': { status: 401, body: { error: { code: 'invalid_credentials', message: 'The current password is wrong' } } },
    });
    await screen.findByLabelText('Current password');
    fill('not it at all', 'brand new password');
    expect((await screen.findByRole('alert')).textContent).toBe('The current password is wrong.');
    expect(screen.getByRole('heading', { name: 'Your account' })).toBeTruthy();
  });

  it('logs out everywhere after a confirm and lands on the login form saying so', async () => {
    const { fetch, ws } = await account({ 'POST /api/v1/auth/logout-everywhere': { status: 204 } });
    fireEvent.click(await screen.findByRole('button', { name: 'Log out everywhere' }));
    const dialog = screen.getByRole('alertdialog', { name: 'Log out everywhere' });
    expect(dialog.textContent).toContain('this one included');
    expect(fetch.calls.some((c) => c.path === '/api/v1/auth/logout-everywhere')).toBe(false);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Log out everywhere' }));
    expect(await screen.findByText('You were logged out on every device.')).toBeTruthy();
    expect(screen.getByLabelText('Password')).toBeTruthy();
    expect(fetch.calls.find((c) => c.path === '/api/v1/auth/logout-everywhere')?.method).toBe('POST');
    expect(ws.closedWith).toBe(1000);
  });

  it('speaks Portuguese and Russian', async () => {
    setLocale('pt-BR');
    await account();
    expect(await screen.findByRole('heading', { name: 'Sua conta' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Sair de todos os dispositivos' })).toBeTruthy();
    setLocale('ru');
    expect(await screen.findByRole('button', { name: 'Сменить пароль' })).toBeTruthy();
    expect(screen.getByLabelText('Текущий пароль')).toBeTruthy();
  });
});
