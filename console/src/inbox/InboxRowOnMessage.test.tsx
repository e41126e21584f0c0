import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/preact';
import { conversation, message } from '../../test/fakes';
import { renderSignedIn } from '../../test/render';

const rowNames = () =>
  within(screen.getByRole('list', { name: 'Conversations' }))
    .getAllByRole('listitem')
    .map((li) => li.getAttribute('aria-label'));

describe('Inbox row carried by a message frame (one frame per message, see the server hub)', () => {
  it('takes the committed row from the message: unread count and a reopened conversation as the server has them', async () => {
    const a = conversation({ id: 'a', visitorName: 'Maria', lastActivityAt: 3000, lastSeq: 1 });
    const b = conversation({ id: 'b', visitorName: 'João', lastActivityAt: 2000, lastSeq: 4, unreadCount: 0 });
    const { ws } = await renderSignedIn({ 'GET /api/v1/conversations': { body: { items: [a, b], nextCursor: null } } });
    await screen.findByRole('listitem', { name: 'João' });

    // Seq 7 arrives with the row after a batch of three visitor messages: 3 unread, not 1.
    const m = message({ conversationId: 'b', seq: 7, body: 'Hello?', createdAt: 6000 });
    ws.receive({ type: 'message', message: m, conversation: { ...b, lastSeq: 7, lastActivityAt: 6000, lastMessagePreview: 'Hello?', unreadCount: 3 } });
    await waitFor(() => expect(rowNames()).toEqual(['João', 'Maria']));
    expect(within(screen.getByRole('listitem', { name: 'João' })).getByText('3 unread')).toBeTruthy();

    // A resolved conversation the visitor wrote to again joins the Open list from the message's row.
    const done = conversation({ id: 'c', visitorName: 'Ivan', status: 'resolved', lastSeq: 2, lastActivityAt: 1000 });
    ws.receive({
      type: 'message',
      message: message({ conversationId: 'c', seq: 3, createdAt: 9000 }),
      conversation: { ...done, status: 'open', lastSeq: 3, lastActivityAt: 9000, unreadCount: 1 },
    });
    await waitFor(() => expect(rowNames()).toEqual(['Ivan', 'João', 'Maria']));
  });

  it('shows a conversation the bot answered as waiting once the visitor asks for a person, not before', async () => {
    const base = {
      status: 'open' as const,
      lastMessageAuthor: 'bot' as const,
      lastMessagePreview: 'These articles may answer your question:',
      lastActivityAt: Date.now() - 5 * 60_000,
    };
    const answered = conversation({ id: 'a', visitorName: 'Maria', ...base, botState: 'answered' });
    const asked = conversation({ id: 'b', visitorName: 'João', ...base, botState: 'handed_over' });
    await renderSignedIn({ 'GET /api/v1/conversations': { body: { items: [answered, asked], nextCursor: null } } });
    const row = await screen.findByRole('listitem', { name: 'João' });
    expect(within(row).getByText(/^waiting /)).toBeTruthy();
    expect(within(screen.getByRole('listitem', { name: 'Maria' })).queryByText(/^waiting /)).toBeNull();
  });
});
