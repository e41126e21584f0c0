import { describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { AGENT, conversation, site } from '../../test/fakes';
import { renderSignedIn } from '../../test/render';
import { sites } from '../state/sites';

const demo = site({ siteId: 'site_1', name: 'Demo shop' });
const blog = site({ siteId: 'site_2', name: 'Blog', snippet: '<script async src="http://localhost:3000/widget.js" data-site="site_2"></script>' });
const counts = { conversations: 3, messages: 41, visitors: 2, articles: 1, attachments: 5, webhooks: 2 };

const siteNames = () =>
  within(screen.getByRole('list', { name: 'Your sites' }))
    .getAllByRole('heading')
    .map((h) => h.textContent);

describe('Settings → Sites', () => {
  it('creates a site and shows the snippet to paste; every site picker sees it', async () => {
    const { fetch } = await renderSignedIn(
      {
        'GET /api/v1/sites': { body: { items: [demo] } },
        'POST /api/v1/sites': (call) => ({ status: 201, body: { site: { ...blog, name: (call.body as { name: string }).name } } }),
      },
      '#/settings/sites',
    );
    await screen.findByRole('heading', { name: 'Demo shop' });
    const create = screen.getByRole('button', { name: 'Create site' }) as HTMLButtonElement;
    expect(create.disabled).toBe(true);
    fireEvent.input(screen.getByLabelText('Site name'), { target: { value: '  Blog  ' } });
    fireEvent.click(create);

    expect(await screen.findByText('“Blog” is ready. Paste its snippet into every page of that website, just before </body>:')).toBeTruthy();
    expect((screen.getByRole('textbox', { name: 'Snippet for Blog' }) as HTMLTextAreaElement).value).toBe(blog.snippet);
    expect(fetch.calls.find((c) => c.method === 'POST')?.body).toEqual({ name: 'Blog' });
    expect(siteNames()).toEqual(['Demo shop', 'Blog']);
    expect(sites.value.map((s) => s.siteId)).toEqual(['site_1', 'site_2']);
  });

  it('renames a site in place', async () => {
    const { fetch } = await renderSignedIn(
      {
        'GET /api/v1/sites': { body: { items: [demo, blog] } },
        'PATCH /api/v1/sites/site_2': (call) => ({ body: { site: { ...blog, ...(call.body as object) } } }),
      },
      '#/settings/sites',
    );
    fireEvent.click(await screen.findByRole('button', { name: 'Rename Blog' }));
    const field = screen.getByRole('textbox', { name: 'New name for Blog' });
    fireEvent.input(field, { target: { value: 'Company blog' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(siteNames()).toEqual(['Demo shop', 'Company blog']));
    expect(fetch.calls.find((c) => c.method === 'PATCH')?.body).toEqual({ name: 'Company blog' });
  });

  it('deletes a site only once its name is typed back, after showing what goes with it', async () => {
    const { fetch } = await renderSignedIn(
      {
        'GET /api/v1/sites': { body: { items: [demo, blog] } },
        'GET /api/v1/sites/site_2/deletion': { body: { deletion: { siteId: 'site_2', name: 'Blog', counts, deletable: true } } },
        'DELETE /api/v1/sites/site_2': { status: 204 },
      },
      '#/settings/sites',
    );
    fireEvent.click(await screen.findByRole('button', { name: 'Delete Blog' }));
    const dialog = screen.getByRole('alertdialog', { name: 'Delete “Blog”?' });
    await waitFor(() => expect(within(dialog).getByText('Messages').nextElementSibling?.textContent).toBe('41'));
    expect(within(dialog).getByText('Conversations').nextElementSibling?.textContent).toBe('3');
    expect(within(dialog).getByText('Files').nextElementSibling?.textContent).toBe('5');
    expect(within(dialog).getByText('Webhook endpoints of this site only').nextElementSibling?.textContent).toBe('2');

    const confirm = within(dialog).getByRole('button', { name: 'Delete site' }) as HTMLButtonElement;
    const typed = within(dialog).getByLabelText('Type Blog to confirm');
    expect(confirm.disabled).toBe(true);
    fireEvent.input(typed, { target: { value: 'blog' } });
    expect(confirm.disabled).toBe(true);
    fireEvent.submit(typed.closest('form')!);
    expect(fetch.calls.some((c) => c.method === 'DELETE')).toBe(false);

    fireEvent.input(typed, { target: { value: 'Blog' } });
    expect(confirm.disabled).toBe(false);
    fireEvent.click(confirm);
    await waitFor(() => expect(siteNames()).toEqual(['Demo shop']));
    expect(fetch.calls.find((c) => c.method === 'DELETE')?.body).toEqual({ confirm: 'Blog' });
    expect(await screen.findByText('“Blog” was deleted.')).toBeTruthy();
  });

  it('never offers to delete the last site, and says why', async () => {
    await renderSignedIn({ 'GET /api/v1/sites': { body: { items: [demo] } } }, '#/settings/sites');
    expect((await screen.findByRole('button', { name: 'Delete Demo shop' })).hasAttribute('disabled')).toBe(true);
    expect(screen.getAllByText('The only site cannot be deleted: create another one first.').length).toBeGreaterThan(0);
  });

  it('hides creating, renaming and deleting from agents', async () => {
    await renderSignedIn(
      { 'GET /api/v1/auth/me': { body: { agent: { ...AGENT, role: 'agent' } } }, 'GET /api/v1/sites': { body: { items: [demo, blog] } } },
      '#/settings/sites',
    );
    await screen.findByRole('heading', { name: 'Blog' });
    expect(screen.getByText('Only admins can add, rename or delete sites.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Create site' })).toBeNull();
    expect(screen.queryByRole('button', { name: /Rename|Delete/ })).toBeNull();
  });
});

describe('a site deleted elsewhere (site.deleted frame)', () => {
  it('drops its conversations from the inbox and the site from the pickers', async () => {
    const mine = conversation({ id: 'a', visitorName: 'Maria', siteId: 'site_1', lastActivityAt: 2000 });
    const gone = conversation({ id: 'b', visitorName: 'João', siteId: 'site_2', lastActivityAt: 3000 });
    let deleted = false;
    const { ws, fetch } = await renderSignedIn({
      'GET /api/v1/sites': { body: { items: [demo, blog] } },
      // As the server answers: the site's conversations are gone once it is deleted.
      'GET /api/v1/conversations': () => ({ body: { items: deleted ? [mine] : [mine, gone], nextCursor: null } }),
    });
    await screen.findByRole('listitem', { name: 'João' });
    const lists = () => fetch.calls.filter((c) => c.method === 'GET' && c.path === '/api/v1/conversations').length;
    const before = lists();
    deleted = true;
    ws.receive({ type: 'site.deleted', siteId: 'site_2' });
    await waitFor(() => expect(screen.queryByRole('listitem', { name: 'João' })).toBeNull());
    expect(screen.getByRole('listitem', { name: 'Maria' })).toBeTruthy();
    expect(sites.value.map((s) => s.siteId)).toEqual(['site_1']);
    // The list and its counts are read again (the tabs' numbers are the server's).
    await waitFor(() => expect(lists()).toBeGreaterThan(before));
    expect(screen.queryByRole('listitem', { name: 'João' })).toBeNull();
  });

  it('reads the sites again when another admin creates or renames one (sites.changed), without a loading state', async () => {
    let listed = [demo];
    const { ws, fetch } = await renderSignedIn({ 'GET /api/v1/sites': () => ({ body: { items: listed } }) }, '#/settings/sites');
    await screen.findByRole('heading', { name: 'Demo shop' });
    listed = [demo, blog];
    ws.receive({ type: 'sites.changed' });
    await waitFor(() => expect(siteNames()).toEqual(['Demo shop', 'Blog']));
    expect(sites.value.map((s) => s.siteId)).toEqual(['site_1', 'site_2']);
    expect(fetch.calls.filter((c) => c.path === '/api/v1/sites').length).toBeGreaterThanOrEqual(2);
    expect(screen.queryByText('Loading…')).toBeNull();
  });
});
