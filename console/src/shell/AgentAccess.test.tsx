/** Taking an agent's access back, in the console: admins deactivate and reactivate agents; deactivated agents are shown as such and never offered for assignment. */
import { describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import type { AgentSummary } from '@atendo/shared';
import { AGENT, conversation, installFetch, message } from '../../test/fakes';
import { renderSignedIn } from '../../test/render';
import { setLocale } from '../i18n';
import { boot } from '../state/session';
import { App } from './App';

const ME: AgentSummary = { ...AGENT, status: 'online', connected: true, capacity: 5, load: 0, deactivatedAt: null };
const BOB: AgentSummary = {
  id: 'ag_2',
  email: 'bob@example.com',
  name: 'Bob Reis',
  role: 'agent',
  status: 'online',
  connected: true,
  capacity: 5,
  load: 2,
  deactivatedAt: null,
};
const EVA: AgentSummary = {
  id: 'ag_3',
  email: 'eva@example.com',
  name: 'Eva Melo',
  role: 'agent',
  status: 'away',
  connected: false,
  capacity: 5,
  load: 0,
  deactivatedAt: 1_700_000_000_000,
};
const team = { body: { items: [ME, BOB, EVA] } };

const rowOf = (name: string) => within(screen.getByRole('table')).getByText(name).closest('tr') as HTMLElement;

describe('Settings → Agents: access', () => {
  it('shows deactivated agents as such, and no button on one’s own row', async () => {
    await renderSignedIn({ 'GET /api/v1/agents': team }, '#/settings/agents');
    await screen.findByText('Eva Melo');
    expect(screen.getByRole('columnheader', { name: 'Access' })).toBeTruthy();
    expect(within(rowOf('Eva Melo')).getByText('Deactivated')).toBeTruthy();
    expect(rowOf('Eva Melo').className).toContain('agent-deactivated');
    expect(within(rowOf('Eva Melo')).getByRole('button', { name: 'Reactivate Eva Melo' })).toBeTruthy();
    expect(within(rowOf('Bob Reis')).getByRole('button', { name: 'Deactivate Bob Reis' })).toBeTruthy();
    expect(within(rowOf('Ana Lima')).queryByRole('button', { name: /activate/ })).toBeNull();
    expect(within(rowOf('Ana Lima')).getByText('You')).toBeTruthy();
  });

  it('deactivates only after a confirm that says what happens, then shows the row as deactivated', async () => {
    const { fetch } = await renderSignedIn(
      {
        'GET /api/v1/agents': team,
        'PUT /api/v1/agents/ag_2/active': { body: { agent: { ...BOB, status: 'away', connected: false, load: 0, deactivatedAt: Date.now() } } },
      },
      '#/settings/agents',
    );
    fireEvent.click(await screen.findByRole('button', { name: 'Deactivate Bob Reis' }));
    const dialog = screen.getByRole('alertdialog', { name: 'Deactivate Bob Reis' });
    expect(dialog.textContent).toContain('logged out everywhere at once');
    expect(dialog.textContent).toContain('Unassigned');
    expect(fetch.calls.some((c) => c.method === 'PUT')).toBe(false);

    // Cancel changes nothing.
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(fetch.calls.some((c) => c.method === 'PUT')).toBe(false);

    fireEvent.click(screen.getByRole('button', { name: 'Deactivate Bob Reis' }));
    fireEvent.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Deactivate' }));
    await waitFor(() => expect(within(rowOf('Bob Reis')).getByText('Deactivated')).toBeTruthy());
    expect(fetch.calls.find((c) => c.method === 'PUT')).toMatchObject({ path: '/api/v1/agents/ag_2/active', body: { active: false } });
    expect(within(rowOf('Bob Reis')).getByRole('button', { name: 'Reactivate Bob Reis' })).toBeTruthy();
  });

  it('reactivates after a confirm', async () => {
    const { fetch } = await renderSignedIn(
      { 'GET /api/v1/agents': team, 'PUT /api/v1/agents/ag_3/active': { body: { agent: { ...EVA, deactivatedAt: null } } } },
      '#/settings/agents',
    );
    fireEvent.click(await screen.findByRole('button', { name: 'Reactivate Eva Melo' }));
    expect(screen.getByRole('alertdialog').textContent).toContain('can sign in again');
    fireEvent.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Reactivate' }));
    await waitFor(() => expect(within(rowOf('Eva Melo')).queryByText('Deactivated')).toBeNull());
    expect(fetch.calls.find((c) => c.method === 'PUT')).toMatchObject({ path: '/api/v1/agents/ag_3/active', body: { active: true } });
  });

  it('says why the server refused', async () => {
    await renderSignedIn(
      {
        'GET /api/v1/agents': team,
        'PUT /api/v1/agents/ag_2/active': { status: 409, body: { error: { code: 'conflict', message: 'The last active admin cannot be deactivated' } } },
      },
      '#/settings/agents',
    );
    fireEvent.click(await screen.findByRole('button', { name: 'Deactivate Bob Reis' }));
    fireEvent.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Deactivate' }));
    expect(await screen.findByText('The last active admin cannot be deactivated')).toBeTruthy();
    expect(within(rowOf('Bob Reis')).queryByText('Deactivated')).toBeNull();
  });

  it('shows agents their team’s access without buttons', async () => {
    await renderSignedIn({ 'GET /api/v1/auth/me': { body: { agent: { ...AGENT, role: 'agent' } } }, 'GET /api/v1/agents': team }, '#/settings/agents');
    await screen.findByText('Eva Melo');
    expect(screen.queryByRole('button', { name: /activate/i })).toBeNull();
    expect(within(rowOf('Bob Reis')).getByText('Active')).toBeTruthy();
  });

  it('speaks Portuguese and Russian too', async () => {
    setLocale('pt-BR');
    await renderSignedIn({ 'GET /api/v1/agents': team }, '#/settings/agents');
    expect(await screen.findByRole('button', { name: 'Desativar Bob Reis' })).toBeTruthy();
    expect(within(rowOf('Eva Melo')).getByText('Desativado')).toBeTruthy();
    setLocale('ru');
    expect(await screen.findByRole('button', { name: 'Отключить: Bob Reis' })).toBeTruthy();
  });
});

describe('assignment', () => {
  it('never offers a deactivated agent', async () => {
    const c = conversation({ id: 'c1', visitorName: 'Maria' });
    await renderSignedIn(
      {
        'GET /api/v1/conversations': { body: { items: [c], nextCursor: null } },
        'GET /api/v1/agents': team,
        'GET /api/v1/conversations/c1': { body: { conversation: c } },
        'GET /api/v1/conversations/c1/messages': { body: { items: [message({ conversationId: 'c1', seq: 1 })] } },
        'GET /api/v1/conversations/c1/notes': { body: { items: [] } },
        'POST /api/v1/conversations/c1/read': { body: { conversation: c } },
      },
      '#/conversations/c1',
    );
    const select = (await screen.findByRole('combobox', { name: 'Assigned to' })) as HTMLSelectElement;
    await waitFor(() => expect([...select.options].map((o) => o.textContent)).toContain('Bob Reis · Online'));
    expect([...select.options].some((o) => o.textContent?.includes('Eva Melo'))).toBe(false);
  });
});

describe('signing in to a deactivated account', () => {
  it('says the account is deactivated, in the agent’s language', async () => {
    installFetch({
      'GET /api/v1/auth/me': { status: 401, body: { error: { code: 'unauthorized', message: 'Log in to continue' } } },
      'POST /api/v1/auth/login': { status: 403, body: { error: { code: 'account_deactivated', message: 'This account has been deactivated.' } } },
    });
    setLocale('pt-BR');
    render(<App />);
    await boot();
    fireEvent.input(await screen.findByLabelText('E-mail'), { target: { value: 'eva@example.com' } });
    fireEvent.input(screen.getByLabelText('Senha'), { target: { value: 'her password' } });
    fireEvent.click(screen.getByRole('button', { name: 'Entrar' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Esta conta foi desativada. Peça a um administrador da sua equipe para reativá-la.');
  });
});
