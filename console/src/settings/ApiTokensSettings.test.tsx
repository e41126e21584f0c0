import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/preact';
import type { ApiToken } from '@atendo/shared';
import { AGENT } from '../../test/fakes';
import { renderSignedIn } from '../../test/render';

const crm: ApiToken = {
  id: 'tok_1',
  name: 'CRM sync',
  scopes: ['conversations:read', 'visitors:read'],
  prefix: 'atd_Ab12Cd',
  createdAt: Date.now() - 3 * 86_400_000,
  createdBy: { id: AGENT.id, name: 'Ana' },
  lastUsedAt: null,
};
const SECRET = 'atd_Zz9Yy8Xx7Ww6Vv5Uu4Tt3Ss2Rr1Qq0Pp9Oo8Nn7Mm6L';

afterEach(() => vi.restoreAllMocks());

const rows = () =>
  within(screen.getByRole('table', { name: 'API tokens' }))
    .getAllByRole('row')
    .slice(1)
    .map((r) => r.textContent);

describe('Settings → Integrations → API tokens', () => {
  it('creates a token with the chosen scopes and shows it once', async () => {
    const created = {
      ...crm,
      id: 'tok_2',
      name: 'Tickets',
      scopes: ['conversations:write'],
      prefix: SECRET.slice(0, 10),
      createdAt: Date.now(),
      token: SECRET,
    };
    let listed: ApiToken[] = [crm];
    const { fetch } = await renderSignedIn(
      {
        'GET /api/v1/api-tokens': () => ({ body: { items: listed } }),
        'POST /api/v1/api-tokens': () => {
          const { token: _shown, ...rest } = created;
          listed = [rest as ApiToken, crm];
          return { status: 201, body: created };
        },
      },
      '#/settings/integrations',
    );
    await waitFor(() => expect(rows()).toHaveLength(1));
    expect(rows()[0]).toContain('CRM sync');
    expect(rows()[0]).toContain('atd_Ab12Cd…');
    expect(rows()[0]).toContain('never');

    const create = screen.getByRole('button', { name: 'Create token' }) as HTMLButtonElement;
    fireEvent.input(screen.getByLabelText('Name'), { target: { value: ' Tickets ' } });
    // No scope chosen yet: nothing to create.
    expect(create.disabled).toBe(true);
    fireEvent.click(screen.getByRole('checkbox', { name: /conversations:write/ }));
    expect(create.disabled).toBe(false);
    fireEvent.click(create);

    const shown = await screen.findByRole('textbox', { name: 'API token Tickets' });
    expect((shown as HTMLTextAreaElement).value).toBe(SECRET);
    expect(fetch.calls.find((c) => c.method === 'POST')?.body).toEqual({ name: 'Tickets', scopes: ['conversations:write'] });
    await waitFor(() => expect(rows()).toHaveLength(2));
    // The list never carries the token itself.
    expect(rows().join(' ')).not.toContain(SECRET);

    fireEvent.click(screen.getByRole('button', { name: 'I have saved it' }));
    expect(screen.queryByRole('textbox', { name: 'API token Tickets' })).toBeNull();
  });

  it('revokes a token after asking', async () => {
    let listed: ApiToken[] = [crm];
    const { fetch } = await renderSignedIn(
      {
        'GET /api/v1/api-tokens': () => ({ body: { items: listed } }),
        'DELETE /api/v1/api-tokens/tok_1': () => {
          listed = [];
          return { status: 204 };
        },
      },
      '#/settings/integrations',
    );
    const confirm = vi.fn().mockReturnValueOnce(false).mockReturnValueOnce(true);
    vi.stubGlobal('confirm', confirm);
    fireEvent.click(await screen.findByRole('button', { name: 'Revoke CRM sync' }));
    expect(confirm).toHaveBeenCalledTimes(1);
    expect(fetch.calls.some((c) => c.method === 'DELETE')).toBe(false);
    fireEvent.click(screen.getByRole('button', { name: 'Revoke CRM sync' }));
    expect(await screen.findByText('No API tokens yet.')).toBeTruthy();
    expect(fetch.calls.filter((c) => c.method === 'DELETE')).toHaveLength(1);
  });

  it('shows the server error when creation is refused', async () => {
    await renderSignedIn(
      {
        'GET /api/v1/api-tokens': { body: { items: [] } },
        'POST /api/v1/api-tokens': { status: 400, body: { error: { code: 'bad_request', message: 'name: Invalid length' } } },
      },
      '#/settings/integrations',
    );
    fireEvent.input(await screen.findByLabelText('Name'), { target: { value: 'x' } });
    fireEvent.click(screen.getByRole('checkbox', { name: /reports:read/ }));
    fireEvent.click(screen.getByRole('button', { name: 'Create token' }));
    expect((await screen.findByRole('alert')).textContent).toContain('name: Invalid length');
  });

  it('is for admins only', async () => {
    const { fetch } = await renderSignedIn({ 'GET /api/v1/auth/me': { body: { agent: { ...AGENT, role: 'agent' } } } }, '#/settings/integrations');
    expect(await screen.findByText('Only admins manage API tokens and webhooks.')).toBeTruthy();
    expect(fetch.calls.some((c) => c.path.startsWith('/api/v1/api-tokens'))).toBe(false);
  });
});
