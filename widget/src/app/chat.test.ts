import type { Message } from '@atendo/shared';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { socketFactory, welcome } from '../../test/fake-socket';
import { createChat, socketUrl } from './chat';
import { timeline } from './store';
import { tokenKey } from './token';

const TOKEN = 'tok_0123456789abcdef';

function agentMessage(seq: number, body: string, conversationId = 'c1'): Message {
  return { id: `a${seq}`, conversationId, seq, clientId: `ac${seq}`, author: 'agent', agentId: 'ag1', authorName: 'Ana', body, createdAt: seq };
}

function setup() {
  const factory = socketFactory();
  const chat = createChat({ siteId: 'site1', origin: 'https://chat.example', locale: 'en', createSocket: factory.create, now: () => 42 });
  return { chat, factory, snap: () => chat.getSnapshot() };
}

/** Answer the last socket's pending send like the server would. */
function ackLast(ws: ReturnType<typeof socketFactory>['last'], conversationId: string, seq: number) {
  const sent = ws.ofType('message.send').at(-1) as { clientId: string; body: string };
  ws.frame({
    type: 'ack',
    clientId: sent.clientId,
    message: {
      id: `v${seq}`,
      conversationId,
      seq,
      clientId: sent.clientId,
      author: 'visitor',
      agentId: null,
      authorName: null,
      body: sent.body,
      createdAt: 50,
    },
  });
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('chat controller', () => {
  it('derives the socket URL from the server origin', () => {
    expect(socketUrl('https://chat.example')).toBe('wss://chat.example/ws');
    expect(socketUrl('http://localhost:3000')).toBe('ws://localhost:3000/ws');
  });

  it('opens no socket until the visitor acts: mounting, attributes and a closed panel cost nothing', () => {
    const { chat, factory } = setup();
    chat.resume();
    chat.setAttributes({ plan: 'pro' });
    chat.page();
    expect(factory.sockets).toHaveLength(0);
  });

  it('a first-time visitor who opens the panel connects and asks for a session once, so agents see them live', () => {
    const { chat, factory } = setup();
    chat.setOpen(true);
    expect(factory.sockets).toHaveLength(1);
    factory.last.open();
    factory.last.frame(welcome(null));
    expect(factory.last.ofType('session.start')).toHaveLength(1);
    factory.last.frame({ type: 'session', visitorId: 'v1', token: TOKEN });
    expect(localStorage.getItem(tokenKey('site1'))).toBe(TOKEN);
    chat.setOpen(false);
    chat.setOpen(true);
    expect(factory.last.ofType('session.start')).toHaveLength(1);
    expect(factory.sockets).toHaveLength(1);
    localStorage.clear();
  });

  it('a proactive message makes a first-time visitor live for this page only, until they act', () => {
    const { chat, factory } = setup();
    chat.showProactive({ triggerId: 't1', name: 'Welcome', body: 'Hi!', createdAt: 1 });
    factory.last.open();
    factory.last.frame(welcome(null));
    expect(factory.last.ofType('session.start')).toHaveLength(1);
    factory.last.frame({ type: 'session', visitorId: 'v1', token: TOKEN });
    // Not stored: the next page would otherwise load the chat for a greeting never answered.
    expect(localStorage.getItem(tokenKey('site1'))).toBeNull();
    // The visitor opens the greeting: now they chose to, and the token is kept.
    chat.setOpen(true);
    expect(localStorage.getItem(tokenKey('site1'))).toBe(TOKEN);
    expect(factory.sockets).toHaveLength(1);
    localStorage.clear();
  });

  it('a returning visitor with the panel closed gets no replay (lazy hello), hears new replies, and fetches the rest when the panel opens', () => {
    localStorage.setItem(tokenKey('site1'), TOKEN);
    const { chat, factory, snap } = setup();
    chat.resume();
    factory.last.open();
    expect(factory.last.ofType('hello')[0]).toMatchObject({ lazy: true });
    // One reply came while no page was open: the server counts it for the badge.
    factory.last.frame(welcome('v1', [{ id: 'c1', status: 'open', lastSeq: 3, visitorReadSeq: 2, unread: 1 }]));
    expect(snap().unread).toBe(1);
    // Another arrives while the panel is closed: the badge grows, and nothing older is fetched.
    factory.last.frame({ type: 'message', message: agentMessage(4, 'We ship tomorrow') });
    expect(snap().unread).toBe(2);
    expect(factory.last.ofType('history.get')).toEqual([]);
    chat.setOpen(true);
    expect(factory.last.ofType('history.get')).toEqual([{ type: 'history.get', conversationId: 'c1', after: 0 }]);
    factory.last.frame({ type: 'history', conversationId: 'c1', after: 0, more: false, messages: [1, 2, 3, 4].map((n) => agentMessage(n, `m${n}`)) });
    expect(timeline(snap().chat).map((i) => i.kind === 'message' && i.message.seq)).toEqual([1, 2, 3, 4]);
    // Once opened, a reconnect replays as usual (no lazy hello).
    factory.last.drop();
    vi.advanceTimersByTime(60_000);
    factory.last.open();
    expect(factory.last.ofType('hello')[0]).not.toHaveProperty('lazy');
    localStorage.clear();
  });

  it('asks again a while later when the history a lazy hello skipped is refused (rate limited)', () => {
    localStorage.setItem(tokenKey('site1'), TOKEN);
    const { chat, factory } = setup();
    chat.resume();
    factory.last.open();
    factory.last.frame(welcome('v1', [{ id: 'c1', status: 'open', lastSeq: 5 }]));
    chat.setOpen(true);
    expect(factory.last.ofType('history.get')).toHaveLength(1);
    factory.last.frame({ type: 'error', code: 'rate_limited', message: 'Too much history requested; try again in 10 s' });
    vi.advanceTimersByTime(15_000);
    expect(factory.last.ofType('history.get')).toEqual([
      { type: 'history.get', conversationId: 'c1', after: 0 },
      { type: 'history.get', conversationId: 'c1', after: 0 },
    ]);
    localStorage.clear();
  });

  it('fetches what a lazy hello skipped when the panel opened before its welcome came', () => {
    localStorage.setItem(tokenKey('site1'), TOKEN);
    const { chat, factory } = setup();
    chat.resume();
    factory.last.open();
    chat.setOpen(true);
    factory.last.frame(
      welcome('v1', [
        { id: 'c1', status: 'resolved', lastSeq: 2 },
        { id: 'c2', status: 'open', lastSeq: 5 },
      ]),
    );
    expect(factory.last.ofType('history.get')).toEqual([
      { type: 'history.get', conversationId: 'c1', after: 0 },
      { type: 'history.get', conversationId: 'c2', after: 0 },
    ]);
    localStorage.clear();
  });

  it('a returning visitor connects at once, with the panel closed, and hears of every navigation after', () => {
    localStorage.setItem(tokenKey('site1'), TOKEN);
    const { chat, factory } = setup();
    chat.resume();
    expect(factory.sockets).toHaveLength(1);
    factory.last.open();
    const hello = factory.last.ofType('hello')[0] as { page: { url: string } };
    expect(hello.page.url).toBe(location.href.split('#')[0]);
    factory.last.frame(welcome('v1', []));
    chat.page();
    expect(factory.last.ofType('page')).toHaveLength(0);
    history.pushState({}, '', '/checkout?step=2');
    document.title = 'Checkout';
    chat.page();
    chat.page();
    expect(factory.last.ofType('page')).toEqual([{ type: 'page', page: { url: location.origin + '/checkout?step=2', title: 'Checkout' } }]);
    history.pushState({}, '', '/#/orders/42');
    chat.page();
    expect(factory.last.ofType('page').at(-1)).toEqual({ type: 'page', page: { url: location.origin + '/#/orders/42', title: 'Checkout' } });
    history.pushState({}, '', '/#!/access_token=SECRET2');
    chat.page();
    expect(JSON.stringify(factory.last.sent)).not.toContain('SECRET2');
    history.pushState({}, '', '/done#access_token=SECRET');
    chat.page();
    expect(JSON.stringify(factory.last.sent)).not.toContain('SECRET');
    expect(factory.last.ofType('page').at(-1)).toEqual({ type: 'page', page: { url: location.origin + '/done', title: 'Checkout' } });
    history.pushState({}, '', '/');
    localStorage.clear();
  });

  it('connects on open to resume when a token is saved', () => {
    localStorage.setItem(tokenKey('site1'), TOKEN);
    const { chat, factory, snap } = setup();
    chat.setOpen(true);
    expect(factory.sockets).toHaveLength(1);
    factory.last.open();
    factory.last.frame(welcome('v1', [{ id: 'c1', status: 'open', lastSeq: 2 }]));
    factory.last.frame({ type: 'message', message: agentMessage(1, 'earlier reply') });
    expect(timeline(snap().chat).map((i) => i.kind === 'message' && i.message.body)).toEqual(['earlier reply']);
  });

  it('shows a sent message as pending, then as sent once acknowledged', () => {
    const { chat, factory, snap } = setup();
    chat.setOpen(true);
    expect(chat.send('  Hello there  ')).toBe(true);
    expect(snap().chat.pending).toEqual([{ clientId: expect.any(String), body: 'Hello there', createdAt: 42, failed: false }]);

    factory.last.open();
    factory.last.frame(welcome());
    expect(factory.last.ofType('message.send')).toEqual([
      { type: 'message.send', clientId: snap().chat.pending[0]!.clientId, body: 'Hello there', proof: expect.stringMatching(/^[A-Za-z0-9_-]{21}$/) },
    ]);
    ackLast(factory.last, 'c1', 1);
    expect(snap().chat.pending).toEqual([]);
    expect(snap().chat.conversations[0]!.messages.map((m) => m.body)).toEqual(['Hello there']);
  });

  it("shows a conversation open again when the visitor's message reached it after an agent resolved it", () => {
    const { chat, factory, snap } = setup();
    chat.setOpen(true);
    chat.send('hi');
    factory.last.open();
    factory.last.frame(welcome());
    ackLast(factory.last, 'c1', 1);
    factory.last.frame({ type: 'conversation.status', conversation: { id: 'c1', status: 'resolved', lastSeq: 1 } });
    // Sent with the conversation id the widget still had (the status frame was on its way).
    expect(chat.send('one more thing')).toBe(true);
    const sent = factory.last.ofType('message.send').at(-1) as { clientId: string };
    factory.last.frame({
      type: 'ack',
      clientId: sent.clientId,
      message: {
        id: 'v2',
        conversationId: 'c1',
        seq: 2,
        clientId: sent.clientId,
        author: 'visitor',
        agentId: null,
        authorName: null,
        body: 'one more thing',
        createdAt: 60,
      },
    });
    expect(snap().chat.conversations.find((c) => c.id === 'c1')?.status).toBe('open');
  });

  it('refuses to send blank text', () => {
    const { chat, factory, snap } = setup();
    expect(chat.send('   \n ')).toBe(false);
    expect(snap().chat.pending).toEqual([]);
    expect(factory.sockets).toHaveLength(0);
  });

  it('counts agent messages that arrive while the panel is closed, and clears the count on open', () => {
    const { chat, factory, snap } = setup();
    chat.setOpen(true);
    chat.send('hi');
    factory.last.open();
    factory.last.frame(welcome());
    ackLast(factory.last, 'c1', 1);
    chat.setOpen(false);
    factory.last.frame({ type: 'message', message: agentMessage(2, 'Hi! How can I help?') });
    factory.last.frame({ type: 'message', message: agentMessage(2, 'Hi! How can I help?') }); // duplicate
    factory.last.frame({ type: 'message', message: agentMessage(3, 'Still there?') });
    expect(snap().unread).toBe(2);
    chat.setOpen(true);
    expect(snap().unread).toBe(0);
  });

  it('after a resolution, starts a new conversation with the next message', () => {
    const { chat, factory, snap } = setup();
    chat.send('first question');
    factory.last.open();
    factory.last.frame(welcome());
    ackLast(factory.last, 'c1', 1);
    factory.last.frame({ type: 'conversation.status', conversation: { id: 'c1', status: 'resolved', lastSeq: 1 } });
    expect(timeline(snap().chat).map((i) => i.kind)).toEqual(['message', 'resolved']);

    chat.send('one more thing');
    expect(factory.last.ofType('message.send').at(-1)).toEqual({
      type: 'message.send',
      clientId: expect.any(String),
      body: 'one more thing',
      proof: expect.stringMatching(/^[A-Za-z0-9_-]{21}$/),
    });
  });

  it('marks a message the server refuses as not sent, and retries it with the same clientId', () => {
    const { chat, factory, snap } = setup();
    chat.send('hello');
    factory.last.open();
    factory.last.frame(welcome());
    const { clientId } = snap().chat.pending[0]!;
    factory.last.frame({ type: 'error', code: 'rate_limited', message: 'slow down', clientId });
    expect(snap().chat.pending[0]!.failed).toBe(true);

    chat.retry(clientId);
    expect(snap().chat.pending[0]!.failed).toBe(false);
    expect(factory.last.ofType('message.send').map((f) => f.clientId)).toEqual([clientId, clientId]);
  });

  it('forgets the conversations of a visitor whose token the server rejected', () => {
    localStorage.setItem(tokenKey('site1'), TOKEN);
    const { chat, factory, snap } = setup();
    chat.setOpen(true);
    factory.last.open();
    factory.last.frame(welcome('v1', [{ id: 'c1', status: 'open', lastSeq: 1 }]));
    factory.last.frame({ type: 'message', message: agentMessage(1, 'old') });
    factory.last.drop(4401);
    expect(snap().chat.conversations).toEqual([]);
  });

  it('reports the connection state and fails unsent messages when the connection cannot come back', () => {
    const { chat, factory, snap } = setup();
    chat.send('hello');
    expect(snap().connection).toBe('connecting');
    factory.last.drop();
    expect(snap().connection).toBe('reconnecting');
    vi.advanceTimersByTime(1000);
    factory.last.drop(4403);
    expect(snap().connection).toBe('failed');
    expect(snap().chat.pending[0]!.failed).toBe(true);
  });
});
