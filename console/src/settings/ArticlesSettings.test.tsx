import { beforeEach, describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/preact';
import type { Article } from '@atendo/shared';
import { AGENT, site } from '../../test/fakes';
import { renderSignedIn } from '../../test/render';
import { resetArticles } from '../state/articles';

function article(over: Partial<Article> = {}): Article {
  return {
    id: 'art_1',
    siteId: 'site_1',
    locale: 'en',
    title: 'Where is my order?',
    body: 'Track it under **Orders**.',
    published: true,
    views: 40,
    helpful: 9,
    notHelpful: 3,
    createdAt: 1,
    updatedAt: 2,
    ...over,
  };
}

const routes = (items: Article[]) => ({
  'GET /api/v1/sites': { body: { items: [site({ siteId: 'site_1' })] } },
  'GET /api/v1/sites/site_1/articles': { body: { items } },
});

describe('Settings → Help articles', () => {
  beforeEach(resetArticles);

  it('lists articles per language with views and helpful %', async () => {
    await renderSignedIn(
      routes([article(), article({ id: 'art_2', locale: 'ru', title: 'Где мой заказ?', published: false, views: 0, helpful: 0, notHelpful: 0 })]),
      '#/settings/articles',
    );
    const table = await screen.findByRole('table', { name: 'Articles' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((r) => r.textContent)).toEqual([
      expect.stringMatching(/Where is my order\?.*English.*Published.*40.*75% of 12/),
      expect.stringMatching(/Где мой заказ\?.*Russian.*Draft.*0.*No votes yet/),
    ]);
    fireEvent.change(screen.getByRole('combobox', { name: 'Show articles in' }), { target: { value: 'ru' } });
    expect(within(screen.getByRole('table', { name: 'Articles' })).getAllByRole('row')).toHaveLength(2);
    fireEvent.change(screen.getByRole('combobox', { name: 'Show articles in' }), { target: { value: 'pt-BR' } });
    expect(screen.getByText('No articles in this language yet.')).toBeTruthy();
  });

  it('lets an admin write an article with a live, safe preview and publish it', async () => {
    const { fetch } = await renderSignedIn(
      {
        ...routes([]),
        'POST /api/v1/sites/site_1/articles': (call) => ({
          status: 201,
          body: { article: article({ id: 'art_new', ...(call.body as object), views: 0, helpful: 0, notHelpful: 0 }) },
        }),
      },
      '#/settings/articles',
    );
    fireEvent.click(await screen.findByRole('button', { name: 'New article' }));
    const editor = screen.getByRole('form', { name: 'Article editor' });
    fireEvent.input(within(editor).getByRole('textbox', { name: 'Title' }), { target: { value: 'Returns' } });
    fireEvent.change(within(editor).getByRole('combobox', { name: 'Language' }), { target: { value: 'pt-BR' } });
    fireEvent.input(within(editor).getByRole('textbox', { name: /Text \(Markdown\)/ }), {
      target: { value: '## Within 30 days\n\n- **Pack** it\n- [Label](https://shop.example/label)\n\n<img src=x onerror=alert(1)> [bad](javascript:alert(1))' },
    });
    const preview = screen.getByRole('region', { name: 'Preview' });
    expect(within(preview).getByRole('heading', { name: 'Returns' })).toBeTruthy();
    expect(within(preview).getByRole('heading', { name: 'Within 30 days' })).toBeTruthy();
    expect(within(preview).getAllByRole('listitem')).toHaveLength(2);
    expect(within(preview).getByRole('link', { name: 'Label' }).getAttribute('href')).toBe('https://shop.example/label');
    // Raw HTML is text; the javascript: link is not a link.
    expect(preview.querySelector('img')).toBeNull();
    expect(preview.textContent).toContain('<img src=x onerror=alert(1)>');
    expect(within(preview).getAllByRole('link')).toHaveLength(1);

    fireEvent.click(within(editor).getByRole('checkbox', { name: /Published/ }));
    fireEvent.click(within(editor).getByRole('button', { name: 'Save article' }));
    expect(await screen.findByText('Saved')).toBeTruthy();
    expect(fetch.calls.find((c) => c.method === 'POST')?.body).toEqual({
      locale: 'pt-BR',
      title: 'Returns',
      body: '## Within 30 days\n\n- **Pack** it\n- [Label](https://shop.example/label)\n\n<img src=x onerror=alert(1)> [bad](javascript:alert(1))',
      published: false,
    });
    fireEvent.click(screen.getByRole('button', { name: /Back to articles/ }));
    expect(within(await screen.findByRole('table', { name: 'Articles' })).getByText('Returns')).toBeTruthy();
  });

  it('shows the server error when saving fails', async () => {
    await renderSignedIn(
      { ...routes([article()]), 'PUT /api/v1/articles/art_1': { status: 400, body: { error: { code: 'bad_request', message: 'title: Title is required' } } } },
      '#/settings/articles',
    );
    fireEvent.click(await screen.findByRole('button', { name: 'Where is my order?' }));
    fireEvent.click(screen.getByRole('button', { name: 'Save article' }));
    expect((await screen.findByRole('alert')).textContent).toBe('title: Title is required');
  });

  it('deletes only after confirming', async () => {
    const { fetch } = await renderSignedIn({ ...routes([article()]), 'DELETE /api/v1/articles/art_1': { status: 204 } }, '#/settings/articles');
    fireEvent.click(await screen.findByRole('button', { name: 'Delete' }));
    const dialog = screen.getByRole('alertdialog', { name: 'Delete article' });
    expect(dialog.textContent).toContain('Delete “Where is my order?”?');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(fetch.calls.some((c) => c.method === 'DELETE')).toBe(false);
    fireEvent.click(screen.getByRole('button', { name: 'Delete' }));
    fireEvent.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(screen.queryByRole('table')).toBeNull());
    expect(fetch.calls.filter((c) => c.method === 'DELETE').map((c) => c.path)).toEqual(['/api/v1/articles/art_1']);
    expect(screen.getByText('No articles yet.')).toBeTruthy();
  });

  it('lets agents read but not write', async () => {
    await renderSignedIn({ 'GET /api/v1/auth/me': { body: { agent: { ...AGENT, role: 'agent' } } }, ...routes([article()]) }, '#/settings/articles');
    await screen.findByRole('table', { name: 'Articles' });
    expect(screen.queryByRole('button', { name: 'New article' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Delete' })).toBeNull();
    expect(screen.getByText('Only admins can write and edit articles.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Read' }));
    const read = screen.getByRole('article');
    expect(within(read).getByRole('heading', { name: 'Where is my order?' })).toBeTruthy();
    expect(read.querySelector('strong')?.textContent).toBe('Orders');
    expect(screen.queryByRole('textbox')).toBeNull();
  });
});
