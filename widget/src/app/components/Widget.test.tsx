import type { Locale, Message } from '@atendo/shared';
import { act, fireEvent, render, screen, within } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import { socketFactory, welcome } from '../../../test/fake-socket';
import { createChat } from '../chat';
import { makeT } from '../i18n';
import { Widget } from './Widget';

function agentMessage(over: Partial<Message> = {}): Message {
  return {
    id: 'a1',
    conversationId: 'c1',
    seq: 2,
    clientId: 'ac1',
    author: 'agent',
    agentId: 'ag1',
    authorName: 'Ana',
    body: 'Hi! How can I help?',
    createdAt: new Date(2025, 0, 1, 14, 5).getTime(),
    ...over,
  };
}

function setup({ locale = 'en', open = true }: { locale?: Locale; open?: boolean } = {}) {
  const factory = socketFactory();
  const chat = createChat({ siteId: 'site1', origin: 'https://chat.example', locale, createSocket: factory.create });
  chat.setConfig({ status: 'ready', config: { siteId: 'site1', teamName: 'Loja Azul', greeting: 'We reply in minutes', color: '#0a7' } });
  const onClose = vi.fn(() => chat.setOpen(false));
  chat.setOpen(open);
  render(<Widget chat={chat} t={makeT(locale)} locale={locale} onClose={onClose} />);
  /** Connect the socket the first send opened, as a server that welcomes a new visitor. */
  const serve = () =>
    act(() => {
      factory.last.open();
      factory.last.frame(welcome());
    });
  const server = (fn: () => void) => act(fn);
  return { chat, factory, onClose, serve, server };
}

const log = () => screen.getByRole('log');
const composer = () => screen.getByRole('textbox', { name: 'Message' });

describe('<Widget>', () => {
  it('shows the team name and greeting from the site config', () => {
    setup();
    expect(screen.getByRole('dialog', { name: 'Chat with Loja Azul' })).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'Loja Azul' })).toBeTruthy();
    expect(screen.getByText('We reply in minutes')).toBeTruthy();
  });

  it('moves focus into the composer when it opens', async () => {
    setup();
    await vi.waitFor(() => expect(document.activeElement).toBe(composer()));
  });

  it('sends with Enter: the message appears as pending and the field empties', async () => {
    const { factory } = setup();
    const input = composer() as HTMLTextAreaElement;
    fireEvent.input(input, { target: { value: 'Do you ship to Porto?' } });
    fireEvent.keyDown(input, { key: 'Enter' });

    const bubble = await within(log()).findByText('Do you ship to Porto?');
    expect(bubble.closest('.row')!.className).toContain('pending');
    expect(bubble.closest('.row')!.className).toContain('visitor');
    expect(input.value).toBe('');
    // The first message is what opens the socket.
    expect(factory.sockets).toHaveLength(1);
  });

  it('adds a new line on Shift+Enter instead of sending', () => {
    const { chat } = setup();
    const input = composer();
    fireEvent.input(input, { target: { value: 'line one' } });
    fireEvent.keyDown(input, { key: 'Enter', shiftKey: true });
    expect(chat.getSnapshot().chat.pending).toEqual([]);
  });

  it('sends with the Send button, which is disabled while the field is empty', async () => {
    const { chat } = setup();
    const send = screen.getByRole('button', { name: 'Send' }) as HTMLButtonElement;
    expect(send.disabled).toBe(true);
    fireEvent.input(composer(), { target: { value: 'hello' } });
    expect(send.disabled).toBe(false);
    fireEvent.click(send);
    expect(chat.getSnapshot().chat.pending.map((p) => p.body)).toEqual(['hello']);
    expect(await within(log()).findByText('hello')).toBeTruthy();
  });

  it('shows an acknowledged message as sent, with its time', async () => {
    const { factory, serve, server } = setup();
    fireEvent.input(composer(), { target: { value: 'hello' } });
    fireEvent.keyDown(composer(), { key: 'Enter' });
    serve();
    const sent = factory.last.ofType('message.send')[0] as { clientId: string };
    server(() =>
      factory.last.frame({
        type: 'ack',
        clientId: sent.clientId,
        message: { ...agentMessage(), id: 'v1', seq: 1, clientId: sent.clientId, author: 'visitor', agentId: null, authorName: null, body: 'hello' },
      }),
    );
    const row = within(log()).getByText('hello').closest('.row')!;
    expect(row.className).not.toContain('pending');
    expect(row.querySelector('time')!.textContent).toMatch(/\d{1,2}:05/);
  });

  it('renders an agent message on the left with the agent name', async () => {
    const { factory, serve, server } = setup();
    fireEvent.input(composer(), { target: { value: 'hi' } });
    fireEvent.keyDown(composer(), { key: 'Enter' });
    serve();
    server(() => factory.last.frame({ type: 'message', message: agentMessage() }));

    const bubble = within(log()).getByText('Hi! How can I help?');
    const row = bubble.closest('.row')!;
    expect(row.className).toContain('agent');
    expect(within(row as HTMLElement).getByText('Ana')).toBeTruthy();
    // Screen readers hear who wrote each message.
    expect(bubble.textContent).toBe('Ana: Hi! How can I help?');
  });

  it('renders HTML and javascript: URLs as inert text, and only http(s) links as links', () => {
    const { factory, serve, server } = setup();
    fireEvent.input(composer(), { target: { value: 'hi' } });
    fireEvent.keyDown(composer(), { key: 'Enter' });
    serve();
    const evil = '<img src=x onerror="alert(1)"><b>bold</b> javascript:alert(document.cookie) see https://shop.example/help.';
    server(() => factory.last.frame({ type: 'message', message: agentMessage({ body: evil }) }));

    const row = within(log())
      .getByText(/onerror/)
      .closest('.row')!;
    expect(row.querySelector('img, b, script')).toBeNull();
    expect(row.querySelector('.bubble')!.textContent).toBe(`Ana: ${evil}`);
    const links = within(row as HTMLElement).getAllByRole('link');
    expect(links).toHaveLength(1);
    expect(links[0]!.getAttribute('href')).toBe('https://shop.example/help');
    expect(links[0]!.getAttribute('rel')).toBe('noopener noreferrer');
    expect(links[0]!.getAttribute('target')).toBe('_blank');
  });

  it('notes a resolved conversation', () => {
    const { factory, serve, server } = setup();
    fireEvent.input(composer(), { target: { value: 'hi' } });
    fireEvent.keyDown(composer(), { key: 'Enter' });
    serve();
    server(() => factory.last.frame({ type: 'message', message: agentMessage() }));
    server(() => factory.last.frame({ type: 'conversation.status', conversation: { id: 'c1', status: 'resolved', lastSeq: 2 } }));
    expect(within(log()).getByRole('note').textContent).toBe('This conversation was resolved');
  });

  it('says it is reconnecting while the socket is down', () => {
    const { factory, serve, server } = setup();
    fireEvent.input(composer(), { target: { value: 'hi' } });
    fireEvent.keyDown(composer(), { key: 'Enter' });
    serve();
    expect(screen.queryByRole('status')).toBeNull();
    server(() => factory.last.drop());
    expect(screen.getByRole('status').textContent).toBe('Reconnecting…');
  });

  it('offers to retry a message the server refused', () => {
    const { chat, factory, serve, server } = setup();
    fireEvent.input(composer(), { target: { value: 'hi' } });
    fireEvent.keyDown(composer(), { key: 'Enter' });
    serve();
    const { clientId } = chat.getSnapshot().chat.pending[0]!;
    server(() => factory.last.frame({ type: 'error', code: 'rate_limited', message: 'slow down', clientId }));
    expect(within(log()).getByText(/Not sent/)).toBeTruthy();
    fireEvent.click(within(log()).getByRole('button', { name: 'Retry' }));
    expect(factory.last.ofType('message.send')).toHaveLength(2);
    expect(within(log()).queryByText(/Not sent/)).toBeNull();
  });

  it('closes on Escape and with the close button', () => {
    const { onClose } = setup();
    fireEvent.keyDown(composer(), { key: 'Escape' });
    expect(onClose).toHaveBeenCalledTimes(1);
    // Closed, the panel is hidden from assistive technology.
    expect(screen.queryByRole('dialog')).toBeNull();
    setup();
    fireEvent.click(screen.getByRole('button', { name: 'Close chat' }));
    expect(onClose).toHaveBeenCalledTimes(1);
  });

  it('speaks Russian when the locale is ru', () => {
    setup({ locale: 'ru' });
    expect(screen.getByRole('textbox', { name: 'Сообщение' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Отправить' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Закрыть чат' })).toBeTruthy();
  });

  it('tells the visitor when the site is unknown and does not let them type into the void', () => {
    const factory = socketFactory();
    const chat = createChat({ siteId: 'nope', origin: 'https://chat.example', locale: 'en', createSocket: factory.create });
    chat.setConfig({ status: 'unavailable' });
    chat.setOpen(true);
    render(<Widget chat={chat} t={makeT('en')} locale="en" onClose={() => {}} />);
    expect(screen.getByRole('alert').textContent).toBe('Chat is unavailable right now.');
    expect((composer() as HTMLTextAreaElement).disabled).toBe(true);
  });
});
