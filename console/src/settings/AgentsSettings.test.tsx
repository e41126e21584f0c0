import { describe, expect, it } from 'vitest';
import { fireEvent, screen } from '@testing-library/preact';
import { renderSignedIn } from '../../test/render';

const team = {
  body: {
    items: [{ id: 'ag_1', email: 'ana@example.com', name: 'Ana Lima', role: 'admin', status: 'online', connected: true, load: 1, capacity: 5 }],
  },
};

describe('Settings → Agents capacity', () => {
  it('refuses a capacity outside 0–100 with a plain sentence and keeps the saved value', async () => {
    const { fetch } = await renderSignedIn({ 'GET /api/v1/agents': team }, '#/settings/agents');
    const input = (await screen.findByLabelText('Capacity of Ana Lima')) as HTMLInputElement;

    fireEvent.change(input, { target: { value: '-3' } });

    expect(await screen.findByText('Capacity is a whole number from 0 to 100.')).toBeTruthy();
    expect(input.value).toBe('5');
    expect(fetch.calls.some((c) => c.method === 'PATCH')).toBe(false);
  });

  it('saves a capacity in range', async () => {
    const { fetch } = await renderSignedIn(
      { 'GET /api/v1/agents': team, 'PATCH /api/v1/agents/ag_1': { body: { agent: { ...team.body.items[0], capacity: 8 } } } },
      '#/settings/agents',
    );
    const input = (await screen.findByLabelText('Capacity of Ana Lima')) as HTMLInputElement;

    fireEvent.change(input, { target: { value: '8' } });

    await screen.findByDisplayValue('8');
    expect(fetch.calls.find((c) => c.method === 'PATCH')).toMatchObject({ path: '/api/v1/agents/ag_1', body: { capacity: 8 } });
  });
});
