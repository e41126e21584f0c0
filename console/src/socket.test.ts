import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ServerFrame } from '@atendo/shared';
import { FakeWebSocket, message } from '../test/fakes';
import { backoffDelay, LiveSocket, type LiveSocketOptions } from './socket';

function setup(over: Partial<LiveSocketOptions> = {}) {
  const frames: ServerFrame[] = [];
  const statuses: string[] = [];
  const fatal = vi.fn();
  const socket = new LiveSocket({
    url: 'ws://test/ws',
    hello: () => ({ type: 'hello', v: 1, role: 'agent' }),
    onFrame: (f) => frames.push(f),
    onStatus: (s) => statuses.push(s),
    onFatal: fatal,
    connect: (url) => new FakeWebSocket(url),
    random: () => 0.5,
    ...over,
  });
  return { socket, frames, statuses, fatal };
}

const item = (clientId: string, body = 'hello') => ({ conversationId: 'c1', clientId, body });
const sends = (ws: FakeWebSocket) => ws.frames().filter((f) => f.type === 'message.send');

describe('LiveSocket', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    FakeWebSocket.instances = [];
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('says hello first, with the protocol version and the agent role', () => {
    const { socket, statuses } = setup();
    socket.start();
    const ws = FakeWebSocket.last();
    expect(ws.url).toBe('ws://test/ws');
    ws.open();
    expect(ws.frames()[0]).toEqual({ type: 'hello', v: 1, role: 'agent' });
    ws.receive({ type: 'welcome', v: 1, role: 'agent', agent: { id: 'a', email: 'a@b.c', name: 'A', role: 'agent' } });
    expect(statuses).toEqual(['connecting', 'online']);
    socket.stop();
  });

  it('holds messages typed offline and sends them after the welcome', () => {
    const { socket } = setup();
    socket.send(item('k1'));
    socket.start();
    const ws = FakeWebSocket.last();
    ws.open();
    // Not before the welcome: the server is not ready for messages until then.
    expect(sends(ws)).toHaveLength(0);
    ws.connect();
    expect(sends(ws)).toEqual([{ type: 'message.send', conversationId: 'c1', clientId: 'k1', body: 'hello' }]);
    socket.stop();
  });

  it('re-sends an unacked message after a reconnect with the same clientId, and forgets acked ones', () => {
    const { socket } = setup();
    socket.start();
    const first = FakeWebSocket.last();
    first.connect();
    socket.send(item('acked'));
    socket.send(item('lost'));
    first.receive({ type: 'ack', clientId: 'acked', message: message({ conversationId: 'c1', seq: 1, clientId: 'acked' }) });
    first.serverClose(1006);

    vi.advanceTimersByTime(backoffDelay(0, () => 0.5));
    const second = FakeWebSocket.last();
    expect(second).not.toBe(first);
    second.connect();
    expect(sends(second).map((f) => f.clientId)).toEqual(['lost']);
    expect(socket.pending().map((p) => p.clientId)).toEqual(['lost']);

    second.receive({ type: 'ack', clientId: 'lost', message: message({ conversationId: 'c1', seq: 2, clientId: 'lost' }) });
    expect(socket.pending()).toEqual([]);
    socket.stop();
  });

  it('drops a message the server refused', () => {
    const { socket, frames } = setup();
    socket.start();
    const ws = FakeWebSocket.last();
    ws.connect();
    socket.send(item('bad'));
    ws.receive({ type: 'error', code: 'rate_limited', message: 'Slow down', clientId: 'bad' });
    expect(socket.pending()).toEqual([]);
    expect(frames.at(-1)).toMatchObject({ type: 'error', clientId: 'bad' });
    socket.stop();
  });

  it('backs off exponentially with jitter, up to a cap, and resets after a welcome', () => {
    expect(backoffDelay(0, () => 0)).toBe(250);
    expect(backoffDelay(0, () => 1)).toBe(500);
    expect(backoffDelay(3, () => 0)).toBe(2000);
    expect(backoffDelay(3, () => 1)).toBe(4000);
    expect(backoffDelay(50, () => 1)).toBe(30_000);

    const { socket } = setup({ random: () => 0 });
    socket.start();
    FakeWebSocket.last().serverClose(1006);
    expect(FakeWebSocket.instances).toHaveLength(1);
    vi.advanceTimersByTime(249);
    expect(FakeWebSocket.instances).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(FakeWebSocket.instances).toHaveLength(2);
    FakeWebSocket.last().serverClose(1006);
    vi.advanceTimersByTime(499);
    expect(FakeWebSocket.instances).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(FakeWebSocket.instances).toHaveLength(3);
    FakeWebSocket.last().connect();
    FakeWebSocket.last().serverClose(1006);
    vi.advanceTimersByTime(250);
    expect(FakeWebSocket.instances).toHaveLength(4);
    socket.stop();
  });

  it('stops for good when the server says the session is gone', () => {
    const { socket, fatal } = setup();
    socket.start();
    FakeWebSocket.last().serverClose(4401);
    vi.advanceTimersByTime(60_000);
    expect(fatal).toHaveBeenCalledWith(4401);
    expect(FakeWebSocket.instances).toHaveLength(1);
  });

  it('pings while connected and drops a socket that went silent', () => {
    const { socket } = setup({ heartbeatMs: 1000 });
    socket.start();
    const ws = FakeWebSocket.last();
    ws.connect();
    vi.advanceTimersByTime(1000);
    expect(ws.frames().at(-1)).toEqual({ type: 'ping' });
    vi.advanceTimersByTime(2000);
    expect(ws.closedWith).not.toBeNull();
    vi.advanceTimersByTime(500);
    expect(FakeWebSocket.instances).toHaveLength(2);
    socket.stop();
  });

  it('does not reconnect after stop()', () => {
    const { socket } = setup();
    socket.start();
    const ws = FakeWebSocket.last();
    ws.connect();
    socket.stop();
    expect(ws.closedWith).toBe(1000);
    vi.advanceTimersByTime(60_000);
    expect(FakeWebSocket.instances).toHaveLength(1);
  });
});
