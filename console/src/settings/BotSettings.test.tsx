import { beforeEach, describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/preact';
import type { Article, ContentGap } from '@atendo/shared';
import { AGENT, site } from '../../test/fakes';
import { renderSignedIn } from '../../test/render';
import { resetArticles } from '../state/articles';

const SITE = site({ siteId: 'site_1' });

describe('Settings → Answer bot', () => {
  it('shows the site’s mode with what each one does, and saves another', async () => {
    const { fetch } = await renderSignedIn(
      {
        'GET /api/v1/sites': { body: { items: [SITE] } },
        'GET /api/v1/sites/site_1/bot': { body: { mode: 'off' } },
        'GET /api/v1/sites/site_1/articles': { body: { items: [article()] } },
        'PUT /api/v1/sites/site_1/bot': (call) => ({ body: call.body }),
      },
      '#/settings/bot',
    );
    const off = await screen.findByRole('radio', { name: /^Off/ });
    expect((off as HTMLInputElement).checked).toBe(true);
    const offline = screen.getByRole('radio', { name: /When nobody can answer/ }) as HTMLInputElement;
    expect(offline.getAttribute('aria-describedby')).toBe('bot-mode-offline-hint');
    expect(document.getElementById('bot-mode-offline-hint')?.textContent).toMatch(/outside business hours/);
    fireEvent.click(offline);
    expect(screen.queryByRole('note')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByText('Saved');
    expect(fetch.calls.find((c) => c.method === 'PUT')?.body).toEqual({ mode: 'offline' });
  });

  it('says why a save failed, warns when the site has no articles to offer, and is read-only for agents', async () => {
    await renderSignedIn(
      {
        'GET /api/v1/auth/me': { body: { agent: { ...AGENT, role: 'agent' } } },
        'GET /api/v1/sites': { body: { items: [SITE] } },
        'GET /api/v1/sites/site_1/bot': { body: { mode: 'always' } },
        // A draft only: nothing the bot can offer.
        'GET /api/v1/sites/site_1/articles': { body: { items: [article({ published: false })] } },
      },
      '#/settings/bot',
    );
    const always = (await screen.findByRole('radio', { name: /^Always/ })) as HTMLInputElement;
    expect(always.checked).toBe(true);
    expect(always.closest('fieldset')?.disabled).toBe(true);
    expect((await screen.findByRole('note')).textContent).toMatch(/no published help articles/);
    expect(screen.getByText('Only admins can change these settings.')).toBeTruthy();
  });

  it('shows a refused save', async () => {
    await renderSignedIn(
      {
        'GET /api/v1/sites': { body: { items: [SITE] } },
        'GET /api/v1/sites/site_1/bot': { body: { mode: 'off' } },
        'PUT /api/v1/sites/site_1/bot': { status: 400, body: { error: { code: 'bad_request', message: 'Mode must be off, always or offline' } } },
      },
      '#/settings/bot',
    );
    fireEvent.click(await screen.findByRole('radio', { name: /^Always/ }));
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/Mode must be off, always or offline/);
  });
});

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

const gap = (over: Partial<ContentGap>): ContentGap => ({
  norm: 'q',
  question: 'q',
  locale: 'en',
  count: 1,
  lastAskedAt: Date.now() - 3_600_000,
  conversationId: null,
  ...over,
});

describe('Help articles: the bot’s figures and content gaps', () => {
  beforeEach(resetArticles);

  const routes = (gaps: ContentGap[]) => ({
    'GET /api/v1/sites': { body: { items: [SITE] } },
    'GET /api/v1/sites/site_1/articles': {
      body: { items: [article({ bot: { offered: 12, helped: 7, notHelped: 3 } }), article({ id: 'art_2', title: 'Returns' })] },
    },
    'GET /api/v1/sites/site_1/content-gaps': { body: { items: gaps } },
    'DELETE /api/v1/sites/site_1/content-gaps': { status: 204 },
  });

  it('shows per article how often the bot offered it, answered with it and did not help', async () => {
    await renderSignedIn(routes([]), '#/settings/articles');
    const table = await screen.findByRole('table', { name: 'Articles' });
    const rows = within(table).getAllByRole('row');
    expect(rows[0]!.textContent).toContain('Answer bot');
    expect(rows[1]!.textContent).toContain('Offered 12 · answered 7 · not helped 3');
    expect(rows[2]!.textContent).toContain('—');
    expect(await screen.findByText('No unanswered questions in this period.')).toBeTruthy();
  });

  it('lists the gaps in the server’s order (most asked first) with count, language, when and the conversation; asks for the chosen range and language', async () => {
    const { fetch } = await renderSignedIn(
      routes([
        gap({ norm: 'entrega sabado', question: 'Vocês entregam no sábado?', locale: 'pt-BR', count: 5, conversationId: 'c_9' }),
        gap({ norm: 'gift wrap', question: 'Do you gift wrap?', count: 2 }),
      ]),
      '#/settings/articles',
    );
    const list = await screen.findByRole('list', { name: 'Content gaps' });
    const items = within(list).getAllByRole('listitem');
    expect(items.map((li) => li.querySelector('.gap-question')?.textContent)).toEqual(['Vocês entregam no sábado?', 'Do you gift wrap?']);
    // "1 hr. ago", or "yesterday" just after midnight: the relative time itself is format.ts's (and its tests').
    expect(items[0]!.textContent).toMatch(/5× · Portuguese \(Brazil\) · Last asked (1 hr\. ago|yesterday) ·/);
    expect(within(items[0]!).getByRole('link', { name: 'Open the conversation' }).getAttribute('href')).toBe('#/conversations/c_9');
    expect(within(items[1]!).queryByRole('link')).toBeNull();

    const first = fetch.calls.find((c) => c.path === '/api/v1/sites/site_1/content-gaps')!;
    const span = Number(first.query.get('to')) - Number(first.query.get('from'));
    expect(span).toBe(30 * 86_400_000);
    expect(first.query.get('locale')).toBeNull();
    fireEvent.change(screen.getByRole('combobox', { name: 'Asked in' }), { target: { value: '7' } });
    fireEvent.change(screen.getByRole('combobox', { name: 'Show articles in' }), { target: { value: 'pt-BR' } });
    await waitFor(() => {
      const last = fetch.calls.filter((c) => c.path === '/api/v1/sites/site_1/content-gaps').at(-1)!;
      expect(Number(last.query.get('to')) - Number(last.query.get('from'))).toBe(7 * 86_400_000);
      expect(last.query.get('locale')).toBe('pt-BR');
    });
  });

  it('“Write an article” opens the editor with the question as title in its language; Dismiss drops the group', async () => {
    const { fetch } = await renderSignedIn(
      routes([
        gap({ norm: 'доставка субботу', question: 'Вы доставляете в субботу?', locale: 'ru', count: 3 }),
        gap({ norm: 'gift wrap', question: 'Do you gift wrap?', count: 2 }),
      ]),
      '#/settings/articles',
    );
    const list = await screen.findByRole('list', { name: 'Content gaps' });
    const gift = within(list).getAllByRole('listitem')[1]!;
    fireEvent.click(within(gift).getByRole('button', { name: 'Dismiss' }));
    await waitFor(() => expect(within(list).getAllByRole('listitem')).toHaveLength(1));
    const del = fetch.calls.find((c) => c.method === 'DELETE')!;
    expect(del.query.get('norm')).toBe('gift wrap');
    expect(screen.getAllByRole('status').map((s) => s.textContent)).toContain('Dismissed “Do you gift wrap?”.');

    fireEvent.click(within(list).getByRole('button', { name: 'Write an article' }));
    const editor = await screen.findByRole('form', { name: 'Article editor' });
    expect((within(editor).getByRole('textbox', { name: 'Title' }) as HTMLInputElement).value).toBe('Вы доставляете в субботу?');
    expect((within(editor).getByRole('combobox', { name: 'Language' }) as HTMLSelectElement).value).toBe('ru');
  });

  it('keeps the gap when the dismissal is refused, with the reason', async () => {
    await renderSignedIn(
      {
        ...routes([gap({ norm: 'gift wrap', question: 'Do you gift wrap?', count: 2 })]),
        'DELETE /api/v1/sites/site_1/content-gaps': { status: 403, body: { error: { code: 'forbidden', message: 'Only admins can do this' } } },
      },
      '#/settings/articles',
    );
    fireEvent.click(await screen.findByRole('button', { name: 'Dismiss' }));
    expect((await screen.findByRole('alert')).textContent).toBeTruthy();
    expect(screen.getByText('Do you gift wrap?')).toBeTruthy();
  });
});
