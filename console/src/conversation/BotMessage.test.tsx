import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/preact';
import type { Conversation, Message, Note } from '@atendo/shared';
import { conversation, message } from '../../test/fakes';
import { renderSignedIn } from '../../test/render';

function openWith(c: Conversation, messages: Message[], notes: Note[] = []) {
  return renderSignedIn(
    {
      [`GET /api/v1/conversations/${c.id}/notes`]: { body: { items: notes } },
      'GET /api/v1/conversations': { body: { items: [c], nextCursor: null } },
      [`GET /api/v1/conversations/${c.id}`]: { body: { conversation: c } },
      [`GET /api/v1/conversations/${c.id}/messages`]: { body: { items: messages } },
      [`POST /api/v1/conversations/${c.id}/read`]: { body: { conversation: { ...c, unreadCount: 0 } } },
    },
    `#/conversations/${c.id}`,
  );
}

describe('The answer bot in the console', () => {
  it('shows a bot message on the team’s side with a Bot badge and the articles it offered, as text', async () => {
    const c = conversation({ id: 'c1', visitorName: 'Maria', lastSeq: 2, lastMessageAuthor: 'bot', lastMessagePreview: 'These articles may help:' });
    const handOver: Note = {
      id: 'n1',
      conversationId: 'c1',
      agentId: null,
      authorName: null,
      body: 'The answer bot offered these articles before the visitor asked for a person:\n- Changing your address',
      createdAt: Date.now(),
    };
    await openWith(
      c,
      [
        message({ conversationId: 'c1', seq: 1, body: 'How do I change my address?' }),
        message({
          conversationId: 'c1',
          seq: 2,
          author: 'bot',
          body: 'These articles may help:',
          bot: { articles: [{ id: 'a1', title: '<b>Changing your address</b>', excerpt: 'Open Orders and choose Edit address.' }] },
        }),
      ],
      [handOver],
    );
    const log = await screen.findByRole('log', { name: 'Messages with Maria' });
    const msg = (await within(log).findByText('These articles may help:')).closest('.msg')!;
    expect(msg.className).toContain('msg-bot');
    expect(msg.querySelector('.bot-tag')?.textContent).toBe('Bot');
    expect(msg.querySelector('.msg-author')?.textContent).toBe('Bot Answer bot');
    const offered = within(msg as HTMLElement).getByRole('list', { name: 'Articles the bot offered' });
    expect(within(offered).getByText('<b>Changing your address</b>')).toBeTruthy();
    expect(offered.querySelector('b')).toBeNull();
    expect(within(offered).getByText('Open Orders and choose Edit address.')).toBeTruthy();

    // The hand-over's note is the bot's, not some agent's.
    expect((await within(log).findByRole('note')).getAttribute('aria-label')).toMatch(/Answer bot/);

    // The inbox row says the bot wrote last.
    const row = screen.getByRole('listitem', { name: 'Maria' });
    expect(row.querySelector('.conv-preview')?.textContent).toBe('Bot: These articles may help:');
  });
});
