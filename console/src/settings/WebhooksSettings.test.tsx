import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/preact';
import type { WebhookDelivery, WebhookEndpoint } from '@atendo/shared';
import { AGENT, site, type FetchCall, type Route } from '../../test/fakes';
import { renderSignedIn } from '../../test/render';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const hook = (over: Partial<WebhookEndpoint> = {}): WebhookEndpoint => ({
  id: 'wh_1',
  url: 'https://crm.example/hooks/atendo',
  events: ['conversation.created', 'message.created'],
  siteId: null,
  state: 'active',
  disabledReason: null,
  failingSince: null,
  lastAttemptAt: null,
  lastStatus: null,
  lastError: null,
  previousSecretUntil: null,
  createdAt: Date.now() - 86_400_000,
  updatedAt: Date.now() - 86_400_000,
  ...over,
});
const delivery = (over: Partial<WebhookDelivery> & { id: string }): WebhookDelivery => ({
  type: 'conversation.created',
  state: 'delivered',
  attempts: 1,
  nextAttemptAt: null,
  createdAt: Date.now() - 60_000,
  deliveredAt: Date.now() - 59_000,
  payload: {},
  attemptLog: [],
  ...over,
});

/** The integrations screen signed in as an admin, with no API tokens and one site. */
function renderIntegrations(routes: Record<string, Route>) {
  return renderSignedIn(
    {
      'GET /api/v1/api-tokens': { body: { items: [] } },
      'GET /api/v1/sites': { body: { items: [site(), site({ siteId: 'site_2', name: 'Loja Sul' })] } },
      ...routes,
    },
    '#/settings/integrations',
  );
}

const card = (url: string) => screen.findByRole('listitem', { name: `Webhook endpoint ${url}` });
const sent = (calls: FetchCall[], method: string, path: string) => calls.filter((c) => c.method === method && c.path === path);

afterEach(() => vi.restoreAllMocks());

describe('Settings → Integrations → Webhooks', () => {
  it('creates an endpoint with the chosen events and site, and shows its secret once', async () => {
    let listed: WebhookEndpoint[] = [];
    const created = hook({ id: 'wh_2', url: 'https://tickets.example/in', events: ['conversation.created', 'conversation.rated'], siteId: 'site_2' });
    const { fetch } = await renderIntegrations({
      'GET /api/v1/webhooks': () => ({ body: { items: listed } }),
      'POST /api/v1/webhooks': () => {
        listed = [created];
        return { status: 201, body: { ...created, secret: SECRET } };
      },
    });
    expect(await screen.findByText('No webhook endpoints yet.')).toBeTruthy();
    const form = screen.getByRole('form', { name: 'Add endpoint' });
    const create = within(form).getByRole('button', { name: 'Create endpoint' }) as HTMLButtonElement;
    fireEvent.input(within(form).getByLabelText('URL'), { target: { value: ' https://tickets.example/in ' } });
    // No event chosen yet: nothing to create.
    expect(create.disabled).toBe(true);
    // Ticked out of order: sent in the list's order.
    fireEvent.click(within(form).getByRole('checkbox', { name: /conversation\.rated/ }));
    fireEvent.click(within(form).getByRole('checkbox', { name: /conversation\.created/ }));
    await waitFor(() =>
      expect(
        within(form)
          .getAllByRole('option')
          .map((o) => o.textContent),
      ).toEqual(['All sites', 'Demo shop', 'Loja Sul']),
    );
    fireEvent.change(within(form).getByLabelText('Site'), { target: { value: 'site_2' } });
    fireEvent.click(create);

    const shown = await screen.findByRole('textbox', { name: 'Signing secret of https://tickets.example/in' });
    expect((shown as HTMLTextAreaElement).value).toBe(SECRET);
    expect(sent(fetch.calls, 'POST', '/api/v1/webhooks')[0]?.body).toEqual({
      url: 'https://tickets.example/in',
      events: ['conversation.created', 'conversation.rated'],
      siteId: 'site_2',
    });
    expect(screen.getByText(/Standard Webhooks spec/)).toBeTruthy();
    const row = await card('https://tickets.example/in');
    expect(row.textContent).toContain('Loja Sul');
    expect(row.textContent).toContain('conversation.rated');
    expect(row.textContent).not.toContain(SECRET);

    fireEvent.click(screen.getByRole('button', { name: 'Done' }));
    expect(screen.queryByRole('textbox', { name: /Signing secret/ })).toBeNull();
  });

  it('shows the server’s refusal under the form', async () => {
    await renderIntegrations({
      'GET /api/v1/webhooks': { body: { items: [] } },
      'POST /api/v1/webhooks': { status: 400, body: { error: { code: 'bad_request', message: 'webhook URL resolves to a private address (10.0.0.5)' } } },
    });
    const form = await screen.findByRole('form', { name: 'Add endpoint' });
    fireEvent.input(within(form).getByLabelText('URL'), { target: { value: 'http://intranet.example/hook' } });
    fireEvent.click(within(form).getByRole('checkbox', { name: /visitor\.erased/ }));
    fireEvent.click(within(form).getByRole('button', { name: 'Create endpoint' }));
    expect((await within(form).findByRole('alert')).textContent).toBe('webhook URL resolves to a private address (10.0.0.5)');
    expect(screen.queryByRole('textbox', { name: /Signing secret/ })).toBeNull();
  });

  it('says how each endpoint fares: all sites or one, disabled and why, failing, the last delivery', async () => {
    const day = 86_400_000;
    await renderIntegrations({
      'GET /api/v1/webhooks': {
        body: {
          items: [
            hook({
              state: 'disabled',
              disabledReason: 'The receiver answered 410 Gone',
              lastAttemptAt: Date.now() - 3_600_000,
              lastStatus: 410,
              lastError: 'HTTP 410',
            }),
            hook({
              id: 'wh_2',
              url: 'https://b.example/h',
              siteId: 'site_1',
              failingSince: Date.now() - 3 * day,
              lastAttemptAt: Date.now() - 120_000,
              lastError: 'connect ECONNREFUSED',
            }),
            hook({ id: 'wh_3', url: 'https://c.example/h', lastAttemptAt: Date.now() - 120_000, lastStatus: 204 }),
          ],
        },
      },
    });
    const gone = await card('https://crm.example/hooks/atendo');
    expect(gone.textContent).toContain('Disabled: the receiver answered 410 Gone');
    expect(gone.textContent).toContain('All sites');
    expect(within(gone).getByRole('button', { name: 'Enable' })).toBeTruthy();
    // A disabled endpoint takes no test event (the server refuses it).
    expect((within(gone).getByRole('button', { name: 'Send test event' }) as HTMLButtonElement).disabled).toBe(true);
    const failing = await card('https://b.example/h');
    await waitFor(() => expect(failing.textContent).toContain('Demo shop'));
    expect(failing.textContent).toContain('failing for 3 days');
    expect(failing.textContent).toContain('connect ECONNREFUSED, 2 min. ago');
    expect((await card('https://c.example/h')).textContent).toContain('HTTP 204, 2 min. ago');

    // With endpoints listed, the tall form waits behind its button.
    expect(screen.queryByRole('form', { name: 'Add endpoint' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Add endpoint' }));
    const form = screen.getByRole('form', { name: 'Add endpoint' });
    fireEvent.click(within(form).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('form', { name: 'Add endpoint' })).toBeNull();
  });

  it('shows the delivery log with each attempt, resends a delivery and loads older ones', async () => {
    const retrying = delivery({
      id: 'msg_2',
      type: 'message.created',
      state: 'queued',
      attempts: 1,
      nextAttemptAt: Date.now() + 5 * 60_000,
      attemptLog: [{ at: Date.now() - 30_000, status: null, latencyMs: 15_000, error: 'timed out after 15 s', response: null }],
    });
    const done = delivery({
      id: 'msg_1',
      attempts: 2,
      attemptLog: [
        { at: Date.now() - 70_000, status: 500, latencyMs: 41, error: 'HTTP 500', response: '<b>oops</b> <img src=x onerror=alert(1)>' },
        { at: Date.now() - 65_000, status: 200, latencyMs: 12, error: null, response: 'ok' },
      ],
    });
    const old = delivery({ id: 'msg_0', type: 'conversation.rated', createdAt: Date.now() - 86_400_000, attemptLog: [] });
    const { fetch } = await renderIntegrations({
      'GET /api/v1/webhooks': { body: { items: [hook()] } },
      'GET /api/v1/webhooks/wh_1/deliveries': (call) => ({
        body: call.query.get('before') === 'msg_1' ? { items: [old], next: null } : { items: [retrying, done], next: 'msg_1' },
      }),
      'POST /api/v1/webhooks/wh_1/deliveries/msg_1/resend': { status: 202 },
    });
    const row = await card('https://crm.example/hooks/atendo');
    const toggle = within(row).getByRole('button', { name: 'Delivery log' });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(toggle);
    const log = await within(row).findByRole('region', { name: 'Deliveries to https://crm.example/hooks/atendo' });
    await waitFor(() => expect(within(log).getAllByRole('list', { name: 'Attempts' })).toHaveLength(2));

    const [first, second] = within(log).getAllByRole('list', { name: 'Attempts' });
    expect(first!.textContent).toContain('no answer');
    expect(first!.textContent).toContain('timed out after 15 s');
    expect(first!.textContent).toContain('15,000 ms');
    expect(log.textContent).toMatch(/retrying, next attempt at/);
    expect(log.textContent).toContain('msg_2');
    const attempts = within(second!).getAllByRole('listitem');
    expect(attempts.map((a) => a.querySelector('.pill')?.textContent)).toEqual(['HTTP 500', 'HTTP 200']);
    expect(attempts[0]!.textContent).toContain('41 ms');
    // The receiver's answer is text, never markup.
    const pre = attempts[0]!.querySelector('pre')!;
    expect(pre.textContent).toBe('<b>oops</b> <img src=x onerror=alert(1)>');
    expect(pre.querySelector('b, img')).toBeNull();

    const reads = () => sent(fetch.calls, 'GET', '/api/v1/webhooks/wh_1/deliveries').length;
    const before = reads();
    fireEvent.click(within(log).getByRole('button', { name: 'Resend msg_1' }));
    await waitFor(() => expect(sent(fetch.calls, 'POST', '/api/v1/webhooks/wh_1/deliveries/msg_1/resend')).toHaveLength(1));
    // Read again, to show the delivery queued anew.
    await waitFor(() => expect(reads()).toBe(before + 1));

    fireEvent.click(within(log).getByRole('button', { name: 'Load more' }));
    expect(await within(log).findByText('conversation.rated')).toBeTruthy();
    expect(within(log).queryByRole('button', { name: 'Load more' })).toBeNull();
  });

  it('sends a test event and shows it in the log', async () => {
    let items: WebhookDelivery[] = [];
    const { fetch } = await renderIntegrations({
      'GET /api/v1/webhooks': { body: { items: [hook()] } },
      'GET /api/v1/webhooks/wh_1/deliveries': () => ({ body: { items, next: null } }),
      'POST /api/v1/webhooks/wh_1/test': () => {
        items = [delivery({ id: 'msg_t', type: 'webhook.test', attemptLog: [{ at: Date.now(), status: 200, latencyMs: 3, error: null, response: 'thanks' }] })];
        return { status: 202, body: { deliveryId: 'msg_t' } };
      },
    });
    const row = await card('https://crm.example/hooks/atendo');
    fireEvent.click(within(row).getByRole('button', { name: 'Send test event' }));
    expect(await within(row).findByText('webhook.test')).toBeTruthy();
    expect(within(row).getByText('thanks')).toBeTruthy();
    expect(sent(fetch.calls, 'POST', '/api/v1/webhooks/wh_1/test')).toHaveLength(1);
    expect(within(row).getByRole('button', { name: 'Hide delivery log' }).getAttribute('aria-expanded')).toBe('true');
  });

  it('disables and enables an endpoint', async () => {
    let current = hook();
    const { fetch } = await renderIntegrations({
      'GET /api/v1/webhooks': () => ({ body: { items: [current] } }),
      'PATCH /api/v1/webhooks/wh_1': (call) => {
        const enabled = (call.body as { enabled: boolean }).enabled;
        current = hook(enabled ? {} : { state: 'disabled', disabledReason: 'Disabled by an admin' });
        return { body: current };
      },
    });
    const row = await card('https://crm.example/hooks/atendo');
    fireEvent.click(within(row).getByRole('button', { name: 'Disable' }));
    await waitFor(() => expect(row.textContent).toContain('Disabled: turned off by an admin'));
    fireEvent.click(within(row).getByRole('button', { name: 'Enable' }));
    await waitFor(() => expect(within(row).getByRole('button', { name: 'Disable' })).toBeTruthy());
    expect(sent(fetch.calls, 'PATCH', '/api/v1/webhooks/wh_1').map((c) => c.body)).toEqual([{ enabled: false }, { enabled: true }]);
  });

  it('edits the URL and events', async () => {
    const { fetch } = await renderIntegrations({
      'GET /api/v1/webhooks': { body: { items: [hook()] } },
      'PATCH /api/v1/webhooks/wh_1': { body: hook() },
    });
    const row = await card('https://crm.example/hooks/atendo');
    fireEvent.click(within(row).getByRole('button', { name: 'Edit' }));
    const form = within(row).getByRole('form', { name: 'Edit https://crm.example/hooks/atendo' });
    fireEvent.input(within(form).getByLabelText('URL'), { target: { value: 'https://crm.example/v2' } });
    fireEvent.click(within(form).getByRole('checkbox', { name: /message\.created/ }));
    // The site is fixed once created: no picker here.
    expect(within(form).queryByLabelText('Site')).toBeNull();
    fireEvent.click(within(form).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(within(row).queryByRole('form')).toBeNull());
    expect(sent(fetch.calls, 'PATCH', '/api/v1/webhooks/wh_1')[0]?.body).toEqual({ url: 'https://crm.example/v2', events: ['conversation.created'] });
  });

  it('deletes an endpoint after asking', async () => {
    let listed = [hook()];
    const { fetch } = await renderIntegrations({
      'GET /api/v1/webhooks': () => ({ body: { items: listed } }),
      'DELETE /api/v1/webhooks/wh_1': () => {
        listed = [];
        return { status: 204 };
      },
    });
    const confirm = vi.fn().mockReturnValueOnce(false).mockReturnValueOnce(true);
    vi.stubGlobal('confirm', confirm);
    const del = await screen.findByRole('button', { name: 'Delete https://crm.example/hooks/atendo' });
    fireEvent.click(del);
    expect(confirm).toHaveBeenCalledTimes(1);
    expect(sent(fetch.calls, 'DELETE', '/api/v1/webhooks/wh_1')).toHaveLength(0);
    fireEvent.click(del);
    expect(await screen.findByText('No webhook endpoints yet.')).toBeTruthy();
    expect(sent(fetch.calls, 'DELETE', '/api/v1/webhooks/wh_1')).toHaveLength(1);
  });

  it('shows the secret on request, and rotates it after asking', async () => {
    const until = Date.UTC(2026, 11, 6, 9, 30);
    const { fetch } = await renderIntegrations({
      'GET /api/v1/webhooks': { body: { items: [hook()] } },
      'GET /api/v1/webhooks/wh_1/secret': { body: { ...hook(), secret: SECRET } },
      'POST /api/v1/webhooks/wh_1/rotate-secret': { body: { ...hook({ previousSecretUntil: until }), secret: 'whsec_NEW' } },
    });
    const row = await card('https://crm.example/hooks/atendo');
    fireEvent.click(within(row).getByRole('button', { name: 'Show secret' }));
    const box = (await within(row).findByRole('textbox', { name: /Signing secret of/ })) as HTMLTextAreaElement;
    expect(box.value).toBe(SECRET);
    fireEvent.click(within(row).getByRole('button', { name: 'Hide secret' }));
    expect(within(row).queryByRole('textbox')).toBeNull();

    const confirm = vi.fn().mockReturnValueOnce(false).mockReturnValueOnce(true);
    vi.stubGlobal('confirm', confirm);
    fireEvent.click(within(row).getByRole('button', { name: 'Rotate secret' }));
    expect(String(confirm.mock.calls[0]?.[0])).toContain('24 hours');
    expect(sent(fetch.calls, 'POST', '/api/v1/webhooks/wh_1/rotate-secret')).toHaveLength(0);
    fireEvent.click(within(row).getByRole('button', { name: 'Rotate secret' }));
    const rotated = (await within(row).findByRole('textbox', { name: /Signing secret of/ })) as HTMLTextAreaElement;
    expect(rotated.value).toBe('whsec_NEW');
    expect(row.textContent).toContain('The old one keeps signing beside it until');
  });

  it('is not shown to agents, who read the admins-only line once', async () => {
    const { fetch } = await renderSignedIn({ 'GET /api/v1/auth/me': { body: { agent: { ...AGENT, role: 'agent' } } } }, '#/settings/integrations');
    expect(await screen.findAllByText('Only admins manage API tokens and webhooks.')).toHaveLength(1);
    expect(screen.queryByRole('heading', { name: 'Webhooks' })).toBeNull();
    expect(fetch.calls.some((c) => c.path.startsWith('/api/v1/webhooks'))).toBe(false);
  });
});
