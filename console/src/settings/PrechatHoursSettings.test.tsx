import { describe, expect, it } from 'vitest';
import { fireEvent, screen, within } from '@testing-library/preact';
import { DEFAULT_WIDGET_SETTINGS, type WidgetSettings } from '@atendo/shared';
import { AGENT, site } from '../../test/fakes';
import { renderSignedIn } from '../../test/render';
import { setLocale } from '../i18n';

const trigger = { id: 't1', name: 'Welcome', enabled: true, message: 'Hi!' };

async function open(settings: WidgetSettings, reply?: (body: WidgetSettings) => { status?: number; body?: unknown }) {
  const demo = site({ siteId: 'site_1', settings });
  const rendered = await renderSignedIn(
    {
      'GET /api/v1/sites': { body: { items: [demo] } },
      'PUT /api/v1/sites/site_1/widget-settings': (call) =>
        reply?.(call.body as WidgetSettings) ?? { body: { site: { ...demo, settings: call.body as WidgetSettings } } },
    },
    '#/settings/prechat',
  );
  const form = within(await screen.findByRole('form', { name: 'Pre-chat & hours' }));
  const puts = () => rendered.fetch.calls.filter((c) => c.method === 'PUT').map((c) => c.body as WidgetSettings);
  return { form, puts };
}

describe('Settings → Pre-chat & hours', () => {
  it('saves the pre-chat fields, business hours and avatar, keeping the other sections’ settings', async () => {
    const { form, puts } = await open({ ...DEFAULT_WIDGET_SETTINGS, csat: false, triggers: [trigger] });
    fireEvent.click(form.getByRole('checkbox', { name: /Ask visitors a few questions/ }));
    fireEvent.change(form.getByRole('combobox', { name: 'Name' }), { target: { value: 'required' } });
    fireEvent.change(form.getByRole('combobox', { name: /Question/ }), { target: { value: 'optional' } });

    fireEvent.click(form.getByRole('checkbox', { name: /Use business hours/ }));
    const zone = form.getByRole('combobox', { name: 'Time zone' }) as HTMLSelectElement;
    // The browser's zones are offered.
    expect([...zone.options].some((o) => o.value === 'America/Sao_Paulo')).toBe(true);
    fireEvent.change(zone, { target: { value: 'America/Sao_Paulo' } });
    const hours = within(form.getByRole('table', { name: 'Opening hours per weekday' }));
    expect(hours.getAllByRole('row')).toHaveLength(8);
    fireEvent.click(hours.getByRole('checkbox', { name: 'Saturday closed' }));
    fireEvent.input(hours.getByLabelText('Saturday opens'), { target: { value: '10:00' } });
    fireEvent.input(hours.getByLabelText('Saturday closes'), { target: { value: '14:00' } });
    fireEvent.input(hours.getByLabelText('Monday closes'), { target: { value: '17:00' } });
    fireEvent.click(hours.getByRole('checkbox', { name: 'Friday closed' }));

    fireEvent.input(form.getByRole('textbox', { name: 'Avatar image URL' }), { target: { value: ' https://cdn.example/team.png ' } });
    fireEvent.click(form.getByRole('button', { name: 'Save' }));
    expect(await form.findByText('Saved')).toBeTruthy();

    expect(puts()).toHaveLength(1);
    expect(puts()[0]).toEqual({
      ...DEFAULT_WIDGET_SETTINGS,
      csat: false,
      triggers: [trigger],
      avatarUrl: 'https://cdn.example/team.png',
      prechat: { enabled: true, name: 'required', email: 'optional', question: 'optional' },
      hours: {
        enabled: true,
        timezone: 'America/Sao_Paulo',
        openings: [
          { day: 1, open: '09:00', close: '17:00' },
          { day: 2, open: '09:00', close: '18:00' },
          { day: 3, open: '09:00', close: '18:00' },
          { day: 4, open: '09:00', close: '18:00' },
          { day: 6, open: '10:00', close: '14:00' },
        ],
      },
    });
  });

  it('says what is wrong and saves nothing until it is fixed', async () => {
    const { form, puts } = await open(DEFAULT_WIDGET_SETTINGS);
    const hours = within(form.getByRole('table', { name: 'Opening hours per weekday' }));
    fireEvent.input(hours.getByLabelText('Tuesday closes'), { target: { value: '08:00' } });
    fireEvent.input(form.getByRole('textbox', { name: 'Avatar image URL' }), { target: { value: 'http://tracker.example/a.png' } });
    fireEvent.click(form.getByRole('checkbox', { name: /Ask visitors a few questions/ }));
    for (const f of ['Name', 'E-mail']) fireEvent.change(form.getByRole('combobox', { name: f }), { target: { value: 'off' } });
    fireEvent.click(form.getByRole('button', { name: 'Save' }));

    expect(form.getByText('Tuesday: the closing time must be after the opening time.')).toBeTruthy();
    expect(hours.getByLabelText('Tuesday closes').getAttribute('aria-invalid')).toBe('true');
    expect(form.getByText('Use an https:// address.')).toBeTruthy();
    expect(form.getByText('Ask for at least one field, or turn the form off.')).toBeTruthy();
    expect(form.getByText('Fix the highlighted fields first.')).toBeTruthy();
    expect(puts()).toHaveLength(0);
  });

  it('shows the server’s refusal', async () => {
    const { form } = await open(DEFAULT_WIDGET_SETTINGS, () => ({
      status: 400,
      body: { error: { code: 'bad_request', message: 'hours.timezone: Unknown time zone' } },
    }));
    fireEvent.click(form.getByRole('button', { name: 'Save' }));
    expect(await form.findByText('hours.timezone: Unknown time zone')).toBeTruthy();
  });

  it('is read-only for agents', async () => {
    await renderSignedIn(
      {
        'GET /api/v1/auth/me': { body: { agent: { ...AGENT, role: 'agent' } } },
        'GET /api/v1/sites': { body: { items: [site({ settings: DEFAULT_WIDGET_SETTINGS })] } },
      },
      '#/settings/prechat',
    );
    const form = within(await screen.findByRole('form', { name: 'Pre-chat & hours' }));
    // Inside a disabled fieldset: the browser lets nobody change them.
    expect(form.getByRole('checkbox', { name: /Ask visitors a few questions/ }).closest('fieldset')?.disabled).toBe(true);
    expect(form.getByRole('textbox', { name: 'Avatar image URL' }).closest('fieldset')?.disabled).toBe(true);
    expect(form.queryByRole('button', { name: 'Save' })).toBeNull();
    expect(form.getByText('Only admins can change these settings.')).toBeTruthy();
  });

  it('is translated', async () => {
    setLocale('ru');
    try {
      await renderSignedIn({ 'GET /api/v1/sites': { body: { items: [site({ settings: DEFAULT_WIDGET_SETTINGS })] } } }, '#/settings/prechat');
      expect(await screen.findByRole('form', { name: 'Анкета и часы работы' })).toBeTruthy();
      expect(screen.getByRole('table', { name: 'Часы работы по дням недели' })).toBeTruthy();
    } finally {
      setLocale('en');
    }
  });
});
