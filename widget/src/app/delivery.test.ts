/** Delivery on the widget side: resync, typing, read receipts across tabs, discard, offline. */
import { LIMITS, type Message } from '@atendo/shared';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { socketFactory, welcome } from '../../test/fake-socket';
import { createChat } from './chat';
import { timeline } from './store';
import { tokenKey } from './token';

const TOKEN = 'tok_0123456789abcdef';
const msg = (seq: number, author: 'agent' | 'visitor' = 'agent'): Message => ({
  id: `m${seq}`,
  conversationId: 'c1',
  seq,
  clientId: `k${seq}`,
  author,
  agentId: author === 'agent' ? 'ag1' : null,
  authorName: author === 'agent' ? 'Ana' : null,
  body: `body ${seq}`,
  createdAt: seq,
});

let t = 1000;
function setup() {
  localStorage.setItem(tokenKey('site1'), TOKEN);
  const factory = socketFactory();
  const chat = createChat({ siteId: 'site1', origin: 'https://chat.example', locale: 'en', createSocket: factory.create, now: () => t });
  chat.setOpen(true);
  factory.last.open();
  factory.last.frame(welcome('v1', [{ id: 'c1', status: 'open', lastSeq: 0, agentReadSeq: 0 }]));
  return { chat, ws: () => factory.last, factory, snap: () => chat.getSnapshot() };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => {
  vi.useRealTimers();
  localStorage.clear();
});

describe('widget delivery', () => {
  it('answers resync by fetching the whole history page by page, and shows it in order', () => {
    const { ws, snap } = setup();
    ws().frame({ type: 'resync', conversationId: 'c1', lastSeq: 3 });
    expect(ws().ofType('history.get')).toEqual([{ type: 'history.get', conversationId: 'c1', after: 0 }]);
    ws().frame({ type: 'history', conversationId: 'c1', after: 0, messages: [msg(1), msg(2)], more: true });
    expect(ws().ofType('history.get').at(-1)).toEqual({ type: 'history.get', conversationId: 'c1', after: 2 });
    ws().frame({ type: 'history', conversationId: 'c1', after: 2, messages: [msg(3)], more: false });
    expect(ws().ofType('history.get')).toHaveLength(2);
    expect(timeline(snap().chat).map((i) => i.kind === 'message' && i.message.seq)).toEqual([1, 2, 3]);
  });

  it('heals a hole a lost live frame left: fetches the gap once, shows what it has in order meanwhile, and resumes from below the hole', () => {
    const { ws, snap, factory } = setup();
    const seqs = () => timeline(snap().chat).map((i) => i.kind === 'message' && i.message.seq);
    ws().frame({ type: 'message', message: msg(1) });
    ws().frame({ type: 'message', message: msg(2) });
    expect(ws().ofType('history.get')).toHaveLength(0);
    // Seq 3 never arrives; 4 and 5 do: one request for what follows 2, the list shows 1, 2, 4, 5.
    ws().frame({ type: 'message', message: msg(4) });
    ws().frame({ type: 'message', message: msg(5) });
    expect(ws().ofType('history.get')).toEqual([{ type: 'history.get', conversationId: 'c1', after: 2 }]);
    expect(seqs()).toEqual([1, 2, 4, 5]);
    // A reconnect before the answer resumes from the contiguous seq, so the replay fills the hole.
    const before = factory.sockets.length;
    ws().drop(1006);
    vi.advanceTimersByTime(2000);
    expect(factory.sockets.length).toBe(before + 1);
    factory.last.open();
    expect(factory.last.ofType('hello')[0]).toMatchObject({ resume: { c1: 2 } });
    factory.last.frame(welcome('v1', [{ id: 'c1', status: 'open', lastSeq: 5, agentReadSeq: 0 }]));
    factory.last.frame({ type: 'message', message: msg(3) });
    factory.last.frame({ type: 'message', message: msg(4) });
    factory.last.frame({ type: 'message', message: msg(5) });
    expect(seqs()).toEqual([1, 2, 3, 4, 5]);
    expect(factory.last.ofType('history.get')).toHaveLength(0);
  });

  it('fetches the rest of a hole the history answer did not close, and stops once it is whole', () => {
    const { ws, snap } = setup();
    ws().frame({ type: 'message', message: msg(1) });
    ws().frame({ type: 'message', message: msg(3) });
    expect(ws().ofType('history.get')).toEqual([{ type: 'history.get', conversationId: 'c1', after: 1 }]);
    ws().frame({ type: 'history', conversationId: 'c1', after: 1, messages: [msg(2), msg(3)], more: false });
    ws().frame({ type: 'message', message: msg(4) });
    expect(ws().ofType('history.get')).toHaveLength(1);
    expect(timeline(snap().chat).map((i) => i.kind === 'message' && i.message.seq)).toEqual([1, 2, 3, 4]);
  });

  it('asks for a hole again after a refused history.get, but never twice from the same seq otherwise', () => {
    const { ws } = setup();
    ws().frame({ type: 'message', message: msg(1) });
    ws().frame({ type: 'message', message: msg(3) });
    expect(ws().ofType('history.get')).toHaveLength(1);
    // Refused (too much history asked from this address): the next message asks again.
    ws().frame({ type: 'error', code: 'rate_limited', message: 'Too much history requested' });
    ws().frame({ type: 'message', message: msg(4) });
    expect(ws().ofType('history.get')).toEqual([
      { type: 'history.get', conversationId: 'c1', after: 1 },
      { type: 'history.get', conversationId: 'c1', after: 1 },
    ]);
    // An answer that does not close the hole (nothing more to get) is not asked for again.
    ws().frame({ type: 'history', conversationId: 'c1', after: 1, messages: [], more: false });
    ws().frame({ type: 'message', message: msg(5) });
    expect(ws().ofType('history.get')).toHaveLength(2);
  });

  it('shows the agent typing, hides it after the expiry or when their message arrives', () => {
    const { ws, snap } = setup();
    ws().frame({ type: 'typing', conversationId: 'c1', author: 'agent', name: 'Ana', active: true });
    expect(snap().typing).toEqual({ name: 'Ana' });
    vi.advanceTimersByTime(LIMITS.typingExpiryMs + 1);
    expect(snap().typing).toBeNull();
    ws().frame({ type: 'typing', conversationId: 'c1', author: 'agent', name: 'Ana', active: true });
    ws().frame({ type: 'message', message: msg(1) });
    expect(snap().typing).toBeNull();
  });

  it('sends typing at most once per throttle window, only into a conversation', () => {
    const { chat, ws } = setup();
    chat.typing();
    chat.typing();
    expect(ws().ofType('typing')).toEqual([{ type: 'typing', conversationId: 'c1' }]);
    t += LIMITS.typingThrottleMs - 1;
    chat.typing();
    expect(ws().ofType('typing')).toHaveLength(1);
    t += 1;
    chat.typing();
    expect(ws().ofType('typing')).toHaveLength(2);
  });

  it('reports what the open panel shows as read, and clears the badge when another tab read it', () => {
    const { chat, ws, snap } = setup();
    ws().frame({ type: 'message', message: msg(1) });
    expect(ws().ofType('conversation.read')).toEqual([{ type: 'conversation.read', conversationId: 'c1', seq: 1 }]);
    chat.setOpen(false);
    ws().frame({ type: 'message', message: msg(2) });
    expect(snap().unread).toBe(1);
    ws().frame({ type: 'read', conversationId: 'c1', reader: 'visitor', seq: 2 });
    expect(snap().unread).toBe(0);
    // The agent read the visitor's message: "Seen".
    ws().frame({ type: 'read', conversationId: 'c1', reader: 'agent', seq: 2 });
    expect(snap().agentRead).toEqual({ c1: 2 });
  });

  it('lets the visitor discard a failed message: it leaves the screen and is never resent', () => {
    const { chat, ws, snap, factory } = setup();
    chat.send('will fail');
    const sent = ws().ofType('message.send').at(-1) as { clientId: string };
    ws().frame({ type: 'error', code: 'bad_request', message: 'nope', clientId: sent.clientId });
    expect(snap().chat.pending[0]!.failed).toBe(true);
    chat.discard(sent.clientId);
    expect(snap().chat.pending).toEqual([]);
    ws().drop();
    vi.advanceTimersByTime(60_000);
    factory.last.open();
    factory.last.frame(welcome('v1', [{ id: 'c1', status: 'open', lastSeq: 0 }]));
    expect(factory.last.ofType('message.send')).toHaveLength(0);
  });

  it('drops the socket as soon as the browser goes offline and resends the outbox when back', () => {
    const { chat, ws, snap, factory } = setup();
    const first = ws();
    globalThis.dispatchEvent(new Event('offline'));
    expect(snap().connection).toBe('reconnecting');
    chat.send('typed offline');
    expect(snap().chat.pending).toHaveLength(1);
    globalThis.dispatchEvent(new Event('online'));
    expect(factory.last).not.toBe(first);
    factory.last.open();
    factory.last.frame(welcome('v1', [{ id: 'c1', status: 'open', lastSeq: 0 }]));
    expect(factory.last.ofType('message.send')).toEqual([
      { type: 'message.send', conversationId: 'c1', clientId: snap().chat.pending[0]!.clientId, body: 'typed offline' },
    ]);
  });
});
