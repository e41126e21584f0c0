import type { ArticleSummary, PublicArticle } from '@atendo/shared';
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import type { HelpApi } from './api';
import { HelpPanel } from './HelpPanel';

const ARTICLES: (ArticleSummary & { body: string })[] = [
  {
    id: 'a1',
    title: 'Reset your password',
    excerpt: 'Open Settings, then Reset password.',
    body: 'Open **Settings**, then *Reset password*.\n\n- Check your e-mail\n- [Help centre](https://help.example/reset)',
  },
  {
    id: 'a2',
    title: 'Delivery areas',
    excerpt: 'We deliver to Brazil and Portugal.',
    body: 'We deliver to Brazil and Portugal. <script>alert(1)</script> [x](javascript:alert(1))',
  },
];

function fakeApi(): HelpApi & { searches: string[]; votes: [string, boolean][] } {
  const searches: string[] = [];
  const votes: [string, boolean][] = [];
  return {
    searches,
    votes,
    search: vi.fn(async (q: string) => {
      searches.push(q);
      const words = q.toLowerCase().split(/\s+/).filter(Boolean);
      return {
        locale: 'en' as const,
        items: ARTICLES.filter((a) => words.every((w) => (a.title + a.body).toLowerCase().includes(w))).map(({ id, title, excerpt }) => ({
          id,
          title,
          excerpt,
        })),
      };
    }),
    read: vi.fn(async (id: string): Promise<PublicArticle> => {
      const a = ARTICLES.find((x) => x.id === id)!;
      return { id, locale: 'en', title: a.title, body: a.body, updatedAt: 0 };
    }),
    vote: vi.fn(async (id: string, helpful: boolean) => {
      votes.push([id, helpful]);
    }),
  };
}

function setup(locale: 'en' | 'pt-BR' | 'ru' = 'en') {
  const api = fakeApi();
  const onChat = vi.fn();
  render(<HelpPanel origin="https://chat.example" siteId="s1" locale={locale} open onChat={onChat} api={api} />);
  return { api, onChat };
}

const results = () => screen.getByRole('list', { name: 'Articles' });

describe('<HelpPanel>', () => {
  it('lists articles, searches as the visitor types and says when nothing matches', async () => {
    const { api } = setup();
    const box = screen.getByRole('searchbox', { name: 'Search our help articles' });
    await waitFor(() => expect(document.activeElement).toBe(box));
    await waitFor(() => expect(within(results()).getAllByRole('button')).toHaveLength(2));
    fireEvent.input(box, { target: { value: 'password' } });
    await waitFor(() =>
      expect(
        within(results())
          .getAllByRole('button')
          .map((b) => b.textContent),
      ).toEqual(['Reset your passwordOpen Settings, then Reset password.']),
    );
    fireEvent.input(box, { target: { value: 'refund' } });
    await waitFor(() => expect(screen.getByText('No articles match “refund”.')).toBeTruthy());
    // Debounced: the intermediate keystrokes did not each hit the server.
    expect(api.searches).toEqual(['', 'password', 'refund']);
  });

  it('opens an article rendered from Markdown as elements, never as HTML', async () => {
    setup();
    fireEvent.click(await screen.findByRole('button', { name: /Reset your password/ }));
    const heading = await screen.findByRole('heading', { name: 'Reset your password' });
    await waitFor(() => expect(document.activeElement).toBe(heading));
    const article = heading.closest('article')!;
    expect(article.querySelector('strong')?.textContent).toBe('Settings');
    expect(article.querySelector('em')?.textContent).toBe('Reset password');
    expect(within(article).getAllByRole('listitem')).toHaveLength(2);
    const link = within(article).getByRole('link', { name: 'Help centre' });
    expect(link.getAttribute('href')).toBe('https://help.example/reset');
    expect(link.getAttribute('rel')).toContain('noopener');

    fireEvent.click(screen.getByRole('button', { name: /Back to articles/ }));
    fireEvent.click(await screen.findByRole('button', { name: /Delivery areas/ }));
    const other = (await screen.findByRole('heading', { name: 'Delivery areas' })).closest('article')!;
    expect(other.textContent).toContain('<script>alert(1)</script>');
    expect(other.querySelector('script')).toBeNull();
    expect(within(other).queryByRole('link')).toBeNull();
    expect(other.innerHTML).not.toContain('javascript:');
  });

  it('asks "Did this help?" once per article: one click, one vote', async () => {
    const { api } = setup();
    fireEvent.click(await screen.findByRole('button', { name: /Reset your password/ }));
    const group = await screen.findByRole('group', { name: 'Did this help?' });
    fireEvent.click(within(group).getByRole('button', { name: 'Yes' }));
    expect(screen.getByRole('status').textContent).toBe('Thanks for letting us know!');
    expect(screen.queryByRole('group', { name: 'Did this help?' })).toBeNull();
    expect(api.votes).toEqual([['a1', true]]);
    // Coming back to it on this page does not ask again.
    fireEvent.click(screen.getByRole('button', { name: /Back to articles/ }));
    fireEvent.click(await screen.findByRole('button', { name: /Reset your password/ }));
    await screen.findByRole('heading', { name: 'Reset your password' });
    expect(screen.queryByRole('group', { name: 'Did this help?' })).toBeNull();
    expect(api.votes).toHaveLength(1);
  });

  it('hands over to the chat with "Chat with us", from the list and from an article', async () => {
    const { onChat } = setup();
    fireEvent.click(screen.getByRole('button', { name: 'Chat with us' }));
    fireEvent.click(await screen.findByRole('button', { name: /Delivery areas/ }));
    await screen.findByRole('heading', { name: 'Delivery areas' });
    fireEvent.click(screen.getByRole('button', { name: 'Chat with us' }));
    expect(onChat).toHaveBeenCalledTimes(2);
  });

  it('offers a retry when the articles cannot be loaded', async () => {
    const api = fakeApi();
    let fail = true;
    const real = api.search;
    api.search = vi.fn((q: string) => (fail ? Promise.reject(new Error('offline')) : real(q)));
    render(<HelpPanel origin="https://chat.example" siteId="s1" locale="en" open onChat={() => {}} api={api} />);
    expect((await screen.findByRole('alert')).textContent).toContain('Articles could not be loaded.');
    fail = false;
    await act(() => {
      fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    });
    await waitFor(() => expect(within(results()).getAllByRole('button')).toHaveLength(2));
  });

  it('speaks Russian', async () => {
    setup('ru');
    expect(screen.getByRole('searchbox', { name: 'Поиск по справочным статьям' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Написать нам' })).toBeTruthy();
  });

  it('speaks Portuguese', async () => {
    setup('pt-BR');
    expect(screen.getByRole('searchbox', { name: 'Pesquise nos nossos artigos de ajuda' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Fale conosco' })).toBeTruthy();
    fireEvent.click(await screen.findByRole('button', { name: /Delivery areas/ }));
    expect(await screen.findByRole('group', { name: 'Isto ajudou?' })).toBeTruthy();
  });
});
