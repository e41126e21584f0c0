/** The agent's own notification e-mails in Settings → Your account. */
import { describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { AGENT } from '../../test/fakes';
import { renderSignedIn } from '../../test/render';

const PATH = 'GET /api/v1/agents/me/notifications';
const ALL_ON = { unattended: true, assigned: true, visitorMessage: true };

async function form() {
  const legend = await screen.findByText('E-mail notifications');
  return within(legend.closest('form')!);
}

describe('Your account → E-mail notifications', () => {
  it('shows the three choices with their hints and saves a change', async () => {
    const { fetch } = await renderSignedIn(
      {
        [PATH]: { body: { settings: ALL_ON, emailOn: true } },
        'PUT /api/v1/agents/me/notifications': (call) => ({ body: { settings: call.body, emailOn: true } }),
      },
      '#/settings/account',
    );
    const f = await form();
    const assigned = (await f.findByRole('checkbox', { name: 'A conversation assigned to me' })) as HTMLInputElement;
    await waitFor(() => expect(assigned.checked).toBe(true));
    expect(assigned.getAttribute('aria-describedby')).toBe('notify-assigned-hint');
    expect(f.getByText(/not when you take one yourself/)).toBeTruthy();
    fireEvent.click(assigned);
    fireEvent.click(f.getByRole('button', { name: 'Save' }));
    expect(await f.findByText('Saved')).toBeTruthy();
    expect(fetch.calls.find((c) => c.method === 'PUT' && c.path === '/api/v1/agents/me/notifications')?.body).toEqual({ ...ALL_ON, assigned: false });
  });

  it('is there for an agent who is not an admin', async () => {
    await renderSignedIn(
      { 'GET /api/v1/auth/me': { body: { agent: { ...AGENT, role: 'agent' } } }, [PATH]: { body: { settings: ALL_ON, emailOn: true } } },
      '#/settings/account',
    );
    const f = await form();
    expect(await f.findByRole('checkbox', { name: /A new conversation while no agent is online/ })).toBeTruthy();
  });

  it('says e-mail is off and disables the choices', async () => {
    await renderSignedIn({ [PATH]: { body: { settings: { ...ALL_ON, unattended: false }, emailOn: false } } }, '#/settings/account');
    const f = await form();
    expect(await f.findByText(/E-mail is off on this server/)).toBeTruthy();
    const box = f.getByRole('checkbox', { name: /A new conversation while no agent is online/ }) as HTMLInputElement;
    expect(box.checked).toBe(false);
    // Disabled through its fieldset.
    expect(box.closest('fieldset')!.disabled).toBe(true);
    expect(f.queryByRole('button', { name: 'Save' })).toBeNull();
  });
});
