import { describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { shortCode } from '../format';
import { conversation } from '../../test/fakes';
import { renderSignedIn } from '../../test/render';

const rowNames = () =>
  within(screen.getByRole('list', { name: 'Conversations' }))
    .getAllByRole('listitem')
    .map((li) => li.getAttribute('aria-label'));

describe('Inbox', () => {
  it('lists conversations newest first, with previews, unread badges and friendly names', async () => {
    const maria = conversation({ id: 'a', visitorName: 'Maria Silva', lastActivityAt: 3000, unreadCount: 2, lastMessagePreview: 'Oi, tudo bem?' });
    const anon = conversation({ id: 'b', visitorId: 'v_b', lastActivityAt: 2000, lastMessageAuthor: 'agent', lastMessagePreview: 'On my way' });
    await renderSignedIn({ 'GET /api/v1/conversations': { body: { items: [anon, maria], nextCursor: null } } });

    await screen.findByRole('list', { name: 'Conversations' });
    expect(rowNames()).toEqual(['Maria Silva', `Visitor ${shortCode('v_b')}`]);

    const mariaRow = screen.getByRole('listitem', { name: 'Maria Silva' });
    expect(within(mariaRow).getByText('2 unread')).toBeTruthy();
    expect(within(mariaRow).getByRole('link').className).toContain('is-unread');
    expect(within(mariaRow).getByText('Oi, tudo bem?')).toBeTruthy();

    const anonRow = screen.getByRole('listitem', { name: `Visitor ${shortCode('v_b')}` });
    expect(anonRow.textContent).toContain('You: On my way');
    expect(within(anonRow).queryByText(/unread/)).toBeNull();
  });

  it('moves a row to the top on a live conversation frame and shows new conversations without reload', async () => {
    const a = conversation({ id: 'a', visitorName: 'Maria', lastActivityAt: 3000 });
    const b = conversation({ id: 'b', visitorName: 'João', lastActivityAt: 2000 });
    const { ws } = await renderSignedIn({ 'GET /api/v1/conversations': { body: { items: [a, b], nextCursor: null } } });
    await screen.findByRole('listitem', { name: 'João' });
    expect(rowNames()).toEqual(['Maria', 'João']);

    ws.receive({ type: 'conversation', conversation: { ...b, lastSeq: 2, lastActivityAt: 5000, lastMessagePreview: 'Are you there?', unreadCount: 1 } });
    await waitFor(() => expect(rowNames()).toEqual(['João', 'Maria']));
    expect(within(screen.getByRole('listitem', { name: 'João' })).getByText('Are you there?')).toBeTruthy();

    ws.receive({ type: 'conversation', conversation: conversation({ id: 'n', visitorName: 'Ivan', lastActivityAt: 9000 }) });
    await waitFor(() => expect(rowNames()).toEqual(['Ivan', 'João', 'Maria']));

    // Resolved elsewhere: it leaves the Open list.
    ws.receive({ type: 'conversation', conversation: { ...a, status: 'resolved' } });
    await waitFor(() => expect(rowNames()).toEqual(['Ivan', 'João']));
  });

  it('keeps a row that arrived live while the list was loading, though the page (read before it existed) lacks it', async () => {
    let answer!: (r: { body: unknown }) => void;
    const { ws } = await renderSignedIn({
      'GET /api/v1/conversations': () => new Promise((resolve) => (answer = resolve)),
    });
    await waitFor(() => expect(answer).toBeDefined());
    ws.receive({ type: 'conversation', conversation: conversation({ id: 'n', visitorName: 'Ivan', lastActivityAt: 9000 }) });
    answer({ body: { items: [], nextCursor: null } });
    // Once the answer is applied (a few microtasks later), Ivan is still there.
    await new Promise((r) => setTimeout(r, 50));
    expect(rowNames()).toEqual(['Ivan']);
  });

  it('switches between Open, Resolved and All, and loads more pages', async () => {
    const open1 = conversation({ id: 'o1', visitorName: 'Open One' });
    const done1 = conversation({ id: 'd1', visitorName: 'Done One', status: 'resolved', lastActivityAt: 2000 });
    const done2 = conversation({ id: 'd2', visitorName: 'Done Two', status: 'resolved', lastActivityAt: 1000 });
    const { fetch } = await renderSignedIn({
      'GET /api/v1/conversations': (call) => {
        const status = call.query.get('status');
        if (status === 'open') return { body: { items: [open1], nextCursor: null } };
        if (call.query.get('cursor') === 'p2') return { body: { items: [done2], nextCursor: null } };
        return { body: { items: [done1], nextCursor: 'p2' } };
      },
    });
    await screen.findByRole('listitem', { name: 'Open One' });
    expect(screen.getByRole('tab', { name: 'Open' }).getAttribute('aria-selected')).toBe('true');

    fireEvent.click(screen.getByRole('tab', { name: 'Resolved' }));
    await screen.findByRole('listitem', { name: 'Done One' });
    expect(screen.queryByRole('listitem', { name: 'Open One' })).toBeNull();
    expect(screen.getByRole('tab', { name: 'Resolved' }).getAttribute('aria-selected')).toBe('true');

    fireEvent.click(screen.getByRole('button', { name: 'Load more' }));
    await screen.findByRole('listitem', { name: 'Done Two' });
    expect(rowNames()).toEqual(['Done One', 'Done Two']);
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();
    expect(fetch.calls.filter((c) => c.path === '/api/v1/conversations').map((c) => c.query.get('status'))).toEqual(['open', 'resolved', 'resolved']);
  });

  it('shows the error and retries when the list cannot load', async () => {
    let fail = true;
    await renderSignedIn({
      'GET /api/v1/conversations': () =>
        fail
          ? { status: 500, body: { error: { code: 'internal', message: 'Database is locked' } } }
          : { body: { items: [conversation({ visitorName: 'Back again' })], nextCursor: null } },
    });
    expect((await screen.findByText('Database is locked')).closest('[role="alert"]')).toBeTruthy();
    fail = false;
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    await screen.findByRole('listitem', { name: 'Back again' });
  });
});
