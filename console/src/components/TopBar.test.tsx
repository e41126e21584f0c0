import { describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor } from '@testing-library/preact';
import { renderSignedIn } from '../../test/render';

describe('Top bar', () => {
  it('shows the product and the agent, and switches language', async () => {
    await renderSignedIn();
    const banner = await screen.findByRole('banner');
    expect(banner.textContent).toContain('Atendo');
    expect(banner.textContent).toContain('Ana Lima');
    expect(screen.getByRole('navigation', { name: 'Main' })).toBeTruthy();

    fireEvent.change(screen.getByRole('combobox', { name: 'Language' }), { target: { value: 'ru' } });
    expect(await screen.findByRole('button', { name: 'Выйти' })).toBeTruthy();
    expect(screen.getByRole('tab', { name: 'Открытые' })).toBeTruthy();
    expect(localStorage.getItem('atendo:console:locale')).toBe('ru');

    fireEvent.change(screen.getByRole('combobox', { name: 'Язык' }), { target: { value: 'pt-BR' } });
    expect(await screen.findByRole('button', { name: 'Sair' })).toBeTruthy();
  });

  it('logs out: tells the server, closes the socket and shows the login form', async () => {
    const { ws, fetch } = await renderSignedIn({ 'POST /api/v1/auth/logout': { status: 204 } });
    fireEvent.click(await screen.findByRole('button', { name: 'Log out' }));
    expect(await screen.findByLabelText('Password')).toBeTruthy();
    expect(fetch.calls.some((c) => c.method === 'POST' && c.path === '/api/v1/auth/logout')).toBe(true);
    expect(ws.closedWith).toBe(1000);
  });

  it('returns to the login form with a notice when the session ends', async () => {
    const { ws } = await renderSignedIn();
    await screen.findByRole('button', { name: 'Log out' });
    ws.serverClose(4401);
    await waitFor(() => expect(screen.getByText('Your session has ended. Please sign in again.')).toBeTruthy());
    expect(screen.getByLabelText('Password')).toBeTruthy();
  });
});
