import { act, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Locale } from '@atendo/shared';
import { socketFactory } from '../../../test/fake-socket';
import { createChat } from '../chat';
import { makeT } from '../i18n';
import { tokenKey } from '../token';
import { Widget } from './Widget';

/** The server's article endpoints, as the lazily loaded help view calls them. */
function serveArticles() {
  const calls: string[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string) => {
      calls.push(url);
      return new Response(JSON.stringify({ locale: 'en', items: [{ id: 'a1', title: 'Where is my order?', excerpt: 'Track it from your account.' }] }), {
        status: 200,
      });
    }),
  );
  return calls;
}
afterEach(() => vi.unstubAllGlobals());

function setup({ articles, token, locale = 'en' }: { articles?: Locale[]; token?: string; locale?: Locale } = {}) {
  if (token) localStorage.setItem(tokenKey('site1'), token);
  const factory = socketFactory();
  const chat = createChat({ siteId: 'site1', origin: 'https://chat.example', locale, createSocket: factory.create });
  chat.setConfig({ status: 'ready', config: { siteId: 'site1', teamName: 'Loja Azul', greeting: 'Hi', color: '#0a7', ...(articles ? { articles } : {}) } });
  chat.setOpen(true);
  render(<Widget chat={chat} t={makeT(locale)} locale={locale} onClose={() => chat.setOpen(false)} />);
  return { chat, factory };
}

const composer = () => screen.queryByRole('textbox', { name: 'Message' });

describe('help articles in the panel', () => {
  it('offers a search over the articles before a new visitor writes, then hands over to the composer', async () => {
    const calls = serveArticles();
    setup({ articles: ['en'] });
    const search = await screen.findByRole('searchbox', { name: 'Search our help articles' });
    expect(composer()).toBeNull();
    expect(await screen.findByRole('button', { name: /Where is my order\?/ })).toBeTruthy();
    expect(calls[0]).toBe('https://chat.example/api/v1/widget/articles?site=site1&locale=en&q=');
    expect(search).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Chat with us' }));
    await waitFor(() => expect(document.activeElement).toBe(composer()));
    // Help stays one click away.
    fireEvent.click(screen.getByRole('button', { name: 'Help articles' }));
    expect(await screen.findByRole('searchbox', { name: 'Search our help articles' })).toBeTruthy();
    expect(composer()).toBeNull();
  });

  it('falls back to English articles for a visitor whose language has none', async () => {
    const calls = serveArticles();
    setup({ articles: ['en'], locale: 'ru' });
    expect(await screen.findByRole('searchbox', { name: 'Поиск по справочным статьям' })).toBeTruthy();
    await waitFor(() => expect(calls[0]).toContain('locale=ru'));
  });

  it('goes straight to the chat for a returning visitor, with help in the header', async () => {
    serveArticles();
    setup({ articles: ['en'], token: 'returning-visitor-token' });
    expect(composer()).toBeTruthy();
    expect(screen.queryByRole('searchbox')).toBeNull();
    expect(screen.getByRole('button', { name: 'Help articles' })).toBeTruthy();
  });

  it('goes back to the chat once the visitor has sent a message', async () => {
    serveArticles();
    const { chat } = setup({ articles: ['en'] });
    await screen.findByRole('searchbox');
    act(() => void chat.send('Hello'));
    expect(composer()).toBeTruthy();
  });

  it('shows no help at all when the site has no articles (in this language or English)', () => {
    const calls = serveArticles();
    setup({ articles: ['pt-BR'] });
    expect(composer()).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Help articles' })).toBeNull();
    expect(calls).toEqual([]);
  });
});
