import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { DEFAULT_WIDGET_SETTINGS, type Conversation, type Message, type Report } from '@atendo/shared';
import { AGENT, conversation, message, site } from '../../test/fakes';
import { renderSignedIn } from '../../test/render';
import { aReport } from './report-fixture';
import { alertFor } from '../state/alerts';

function openWith(c: Conversation, messages: Message[]) {
  return renderSignedIn(
    {
      'GET /api/v1/conversations': { body: { items: [c], nextCursor: null } },
      [`GET /api/v1/conversations/${c.id}`]: { body: { conversation: c } },
      [`GET /api/v1/conversations/${c.id}/messages`]: (call) => ({ body: { items: messages.filter((m) => m.seq > Number(call.query.get('after') ?? 0)) } }),
      [`GET /api/v1/conversations/${c.id}/notes`]: {
        body: { items: [{ id: 'n1', conversationId: c.id, agentId: AGENT.id, authorName: 'Ana Lima', body: 'VIP customer, secret', createdAt: Date.now() }] },
      },
      [`POST /api/v1/conversations/${c.id}/read`]: { body: { conversation: c } },
    },
    `#/conversations/${c.id}`,
  );
}

afterEach(() => vi.restoreAllMocks());

describe('rating in the conversation header', () => {
  it('shows CSAT, NPS and the comment, and updates live when the visitor rates', async () => {
    const c = conversation({ id: 'c1', visitorName: 'Maria', status: 'resolved', rating: null });
    const { ws } = await openWith(c, [message({ conversationId: 'c1', seq: 1, body: 'Hello' })]);
    await screen.findByRole('heading', { name: 'Maria' });
    expect(screen.queryByRole('group', { name: 'Visitor rating' })).toBeNull();

    act(() => ws.receive({ type: 'conversation', conversation: { ...c, rating: { csat: 4, nps: 9, comment: 'Fast, thanks!', ratedAt: Date.now() } } }));
    const rating = await screen.findByRole('group', { name: 'Visitor rating' });
    expect(rating.textContent).toContain('CSAT 4/5 · NPS 9');
    expect(within(rating).getByText('Fast, thanks!')).toBeTruthy();
  });
});

describe('rating frames and alerts', () => {
  it('never announce a rated, resolved conversation as a new one', () => {
    const rated = conversation({
      lastSeq: 1,
      assigneeId: null,
      status: 'resolved',
      visitorName: 'Maria',
      rating: { csat: 2, nps: null, comment: null, ratedAt: 1 },
    });
    expect(alertFor('conversation', rated, false)).toBeNull();
    expect(alertFor('conversation', { ...rated, status: 'open', rating: null }, false)?.title).toBe('New conversation: Maria');
  });
});

describe('transcript download in the console', () => {
  it('downloads the visitor-facing messages as text, without internal notes', async () => {
    const blobs: Blob[] = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation((b) => (blobs.push(b as Blob), 'blob:x'));
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
    const links: HTMLAnchorElement[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      links.push(this);
    });
    const c = conversation({ id: 'c1', visitorName: 'Maria', lastSeq: 2 });
    await openWith(c, [
      message({ conversationId: 'c1', seq: 1, body: 'Is <script>alert(1)</script> a problem?' }),
      message({ conversationId: 'c1', seq: 2, author: 'agent', agentId: AGENT.id, authorName: 'Ana Lima', body: 'Not at all.' }),
    ]);
    await screen.findByText('Not at all.');
    fireEvent.click(screen.getByRole('button', { name: 'Download transcript' }));
    expect(links[0]!.download).toMatch(/^atendo-transcript-\d{4}-\d{2}-\d{2}\.txt$/);
    const text = await blobs[0]!.text();
    expect(text.split('\n')[0]).toBe('Conversation with Maria');
    expect(text).toContain('] Maria: Is <script>alert(1)</script> a problem?');
    expect(text).toContain('] Ana Lima: Not at all.');
    expect(text).not.toContain('VIP');
  });
});

const report = (over: Partial<Report> = {}): Report => aReport({ from: 0, to: 1, ...over });

describe('Reports', () => {
  it('shows the period’s figures from the server and refetches for another period', async () => {
    const asked: URLSearchParams[] = [];
    await renderSignedIn(
      {
        'GET /api/v1/sites': { body: { items: [site()] } },
        'GET /api/v1/reports': (call) => {
          asked.push(call.query);
          return {
            body: {
              report:
                asked.length === 1
                  ? report()
                  : report({
                      conversations: 3,
                      csat: { average: null, count: 0, distribution: [0, 0, 0, 0, 0] },
                      nps: { score: null, count: 0, promoters: 0, passives: 0, detractors: 0 },
                      firstResponse: { ...aReport().firstResponse, medianMs: null, count: 0 },
                    }),
            },
          };
        },
      },
      '#/reports',
    );
    expect(screen.getByRole('link', { name: 'Reports' }).getAttribute('aria-current')).toBe('page');
    const grid = await waitFor(() => {
      const g = document.querySelector<HTMLElement>('.report-grid');
      if (!g) throw new Error('No figures yet');
      return g;
    });
    const stat = (label: string) => within(grid).getByText(label).closest('.stat') as HTMLElement;
    expect(stat('Conversations').textContent).toContain('42');
    expect(stat('Conversations').textContent).toContain('Resolved: 30');
    expect(stat('CSAT (1–5)').textContent).toContain('4.25');
    expect(stat('NPS').textContent).toContain('+25');
    expect(stat('Median first response').textContent).toContain('3 min');
    expect(stat('Mean time to resolution').textContent?.replace(/\s/g, ' ')).toContain('2 hr 5 min');
    expect(screen.getByRole('listitem', { name: 'Rated 5 of 5: 5' })).toBeTruthy();
    // Last 30 days by default.
    expect(Number(asked[0]!.get('to')) - Number(asked[0]!.get('from'))).toBe(30 * 86_400_000);

    fireEvent.change(screen.getByRole('combobox', { name: 'Period' }), { target: { value: '7' } });
    await waitFor(() =>
      expect(
        within(document.querySelector<HTMLElement>('.report-grid')!).getByText('Conversations').closest('.stat')!.querySelector('.stat-value')!.textContent,
      ).toBe('3'),
    );
    expect(Number(asked[1]!.get('to')) - Number(asked[1]!.get('from'))).toBe(7 * 86_400_000);
    const after = (label: string) => within(document.querySelector<HTMLElement>('.report-grid')!).getByText(label).closest('.stat')!;
    expect(after('CSAT (1–5)').textContent).toContain('—');
    expect(after('NPS').textContent).toContain('—');
  });
});

describe('survey settings', () => {
  it('lets an admin turn NPS on, saving the whole widget settings object', async () => {
    const settings = { ...DEFAULT_WIDGET_SETTINGS, triggers: [{ id: 't1', name: 'Pricing', enabled: true, message: 'Questions about plans?' }] };
    const saved: unknown[] = [];
    await renderSignedIn(
      {
        'GET /api/v1/sites': { body: { items: [site({ settings })] } },
        'PUT /api/v1/sites/site_1/widget-settings': (call) => {
          saved.push(call.body);
          return { body: { site: site({ settings: call.body as typeof settings }) } };
        },
      },
      '#/settings/prechat',
    );
    const form = await screen.findByRole('form', { name: 'Satisfaction survey' });
    const csat = within(form).getByRole('checkbox', { name: /Ask for a rating/ }) as HTMLInputElement;
    const nps = within(form).getByRole('checkbox', { name: /Ask NPS/ }) as HTMLInputElement;
    expect(csat.checked).toBe(true);
    expect(nps.checked).toBe(false);
    fireEvent.click(nps);
    fireEvent.click(within(form).getByRole('button', { name: 'Save' }));
    await within(form).findByText('Saved');
    expect(saved).toEqual([{ ...settings, csat: true, nps: true }]);
  });
});
