import { PROTOCOL_VERSION, type Message, type ServerFrame } from '@atendo/shared';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { socketFactory, welcome } from '../../test/fake-socket';
import { BACKOFF, backoffDelay, Connection, HEARTBEAT, type ConnectionOptions, type ConnectionStatus } from './connection';
import { tokenKey, tokenStore } from './token';

const TOKEN = 'tok_0123456789abcdef';

function message(over: Partial<Message>): Message {
  return {
    id: 'm1',
    conversationId: 'c1',
    seq: 1,
    clientId: 'k1',
    author: 'visitor',
    agentId: null,
    authorName: null,
    body: 'hi',
    createdAt: 1,
    ...over,
  };
}

const live: Connection[] = [];

function setup(over: Partial<ConnectionOptions> = {}) {
  const factory = socketFactory();
  const frames: ServerFrame[] = [];
  const statuses: ConnectionStatus[] = [];
  let conversationId: string | null = null;
  const conn = new Connection({
    url: 'wss://chat.example/ws',
    siteId: 'site1',
    locale: 'pt-BR',
    tokens: tokenStore('site1', localStorage),
    getResume: () => ({ c1: 7 }),
    getConversationId: () => conversationId,
    onFrame: (f) => {
      frames.push(f);
      // Play the controller: an ack puts the visitor in that conversation.
      if (f.type === 'ack') conversationId = f.message.conversationId;
    },
    onStatus: (s) => statuses.push(s),
    page: () => ({ url: 'https://shop.example/cart', title: 'Cart' }),
    createSocket: factory.create,
    random: () => 1,
    ...over,
  });
  live.push(conn);
  return { conn, factory, frames, statuses, setConversation: (id: string | null) => (conversationId = id) };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => {
  // Connections listen on window for `online`; stop them so one test cannot wake another's.
  for (const c of live.splice(0)) c.stop();
  vi.useRealTimers();
});

describe('Connection', () => {
  it('opens nothing until asked', () => {
    const { factory } = setup();
    vi.advanceTimersByTime(60_000);
    expect(factory.sockets).toHaveLength(0);
  });

  it('says hello with the protocol version, site, locale, page and resume, and no token when it has none', () => {
    const { conn, factory } = setup();
    conn.connect();
    expect(factory.last.url).toBe('wss://chat.example/ws');
    factory.last.open();
    expect(factory.last.sent).toEqual([
      {
        type: 'hello',
        v: PROTOCOL_VERSION,
        role: 'visitor',
        siteId: 'site1',
        locale: 'pt-BR',
        page: { url: 'https://shop.example/cart', title: 'Cart' },
        // The console shows the visitor's local time from it.
        timezone: Intl.DateTimeFormat().resolvedOptions().timeZone,
        resume: { c1: 7 },
      },
    ]);
  });

  it('sends the saved token in hello', () => {
    localStorage.setItem(tokenKey('site1'), TOKEN);
    const { conn, factory } = setup();
    conn.connect();
    factory.last.open();
    expect(factory.last.sent[0]).toMatchObject({ type: 'hello', token: TOKEN });
  });

  it('saves the token from session under atendo:<siteId>:token and uses it on the next hello', () => {
    const { conn, factory } = setup();
    conn.send('k1', 'hi');
    factory.last.open();
    factory.last.frame(welcome());
    factory.last.frame({ type: 'session', visitorId: 'v1', token: TOKEN });
    expect(localStorage.getItem('atendo:site1:token')).toBe(TOKEN);

    factory.last.drop();
    vi.advanceTimersByTime(BACKOFF.base);
    factory.last.open();
    expect(factory.last.sent[0]).toMatchObject({ type: 'hello', token: TOKEN });
  });

  it('queues messages until welcome, then opens one conversation and sends the rest into it', () => {
    const { conn, factory } = setup();
    conn.send('k1', 'first');
    conn.send('k2', 'second');
    const ws = factory.last;
    ws.open();
    expect(ws.ofType('message.send')).toEqual([]);

    ws.frame(welcome());
    // Only the first goes: it has no conversationId, and a second one would open another conversation.
    expect(ws.ofType('message.send')).toEqual([{ type: 'message.send', clientId: 'k1', body: 'first', proof: expect.stringMatching(/^[A-Za-z0-9_-]{21}$/) }]);

    ws.frame({ type: 'session', visitorId: 'v1', token: TOKEN });
    ws.frame({ type: 'ack', clientId: 'k1', message: message({ clientId: 'k1', conversationId: 'c42' }) });
    expect(ws.ofType('message.send')[1]).toEqual({ type: 'message.send', conversationId: 'c42', clientId: 'k2', body: 'second' });
    expect(conn.pending).toEqual(['k2']);
  });

  it('resends a first message whose answer was lost with the same client id and the same in-memory proof', () => {
    const { conn, factory } = setup();
    conn.send('k1', 'first');
    factory.last.open();
    factory.last.frame(welcome());
    const [sent] = factory.last.ofType('message.send') as { proof: string }[];
    // The socket dies before session and ack arrive: the retry must prove it is the same browser.
    factory.last.drop(1006);
    vi.advanceTimersByTime(2000);
    factory.last.open();
    factory.last.frame(welcome());
    expect(factory.last.ofType('message.send')).toEqual([{ type: 'message.send', clientId: 'k1', body: 'first', proof: sent!.proof }]);
  });

  it('keeps unacknowledged messages across a reconnect and resends them with the same clientId', () => {
    const { conn, factory, setConversation, statuses } = setup();
    setConversation('c1');
    conn.connect();
    factory.last.open();
    factory.last.frame(welcome('v1'));
    conn.send('k1', 'lost in the tunnel');
    expect(factory.last.ofType('message.send')).toHaveLength(1);

    factory.last.drop();
    expect(statuses.at(-1)).toBe('reconnecting');
    conn.send('k2', 'typed while offline');

    // send() while down reconnects at once instead of waiting for the backoff.
    expect(factory.sockets).toHaveLength(2);
    const ws = factory.last;
    ws.open();
    expect(ws.ofType('message.send')).toEqual([]);
    ws.frame(welcome('v1'));
    expect(statuses.at(-1)).toBe('online');
    expect(ws.ofType('message.send')).toEqual([
      { type: 'message.send', conversationId: 'c1', clientId: 'k1', body: 'lost in the tunnel' },
      { type: 'message.send', conversationId: 'c1', clientId: 'k2', body: 'typed while offline' },
    ]);
  });

  it('backs off exponentially between failed attempts, up to a ceiling, and starts over after a welcome', () => {
    const { conn, factory } = setup();
    conn.connect();
    const delays: number[] = [];
    for (let i = 0; i < 8; i++) {
      const before = factory.sockets.length;
      factory.last.drop();
      let waited = 0;
      while (factory.sockets.length === before) {
        vi.advanceTimersByTime(100);
        waited += 100;
      }
      delays.push(waited);
    }
    expect(delays).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);

    factory.last.open();
    factory.last.frame(welcome());
    factory.last.drop();
    vi.advanceTimersByTime(BACKOFF.base);
    expect(factory.sockets).toHaveLength(10);
  });

  it('jitters each delay within the upper half of its ceiling', () => {
    expect(backoffDelay(0, () => 0)).toBe(500);
    expect(backoffDelay(0, () => 1)).toBe(1000);
    expect(backoffDelay(3, () => 0.5)).toBe(6000);
    expect(backoffDelay(50, () => 0)).toBe(BACKOFF.max / 2);
    expect(backoffDelay(50, () => 1)).toBe(BACKOFF.max);
  });

  it('reconnects at once when the browser comes back online instead of waiting out the backoff', () => {
    const { conn, factory } = setup();
    conn.connect();
    for (let i = 0; i < 5; i++) {
      factory.last.drop();
      vi.advanceTimersByTime(BACKOFF.max);
    }
    factory.last.drop();
    expect(factory.sockets).toHaveLength(6);
    window.dispatchEvent(new Event('online'));
    expect(factory.sockets).toHaveLength(7);
  });

  it('stops for good when the server does not know the site', () => {
    const { conn, factory, statuses } = setup();
    conn.connect();
    factory.last.drop(4404);
    vi.advanceTimersByTime(120_000);
    expect(factory.sockets).toHaveLength(1);
    expect(statuses.at(-1)).toBe('failed');
  });

  it('forgets a token the server rejects and reconnects as a new visitor', () => {
    localStorage.setItem(tokenKey('site1'), TOKEN);
    const onTokenRejected = vi.fn();
    const { conn, factory } = setup({ onTokenRejected });
    conn.connect();
    factory.last.open();
    factory.last.drop(4401);
    expect(localStorage.getItem(tokenKey('site1'))).toBeNull();
    expect(onTokenRejected).toHaveBeenCalledOnce();
    vi.advanceTimersByTime(BACKOFF.base);
    factory.last.open();
    expect(factory.last.sent[0]).not.toHaveProperty('token');
  });

  it('treats a welcome without a visitor, after it sent a token, as a stale token', () => {
    localStorage.setItem(tokenKey('site1'), TOKEN);
    const onTokenRejected = vi.fn();
    const { conn, factory } = setup({ onTokenRejected });
    conn.connect();
    factory.last.open();
    factory.last.frame(welcome(null));
    expect(localStorage.getItem(tokenKey('site1'))).toBeNull();
    expect(onTokenRejected).toHaveBeenCalledOnce();
  });

  it('gives up on a message the server refuses', () => {
    const { conn, factory, frames } = setup();
    conn.connect();
    factory.last.open();
    factory.last.frame(welcome());
    conn.send('k1', 'x'.repeat(10));
    factory.last.frame({ type: 'error', code: 'payload_too_large', message: 'too long', clientId: 'k1' });
    expect(conn.pending).toEqual([]);
    expect(frames.at(-1)).toMatchObject({ type: 'error', clientId: 'k1' });
  });

  it('pings while online and reconnects when the server goes silent', () => {
    const { conn, factory, statuses } = setup();
    conn.connect();
    factory.last.open();
    factory.last.frame(welcome());
    vi.advanceTimersByTime(HEARTBEAT.interval);
    expect(factory.last.ofType('ping')).toHaveLength(1);
    vi.advanceTimersByTime(HEARTBEAT.timeout);
    expect(statuses.at(-1)).toBe('reconnecting');
    expect(factory.sockets[0]!.closedWith).toBeDefined();
    vi.advanceTimersByTime(BACKOFF.base);
    expect(factory.sockets).toHaveLength(2);
  });

  it('keeps a live socket that answers pings', () => {
    const { conn, factory } = setup();
    conn.connect();
    factory.last.open();
    factory.last.frame(welcome());
    for (let i = 0; i < 3; i++) {
      vi.advanceTimersByTime(HEARTBEAT.interval);
      factory.last.frame({ type: 'pong' });
    }
    vi.advanceTimersByTime(HEARTBEAT.timeout);
    expect(factory.sockets).toHaveLength(1);
  });
});
