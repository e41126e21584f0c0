import { describe, expect, it } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/preact';
import { boot } from '../state/session';
import { AGENT, installFetch } from '../../test/fakes';
import { App } from './App';

const notSignedIn = { status: 401, body: { error: { code: 'unauthorized', message: 'Sign in first' } } };

async function fillAndSubmit(email: string, password: string) {
  fireEvent.input(await screen.findByLabelText('E-mail'), { target: { value: email } });
  fireEvent.input(screen.getByLabelText('Password'), { target: { value: password } });
  fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
}

describe('Login', () => {
  it("shows the server's message when the credentials are wrong", async () => {
    const { calls } = installFetch({
      'GET /api/v1/auth/me': notSignedIn,
      'POST /api/v1/auth/login': {
        status: 401,
        body: { error: { code: 'invalid_credentials', message: 'Wrong e-mail or password' } },
      },
    });
    render(<App />);
    await boot();
    await fillAndSubmit('ana@example.com', 'nope');

    expect((await screen.findByRole('alert')).textContent).toBe('Wrong e-mail or password');
    const login = calls.find((c) => c.path === '/api/v1/auth/login');
    expect(login).toMatchObject({ method: 'POST', body: { email: 'ana@example.com', password: 'nope' }, credentials: 'same-origin' });
    expect(login?.headers['Content-Type']).toBe('application/json');
    // Still on the form, button usable again.
    expect(screen.getByRole('button', { name: 'Sign in' }).hasAttribute('disabled')).toBe(false);
  });

  it('opens the inbox after a successful sign-in', async () => {
    installFetch({
      'GET /api/v1/auth/me': notSignedIn,
      'POST /api/v1/auth/login': { body: { agent: AGENT } },
      'GET /api/v1/conversations': { body: { items: [], nextCursor: null } },
    });
    render(<App />);
    await boot();
    await fillAndSubmit('ana@example.com', 'secret');

    expect(await screen.findByRole('banner')).toBeTruthy();
    expect(screen.getByText('Ana Lima')).toBeTruthy();
    expect(await screen.findByText('No open conversations. New chats will show up here.')).toBeTruthy();
  });

  it('goes straight to the app when the session cookie is still good', async () => {
    installFetch({
      'GET /api/v1/auth/me': { body: { agent: AGENT } },
      'GET /api/v1/conversations': { body: { items: [], nextCursor: null } },
    });
    render(<App />);
    await boot();
    expect(await screen.findByRole('button', { name: 'Log out' })).toBeTruthy();
    expect(screen.queryByLabelText('Password')).toBeNull();
  });
});
