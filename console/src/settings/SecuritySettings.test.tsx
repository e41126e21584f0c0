import { describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor } from '@testing-library/preact';
import { AGENT, conversation, site } from '../../test/fakes';
import { renderSignedIn } from '../../test/render';

const security = { siteId: 'site_1', allowedOrigins: ['https://shop.example'], identityRequired: false, secret: 's3cr3t-value' };

describe('Settings → Security', () => {
  it('edits the allowed origins: flags a malformed one, saves the list', async () => {
    const demo = site({ siteId: 'site_1' });
    const { fetch } = await renderSignedIn(
      {
        'GET /api/v1/sites': { body: { items: [demo] } },
        'GET /api/v1/sites/site_1/security': { body: { security } },
        'PUT /api/v1/sites/site_1/security': (call) => ({ body: { security: { ...security, ...(call.body as object) } } }),
      },
      '#/settings/security',
    );
    const box = (await screen.findByRole('textbox', { name: /Allowed origins for/ })) as HTMLTextAreaElement;
    expect(box.value).toBe('https://shop.example');
    // The secret stays hidden until asked for.
    expect(screen.getByTestId('site-secret').textContent).not.toContain('s3cr3t');
    fireEvent.click(screen.getByRole('button', { name: 'Show' }));
    expect(screen.getByTestId('site-secret').textContent).toBe('s3cr3t-value');

    fireEvent.input(box, { target: { value: 'https://shop.example\nhttps://*.evil.example' } });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('https://*.evil.example');
    // It says why, not only which.
    expect(alert.textContent).toContain('no wildcard');
    expect((screen.getByRole('button', { name: 'Save' }) as HTMLButtonElement).disabled).toBe(true);

    fireEvent.input(box, { target: { value: 'https://shop.example\nhttps://blog.example' } });
    fireEvent.click(screen.getByRole('checkbox', { name: /Require verified identity/ }));
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Saved')).toBeTruthy();
    expect(fetch.calls.find((c) => c.method === 'PUT')?.body).toEqual({
      allowedOrigins: ['https://shop.example', 'https://blog.example'],
      identityRequired: true,
    });
  });

  it('shows agents that only admins may see it, and never fetches the secret for them', async () => {
    const { fetch } = await renderSignedIn(
      { 'GET /api/v1/auth/me': { body: { agent: { ...AGENT, role: 'agent' } } }, 'GET /api/v1/sites': { body: { items: [site()] } } },
      '#/settings/security',
    );
    expect(await screen.findByText(/Only admins can see and change security settings/)).toBeTruthy();
    expect(fetch.calls.some((c) => c.path.endsWith('/security'))).toBe(false);
  });
});

describe('Visitor privacy actions', () => {
  it('lets an admin delete a visitor after confirming', async () => {
    const c = conversation({ id: 'c1', visitorId: 'v1', visitorName: 'Maria' });
    const { fetch } = await renderSignedIn(
      {
        'GET /api/v1/conversations': { body: { items: [c], nextCursor: null } },
        'GET /api/v1/conversations/c1': { body: { conversation: c } },
        'GET /api/v1/conversations/c1/messages': { body: { items: [] } },
        'DELETE /api/v1/visitors/v1': { status: 204 },
      },
      '#/conversations/c1',
    );
    fireEvent.click(await screen.findByRole('button', { name: 'Delete visitor' }));
    expect(fetch.calls.some((x) => x.method === 'DELETE')).toBe(false);
    fireEvent.click(screen.getByRole('button', { name: 'Yes, delete' }));
    await waitFor(() => expect(fetch.calls.some((x) => x.method === 'DELETE' && x.path === '/api/v1/visitors/v1')).toBe(true));
    await waitFor(() => expect(location.hash).toBe('#/'));
  });

  it('edits the query parameters kept in page addresses: flags a bad name, saves the whole widget settings', async () => {
    const demo = site({ siteId: 'site_1' });
    const { fetch } = await renderSignedIn(
      {
        'GET /api/v1/sites': { body: { items: [demo] } },
        'GET /api/v1/sites/site_1/security': { body: { security } },
        'PUT /api/v1/sites/site_1/widget-settings': (call) => ({ body: { site: { ...demo, settings: call.body } } }),
      },
      '#/settings/security',
    );
    const box = (await screen.findByRole('textbox', { name: 'Query parameters to keep in page addresses' })) as HTMLTextAreaElement;
    expect(box.value.split('\n')).toContain('utm_source');
    fireEvent.input(box, { target: { value: 'product\nbad name' } });
    expect((await screen.findByRole('alert')).textContent).toContain('bad name');
    expect((screen.getByRole('button', { name: 'Save parameters' }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.input(box, { target: { value: 'product\n\nref\nproduct' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save parameters' }));
    await waitFor(() => expect(fetch.calls.some((c) => c.path === '/api/v1/sites/site_1/widget-settings')).toBe(true));
    const body = fetch.calls.find((c) => c.path === '/api/v1/sites/site_1/widget-settings')!.body as { pageQueryParams: string[]; csat: boolean };
    expect(body.pageQueryParams).toEqual(['product', 'ref']);
    // The other sections' settings go along unchanged.
    expect(body.csat).toBe(true);
  });
});
