/**
 * Found in an attack run: no backpressure on sockets. One anonymous visitor wrote ~100
 * messages of 5 KB, opened another socket, stopped reading from it and asked for its history 300
 * times: the server queued ~500 KB per answer and its RSS grew by 180 MB in 5 s. Now what the
 * server holds for one socket is capped (closed with 4413 past it), history pages and replays are
 * bounded in bytes, and an address pays for the history bytes it asks for.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode, type Message } from '@atendo/shared';
import { login, settle, startTestServer, TestClient } from '../helpers';
import { siteIdOf, startProc, tempDataDir, visitorClient, type ServerProc } from '../delivery/proc';
import { agentSocket, chattingVisitor, visitorHello } from './kit';

const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;
const big = (i: number) => `${i} `.padEnd(5000, 'x');

/** A visitor with `n` messages of 5 KB in its conversation. */
async function writer(wsUrl: string, siteId: string, n: number) {
  const c = await visitorClient(wsUrl, siteId);
  c.send({ type: 'message.send', clientId: 'bp-first-0123456789abcdef', body: big(0) });
  const { token } = await c.next('session');
  const { conversationId } = (await c.next('ack')).message;
  for (let i = 1; i < n; i++) c.send({ type: 'message.send', conversationId, clientId: `bp-${i}`, body: big(i) });
  await c.next('ack', (f) => f.clientId === `bp-${n - 1}`, 10_000);
  return { client: c, token, conversationId };
}

describe('a visitor that stops reading (a real server process)', () => {
  const data = tempDataDir();
  let p: ServerProc;
  let siteId: string;
  beforeAll(async () => {
    p = await startProc(data.dir);
    siteId = await siteIdOf(p.url);
  });
  afterAll(async () => {
    await p.kill9();
    await data.remove();
  });

  it('cannot make the server buffer without limit with history.get, and others are served meanwhile', async () => {
    const { token, conversationId, client } = await writer(p.wsUrl, siteId, 100);
    const reader = await visitorClient(p.wsUrl, siteId, token, { [conversationId]: 100 });
    await settle(300);
    const before = rssMb(p.child.pid!);
    // Stop reading at the TCP level, then ask for the whole history 300 times (about 150 MB of answers).
    const raw = (reader.ws as unknown as { _socket: { pause(): void; resume(): void } })._socket;
    raw.pause();
    for (let i = 0; i < 300; i++) reader.send({ type: 'history.get', conversationId, after: 0, limit: 100 });
    await settle(3000);
    const grew = rssMb(p.child.pid!) - before;

    // Meanwhile another visitor chats as usual.
    const other = await visitorClient(p.wsUrl, siteId);
    other.send({ type: 'message.send', clientId: 'bp-other-0123456789abcdef', body: 'Still there?' });
    await other.next('ack', () => true, 5000);

    // Before: +180 MB (every answer queued). Now 40–55 MB here, most of it garbage not yet collected
    // (the pages the budget allowed, read and serialized once): bounded, whatever the 300 became.
    expect(grew).toBeLessThan(100);
    // The stalled socket was closed: once it reads again it finds the close (or the reset).
    raw.resume();
    const closed = await reader.waitClose(5000);
    expect([CloseCode.TooSlow, 1006]).toContain(closed.code);
    for (const c of [client, other]) c.close();
  }, 30_000);
});

describe('socket buffer cap and byte-bounded history (in process)', () => {
  it('closes a slow agent console past ATENDO_MAX_SOCKET_BUFFER_KB and keeps serving the other agents', async () => {
    const server = await startTestServer({}, { ATENDO_MAX_SOCKET_BUFFER_KB: '64' });
    try {
      const cookie = await login(server.url);
      const slow = await agentSocket(server.wsUrl, cookie);
      const [slowConn] = server.sockets.hub.agents;
      const fine = await agentSocket(server.wsUrl, cookie);
      // Loopback TCP here absorbs up to ~36 MB before a paused reader backs up into the server, so
      // the stall is made on the server's side of the slow socket: its writes stay queued (corked).
      (slowConn!.ws as unknown as { _socket: { cork(): void } })._socket.cork();
      const v = await chattingVisitor(server.wsUrl, server.siteId);
      const n = 100;
      for (let i = 0; i < n; i++) {
        v.client.send({ type: 'message.send', conversationId: v.conversationId, clientId: `slow-${i}`, body: big(i) });
        if (i % 100 === 99) await v.client.next('ack', (f) => f.clientId === `slow-${i}`, 5000);
      }
      await fine.next('message', (f) => f.message.clientId === `slow-${n - 1}`, 10_000);
      // One more frame for the agents: a group commit's own frames go out together at its end (all
      // 100 may be one batch), and the next frame meets the cap.
      v.client.send({ type: 'message.send', conversationId: v.conversationId, clientId: 'slow-last', body: 'one more' });
      await fine.next('message', (f) => f.message.clientId === 'slow-last', 10_000);
      // The slow one is closed (its close frame is stuck behind the queue too, so it is cut a moment later).
      await slow.waitClose(3000);
      await settle(50);
      expect(server.sockets.hub.agents.size).toBe(1);
      expect(fine.of('message').filter((f) => f.message.conversationId === v.conversationId)).toHaveLength(n + 2);
      expect(fine.closed).toBeNull();
      v.client.close();
      fine.close();
      slow.ws.terminate();
    } finally {
      await server.close();
    }
  }, 30_000);

  it('answers history in pages of at most 256 KB and replays at most half the cap, then resync: the client still ends complete', async () => {
    const server = await startTestServer({}, { ATENDO_MAX_SOCKET_BUFFER_KB: '256' });
    try {
      const { token, conversationId, client } = await writer(server.wsUrl, server.siteId, 120);
      client.close();
      // Resume from nothing: a replay of 128 KB at most, then resync for the rest.
      const c = await TestClient.connect(server.wsUrl);
      c.send(visitorHello(server.siteId, { token }));
      const resync = await c.next('resync');
      expect(resync.lastSeq).toBe(120);
      const replayed = c.of('message').map((f) => f.message);
      expect(replayed.length).toBeGreaterThan(0);
      expect(replayed.length).toBeLessThan(30);
      const all: Message[] = [...replayed];
      for (;;) {
        c.send({ type: 'history.get', conversationId, after: all.at(-1)!.seq, limit: 100 });
        const page = await c.next('history', (f) => f.after === all.at(-1)!.seq);
        expect(JSON.stringify(page).length).toBeLessThanOrEqual(256 * 1024 + 1024);
        all.push(...page.messages);
        if (!page.more) break;
      }
      expect(all.map((m) => m.seq)).toEqual(Array.from({ length: 120 }, (_, i) => i + 1));
      c.close();
    } finally {
      await server.close();
    }
  });
});
