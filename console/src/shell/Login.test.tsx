import { describe, expect, it } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/preact';
import { boot } from '../state/session';
import { AGENT, installFetch } from '../../test/fakes';
import { App } from './App';
import { setLocale } from '../i18n';

const notSignedIn = { status: 401, body: { error: { code: 'unauthorized', message: 'Sign in first' } } };

async function fillAndSubmit(email: string, password: string) {
  fireEvent.input(await screen.findByLabelText('E-mail'), { target: { value: email } });
  fireEvent.input(screen.getByLabelText('Password'), { target: { value: password } });
  fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
}

describe('Login', () => {
  it('says the credentials are wrong in the agent’s language', async () => {
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

    expect((await screen.findByRole('alert')).textContent).toBe('Wrong e-mail or password.');
    const login = calls.find((c) => c.path === '/api/v1/auth/login');
    expect(login).toMatchObject({ method: 'POST', body: { email: 'ana@example.com', password: 'nope' }, credentials: 'same-origin' });
    expect(login?.headers['Content-Type']).toBe('application/json');
    // Still on the form, button usable again.
    expect(screen.getByRole('button', { name: 'Sign in' }).hasAttribute('disabled')).toBe(false);
  });

  it('asks for both fields instead of sending an empty form', async () => {
    const { calls } = installFetch({ 'GET /api/v1/auth/me': notSignedIn });
    render(<App />);
    await boot();
    await fillAndSubmit('ana@example.com', '');

    expect((await screen.findByRole('alert')).textContent).toBe('Enter your e-mail and password.');
    expect(calls.some((c) => c.path === '/api/v1/auth/login')).toBe(false);
  });

  it('translates a refused sign-in into Russian', async () => {
    installFetch({
      'GET /api/v1/auth/me': notSignedIn,
      'POST /api/v1/auth/login': {
        status: 429,
        body: { error: { code: 'rate_limited', message: 'Too many failed logins; try again in 15 min' } },
      },
    });
    setLocale('ru');
    try {
      render(<App />);
      await boot();
      fireEvent.input(await screen.findByLabelText('Эл. почта'), { target: { value: 'ana@example.com' } });
      fireEvent.input(screen.getByLabelText('Пароль'), { target: { value: 'nope' } });
      fireEvent.click(screen.getByRole('button', { name: 'Войти' }));
      expect((await screen.findByRole('alert')).textContent).toBe('Слишком много неудачных попыток. Повторите через несколько минут.');
    } finally {
      setLocale('en');
    }
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
