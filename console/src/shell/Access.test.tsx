import { afterEach, describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { boot } from '../state/session';
import { navigate } from '../state/route';
import { AGENT, installFetch } from '../../test/fakes';
import { App } from './App';

const notSignedIn = { status: 401, body: { error: { code: 'unauthorized', message: 'Sign in first' } } };
const TOKEN = 'a'.repeat(43);

afterEach(() => navigate('#/'));

async function signInWithPassword() {
  fireEvent.input(await screen.findByLabelText('E-mail'), { target: { value: 'ana@example.com' } });
  fireEvent.input(screen.getByLabelText('Password'), { target: { value: 'secret-password' } });
  fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
}

describe('two-factor sign-in', () => {
  it('asks for the code after the password, says a wrong one, and opens the inbox with a right one', async () => {
    const { calls } = installFetch({
      'GET /api/v1/auth/me': notSignedIn,
      'POST /api/v1/auth/login': { body: { twoFactor: { ticket: TOKEN } } },
      'POST /api/v1/auth/login/two-factor': (call) =>
        (call.body as { code: string }).code === '123456'
          ? { body: { agent: AGENT } }
          : { status: 401, body: { error: { code: 'invalid_code', message: 'That code is not right' } } },
      'GET /api/v1/conversations': { body: { items: [], nextCursor: null } },
    });
    render(<App />);
    await boot();
    await signInWithPassword();

    fireEvent.input(await screen.findByLabelText('Code'), { target: { value: '000000' } });
    fireEvent.click(screen.getByRole('button', { name: 'Verify' }));
    expect((await screen.findByRole('alert')).textContent).toBe('That code is not right, or it was used already.');

    fireEvent.input(screen.getByLabelText('Code'), { target: { value: '123456' } });
    fireEvent.click(screen.getByRole('button', { name: 'Verify' }));
    expect(await screen.findByRole('banner')).toBeTruthy();
    expect(calls.filter((c) => c.path === '/api/v1/auth/login/two-factor').map((c) => c.body)).toEqual([
      { ticket: TOKEN, code: '000000' },
      { ticket: TOKEN, code: '123456' },
    ]);
  });

  it('takes a recovery code instead, and goes back to the password when the sign-in expired', async () => {
    installFetch({
      'GET /api/v1/auth/me': notSignedIn,
      'POST /api/v1/auth/login': { body: { twoFactor: { ticket: TOKEN } } },
      'POST /api/v1/auth/login/two-factor': { status: 410, body: { error: { code: 'link_expired', message: 'expired' } } },
    });
    render(<App />);
    await boot();
    await signInWithPassword();
    fireEvent.click(await screen.findByRole('button', { name: 'Use a recovery code instead' }));
    fireEvent.input(screen.getByLabelText('Recovery code'), { target: { value: 'abcde-fghjk' } });
    fireEvent.click(screen.getByRole('button', { name: 'Verify' }));
    expect(await screen.findByText('This sign-in took too long. Enter your e-mail and password again.')).toBeTruthy();
    expect(screen.getByLabelText('Password')).toBeTruthy();
  });

  it('shows only the setup when the team requires it, then the console', async () => {
    let enabled = false;
    installFetch({
      'GET /api/v1/auth/me': () => ({ body: { agent: AGENT, ...(enabled ? {} : { twoFactorSetupRequired: true }) } }),
      'GET /api/v1/auth/two-factor': () => ({ body: { enabled, recoveryCodesLeft: enabled ? 10 : 0, required: true } }),
      'POST /api/v1/auth/two-factor/setup': {
        body: { setupToken: TOKEN, secret: 'JBSWY3DPEHPK3PXPJBSWY3DP', uri: 'otpauth://totp/x', qrSvg: '<svg xmlns="http://www.w3.org/2000/svg"></svg>' },
      },
      'POST /api/v1/auth/two-factor/enable': () => {
        enabled = true;
        return { body: { recoveryCodes: Array.from({ length: 10 }, (_, i) => `aaaa${i}-bbbbb`) } };
      },
      'GET /api/v1/conversations': { body: { items: [], nextCursor: null } },
    });
    render(<App />);
    await boot();
    expect(await screen.findByText('Your team requires a second step when signing in. Set it up to continue to the console.')).toBeTruthy();
    expect(screen.queryByRole('banner')).toBeNull();

    fireEvent.click(await screen.findByRole('button', { name: 'Set up two-factor sign-in' }));
    const qr = await screen.findByAltText('QR code for your authenticator app');
    expect(qr.getAttribute('src')).toMatch(/^data:image\/svg\+xml;charset=utf-8,%3Csvg/);
    expect(screen.getByTestId('two-factor-secret').textContent).toBe('JBSW Y3DP EHPK 3PXP JBSW Y3DP');
    fireEvent.input(screen.getByLabelText('Code'), { target: { value: '123456' } });
    fireEvent.click(screen.getByRole('button', { name: 'Turn on' }));
    const codes = await screen.findByTestId('recovery-codes');
    expect(codes.querySelectorAll('li')).toHaveLength(10);
    fireEvent.click(screen.getByRole('button', { name: 'I have saved them' }));
    expect(await screen.findByRole('banner')).toBeTruthy();
  });
});

describe('forgot password and password links', () => {
  it('sends the address and the console language, and says the same whatever the answer', async () => {
    const { calls } = installFetch({ 'GET /api/v1/auth/me': notSignedIn, 'POST /api/v1/auth/forgot': { status: 202 } });
    render(<App />);
    await boot();
    fireEvent.input(await screen.findByLabelText('E-mail'), { target: { value: 'ana@example.com' } });
    fireEvent.click(screen.getByRole('button', { name: 'Forgot password?' }));
    expect((screen.getByLabelText('E-mail') as HTMLInputElement).value).toBe('ana@example.com');
    fireEvent.click(screen.getByRole('button', { name: 'Send link' }));
    expect((await screen.findByRole('status')).textContent).toContain('If an account uses ana@example.com');
    expect(calls.find((c) => c.path === '/api/v1/auth/forgot')?.body).toEqual({ email: 'ana@example.com', locale: 'en' });
  });

  it('a link sets the password and leads to the login page', async () => {
    const { calls } = installFetch({
      'GET /api/v1/auth/me': notSignedIn,
      [`GET /api/v1/auth/links/${TOKEN}`]: { body: { kind: 'invite', email: 'ines@example.com', name: 'Inês', twoFactor: false } },
      [`POST /api/v1/auth/links/${TOKEN}`]: { status: 204 },
    });
    navigate(`#/password/${TOKEN}`);
    render(<App />);
    await boot();
    expect(await screen.findByText('Welcome, Inês')).toBeTruthy();
    fireEvent.input(screen.getByLabelText('New password'), { target: { value: 'a-long-password' } });
    fireEvent.input(screen.getByLabelText('Repeat the new password'), { target: { value: 'a-different-one' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save password' }));
    expect((await screen.findByRole('alert')).textContent).toBe('The two new passwords are not the same.');
    fireEvent.input(screen.getByLabelText('Repeat the new password'), { target: { value: 'a-long-password' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save password' }));
    expect(await screen.findByText('Your password is saved. Sign in with it now.')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeTruthy();
    expect(calls.find((c) => c.method === 'POST' && c.path.startsWith('/api/v1/auth/links/'))?.body).toEqual({ password: 'a-long-password' });
  });

  it('an used or expired link says so', async () => {
    installFetch({
      'GET /api/v1/auth/me': notSignedIn,
      [`GET /api/v1/auth/links/${TOKEN}`]: { status: 410, body: { error: { code: 'link_expired', message: 'gone' } } },
    });
    navigate(`#/password/${TOKEN}`);
    render(<App />);
    await boot();
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('This link was already used or has expired.'));
  });
});
