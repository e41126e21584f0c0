import { describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { DEFAULT_WIDGET_SETTINGS, type WidgetSettings } from '@atendo/shared';
import { AGENT, site } from '../../test/fakes';
import { renderSignedIn } from '../../test/render';

describe('Settings → Proactive messages', () => {
  it('adds, disables and deletes a trigger, saving the whole settings object each time', async () => {
    const settings: WidgetSettings = { ...DEFAULT_WIDGET_SETTINGS, csat: false, nps: true };
    const demo = site({ siteId: 'site_1', settings });
    const { fetch } = await renderSignedIn(
      {
        'GET /api/v1/sites': { body: { items: [demo] } },
        'PUT /api/v1/sites/site_1/widget-settings': (call) => ({ body: { site: { ...demo, settings: call.body as WidgetSettings } } }),
      },
      '#/settings/proactive',
    );
    expect(await screen.findByText('No proactive messages yet.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Add message' }));
    const form = within(await screen.findByRole('form', { name: 'Add message' }));
    // The form opens below the list; the focus goes to its first field.
    await waitFor(() => expect(document.activeElement).toBe(form.getByLabelText(/^Name/)));
    fireEvent.input(form.getByRole('textbox', { name: /^Name/ }), { target: { value: 'Pricing help' } });
    fireEvent.input(form.getByRole('textbox', { name: /Message to the visitor/ }), { target: { value: 'Questions about plans?' } });
    fireEvent.input(form.getByRole('spinbutton', { name: /Seconds on the page/ }), { target: { value: '5' } });
    fireEvent.input(form.getByRole('textbox', { name: /Page address/ }), { target: { value: '*pricing*' } });
    fireEvent.click(form.getByRole('button', { name: 'Add message' }));

    const list = within(await screen.findByRole('list', { name: /Proactive messages of/ }));
    expect(list.getByText('Pricing help')).toBeTruthy();
    expect(list.getByText('after 5 sec · on *pricing*')).toBeTruthy();
    const puts = () => fetch.calls.filter((c) => c.method === 'PUT').map((c) => c.body as WidgetSettings);
    // The other sections' settings travel along unchanged.
    expect(puts()[0]).toMatchObject({
      csat: false,
      nps: true,
      triggers: [{ name: 'Pricing help', message: 'Questions about plans?', enabled: true, timeOnPageSec: 5, urlPattern: '*pricing*' }],
    });
    expect(puts()[0]!.triggers[0]!.id).toMatch(/^[A-Za-z0-9_-]{1,32}$/);

    fireEvent.click(list.getByRole('checkbox', { name: 'Enabled: Pricing help' }));
    expect(await list.findByText('after 5 sec · on *pricing* · off')).toBeTruthy();
    expect(puts()[1]!.triggers[0]!.enabled).toBe(false);

    fireEvent.click(list.getByRole('button', { name: 'Delete Pricing help' }));
    expect(await screen.findByText('No proactive messages yet.')).toBeTruthy();
    expect(puts()[2]!.triggers).toEqual([]);
  });

  it('lets agents read the list but not change it', async () => {
    const demo = site({ settings: { ...DEFAULT_WIDGET_SETTINGS, triggers: [{ id: 't1', name: 'Welcome', enabled: true, message: 'Hi!' }] } });
    await renderSignedIn(
      { 'GET /api/v1/auth/me': { body: { agent: { ...AGENT, role: 'agent' } } }, 'GET /api/v1/sites': { body: { items: [demo] } } },
      '#/settings/proactive',
    );
    expect(await screen.findByText('Welcome')).toBeTruthy();
    expect((screen.getByRole('checkbox', { name: 'Enabled: Welcome' }) as HTMLInputElement).disabled).toBe(true);
    expect(screen.queryByRole('button', { name: 'Add message' })).toBeNull();
    expect(screen.getByText('Only admins can change these settings.')).toBeTruthy();
  });
});
