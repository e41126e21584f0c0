import { describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor } from '@testing-library/preact';
import { renderSignedIn } from '../../test/render';
import { navigate, searchHref } from '../state/route';

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

  it('shows the query of the search being displayed, also after going to another search', async () => {
    await renderSignedIn({ 'GET /api/v1/search': { body: { items: [] } } });
    const box = (await screen.findByRole('searchbox', { name: 'Search conversations' })) as HTMLInputElement;
    expect(box.value).toBe('');
    navigate(searchHref('decaf'));
    await waitFor(() => expect(box.value).toBe('decaf'));
    navigate(searchHref('Lisbon'));
    await waitFor(() => expect(box.value).toBe('Lisbon'));
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
