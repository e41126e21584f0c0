import type { Message } from '@atendo/shared';
import { act, fireEvent, render, screen, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { socketFactory, welcome } from '../../../test/fake-socket';
import { createChat } from '../chat';
import { Widget } from '../components/Widget';
import type { HelpApi } from '../help/api';
import { makeT } from '../i18n';
import { BotMessage } from './BotMessage';
import { botView } from './logic';

function visitorMessage(seq = 1, conversationId = 'c1'): Message {
  return {
    id: `v${seq}`,
    conversationId,
    seq,
    clientId: `vc${seq}`,
    author: 'visitor',
    agentId: null,
    authorName: null,
    body: 'How do I change my delivery address?',
    createdAt: 1,
  };
}

function botMessage(over: Partial<Message> = {}): Message {
  return {
    id: 'b2',
    conversationId: 'c1',
    seq: 2,
    clientId: 'bc2',
    author: 'bot',
    agentId: null,
    authorName: null,
    body: 'These articles may answer your question:',
    createdAt: new Date(2025, 0, 1, 3, 0).getTime(),
    bot: {
      articles: [
        { id: 'art1', title: 'Changing your delivery address', excerpt: 'Open Orders, pick the order and choose Edit address.' },
        { id: 'art2', title: 'Delivery times', excerpt: 'Most orders arrive in 3 days.' },
      ],
    },
    ...over,
  };
}

function agentMessage(seq: number): Message {
  return {
    id: `a${seq}`,
    conversationId: 'c1',
    seq,
    clientId: `ac${seq}`,
    author: 'agent',
    agentId: 'ag1',
    authorName: 'Ana',
    body: 'Hi, Ana here.',
    createdAt: 3,
  };
}

function setup() {
  const factory = socketFactory();
  const chat = createChat({ siteId: 'site1', origin: 'https://chat.example', locale: 'en', createSocket: factory.create });
  chat.setConfig({ status: 'ready', config: { siteId: 'site1', teamName: 'Loja Azul', greeting: 'Hi', color: '#0a7', articles: ['en'] } });
  return { chat, factory };
}

/** A visitor who wrote; the bot answered live (no status frame yet). */
function answered() {
  const s = setup();
  s.chat.setOpen(true);
  act(() => {
    s.factory.last.open();
    s.factory.last.frame(welcome('vis1', [{ id: 'c1', status: 'open', lastSeq: 1 }]));
    s.factory.last.frame({ type: 'message', message: visitorMessage() });
    s.factory.last.frame({ type: 'message', message: botMessage() });
  });
  return s;
}

afterEach(() => vi.useRealTimers());

describe('answer bot: what a bot message shows', () => {
  it('a live bot answer waits for the visitor; an agent writing ends the wait', () => {
    const { chat, factory } = answered();
    expect(chat.getSnapshot().chat.conversations[0]!.botState).toBe('answered');
    expect(botView(chat.getSnapshot(), botMessage())).toEqual({ waiting: true, failed: false, outcome: null });

    act(() => factory.last.frame({ type: 'message', message: agentMessage(3) }));
    expect(botView(chat.getSnapshot(), botMessage()).waiting).toBe(false);
    // The server then says a person took over: no buttons, and no "handed over" line (nobody asked).
    act(() => factory.last.frame({ type: 'conversation.status', conversation: { id: 'c1', status: 'open', lastSeq: 3, botState: 'taken_over' } }));
    expect(chat.getSnapshot().chat.conversations[0]!.botState).toBe('taken_over');
    expect(botView(chat.getSnapshot(), botMessage())).toEqual({ waiting: false, failed: false, outcome: null });
  });

  it('taken over (a person wrote while the buttons waited), even before the agent’s message arrives: no buttons, no outcome line', () => {
    const { chat, factory } = answered();
    act(() => factory.last.frame({ type: 'conversation.status', conversation: { id: 'c1', status: 'open', lastSeq: 3, botState: 'taken_over' } }));
    expect(botView(chat.getSnapshot(), botMessage())).toEqual({ waiting: false, failed: false, outcome: null });
  });

  it('the status frame of a hand-over says how it ended, on the newest bot message only', () => {
    const { chat, factory } = answered();
    act(() => factory.last.frame({ type: 'conversation.status', conversation: { id: 'c1', status: 'open', lastSeq: 2, botState: 'handed_over' } }));
    expect(botView(chat.getSnapshot(), botMessage())).toEqual({ waiting: false, failed: false, outcome: 'handed_over' });
    const older = botMessage({ id: 'b0', seq: 0 });
    expect(botView(chat.getSnapshot(), older).outcome).toBeNull();
  });

  it('a welcome that says the bot already resolved the conversation shows no buttons for its replayed answer', () => {
    const { chat, factory } = setup();
    chat.setOpen(true);
    act(() => {
      factory.last.open();
      factory.last.frame(welcome('vis1', [{ id: 'c1', status: 'resolved', lastSeq: 2, botState: 'resolved' }]));
      factory.last.frame({ type: 'message', message: visitorMessage() });
      factory.last.frame({ type: 'message', message: botMessage() });
    });
    expect(chat.getSnapshot().chat.conversations[0]!.botState).toBe('resolved');
    expect(botView(chat.getSnapshot(), botMessage())).toEqual({ waiting: false, failed: false, outcome: 'resolved' });
  });
});

describe('answer bot: the controller', () => {
  it('sends bot.reply through the socket; the buttons go at once; an error frame brings them back', () => {
    const { chat, factory } = answered();
    chat.botReply('c1', 'person');
    const [frame] = factory.last.ofType('bot.reply') as { conversationId: string; answer: string; clientId: string }[];
    expect(frame).toMatchObject({ type: 'bot.reply', conversationId: 'c1', answer: 'person' });
    expect(frame!.clientId).toMatch(/^[\w-]{21}$/);
    expect(botView(chat.getSnapshot(), botMessage())).toEqual({ waiting: false, failed: false, outcome: 'handed_over' });
    // A second click while the first is on its way sends nothing.
    chat.botReply('c1', 'person');
    expect(factory.last.ofType('bot.reply')).toHaveLength(1);

    act(() => factory.last.frame({ type: 'error', code: 'invalid_state' as never, message: 'no', clientId: frame!.clientId }));
    expect(botView(chat.getSnapshot(), botMessage())).toEqual({ waiting: true, failed: true, outcome: null });
  });

  it('an answer nobody confirms within 10 s (the socket dropped) brings the buttons back; one that was handled does not', () => {
    vi.useFakeTimers();
    const { chat, factory } = answered();
    chat.botReply('c1', 'answered');
    act(() => factory.last.frame({ type: 'conversation.status', conversation: { id: 'c1', status: 'resolved', lastSeq: 2, botState: 'resolved' } }));
    vi.advanceTimersByTime(11_000);
    expect(botView(chat.getSnapshot(), botMessage())).toEqual({ waiting: false, failed: false, outcome: 'resolved' });

    const second = answered();
    second.chat.botReply('c1', 'person');
    vi.advanceTimersByTime(11_000);
    expect(botView(second.chat.getSnapshot(), botMessage()).failed).toBe(true);
  });
});

describe('<BotMessage>', () => {
  const props = { message: botMessage(), locale: 'en' as const, waiting: true, failed: false, outcome: null, onReply: vi.fn(), onRead: vi.fn() };

  it('draws the lead, the article cards and both buttons, as text (a title with markup stays text)', () => {
    const message = botMessage({ bot: { articles: [{ id: 'x', title: '<img src=x onerror=alert(1)>', excerpt: '<b>bold</b>' }] } });
    const { container } = render(<BotMessage {...props} message={message} />);
    expect(screen.getByText('These articles may answer your question:')).toBeTruthy();
    expect(screen.getByRole('list', { name: 'Suggested articles' })).toBeTruthy();
    expect(screen.getByRole('button', { name: /<img src=x onerror=alert\(1\)>/ })).toBeTruthy();
    expect(container.querySelector('img, b')).toBeNull();
    const group = screen.getByRole('group', { name: 'Did this answer your question?' });
    expect(
      within(group)
        .getAllByRole('button')
        .map((b) => b.textContent),
    ).toEqual(['That answered it', 'Talk to a person']);
  });

  it('a card opens its article; the buttons answer the bot', () => {
    const onRead = vi.fn();
    const onReply = vi.fn();
    render(<BotMessage {...props} onRead={onRead} onReply={onReply} />);
    fireEvent.click(screen.getByRole('button', { name: /Delivery times/ }));
    expect(onRead).toHaveBeenCalledWith('art2');
    fireEvent.click(screen.getByRole('button', { name: 'Talk to a person' }));
    expect(onReply).toHaveBeenCalledWith('person');
  });

  it('once answered the buttons go and the focus moves to the line that replaces them', () => {
    const { rerender } = render(<BotMessage {...props} />);
    fireEvent.click(screen.getByRole('button', { name: 'That answered it' }));
    rerender(<BotMessage {...props} waiting={false} outcome="resolved" />);
    expect(screen.queryByRole('group')).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole('status'));
    expect(screen.getByRole('status').textContent).toBe('Glad it helped!');
  });

  it('says a refused answer, and speaks Portuguese and Russian', () => {
    render(<BotMessage {...props} failed locale="pt-BR" />);
    expect(screen.getByRole('alert').textContent).toBe('Não foi possível enviar sua resposta. Tente de novo.');
    expect(screen.getByRole('button', { name: 'Falar com uma pessoa' })).toBeTruthy();
    render(<BotMessage {...props} locale="ru" />);
    expect(screen.getByRole('button', { name: 'Связаться с человеком' })).toBeTruthy();
  });
});

describe('answer bot in the panel', () => {
  it('a bot answer shows its cards (lazy chunk); a card opens the article in the help view, whose Back returns to the chat', async () => {
    const { chat, factory } = answered();
    const api: HelpApi = {
      search: vi.fn(async () => ({ items: [], locale: 'en' as const })),
      read: vi.fn(async (id: string) => ({ id, locale: 'en' as const, title: 'Changing your delivery address', body: 'Open **Orders**.', updatedAt: 1 })),
      vote: vi.fn(async () => undefined),
    };
    vi.doMock('../help/api', () => ({ helpApi: () => api }));
    render(<Widget chat={chat} t={makeT('en')} locale="en" onClose={() => undefined} />);
    const card = await screen.findByRole('button', { name: /Changing your delivery address/ });
    fireEvent.click(card);
    const title = await screen.findByRole('heading', { name: 'Changing your delivery address' });
    expect(title).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: /Back to the chat/ }));
    const yes = await screen.findByRole('button', { name: 'That answered it' });
    fireEvent.click(yes);
    expect(factory.last.ofType('bot.reply')).toMatchObject([{ conversationId: 'c1', answer: 'answered' }]);
    await vi.waitFor(() => expect(screen.queryByRole('button', { name: 'That answered it' })).toBeNull());
  });
});
