import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode, LIMITS, PROTOCOL_VERSION } from '@atendo/shared';
import { settle, startTestServer, TestClient } from '../helpers';
import { chattingVisitor, upgradeStatus, visitorHello } from './kit';

let srv: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  srv = await startTestServer(
    {},
    {
      ATENDO_TRUST_PROXY: '1',
      ATENDO_RATE_MESSAGES_PER_MINUTE: '5',
      ATENDO_RATE_MESSAGES_PER_IP_PER_MINUTE: '8',
      ATENDO_RATE_FRAMES_PER_MINUTE: '40',
      ATENDO_RATE_CONVERSATIONS_PER_IP_PER_HOUR: '2',
      ATENDO_RATE_VISITORS_PER_IP_PER_HOUR: '3',
      ATENDO_MAX_CONNECTIONS_PER_IP: '4',
    },
  );
});
afterAll(() => srv.close());

let ipCounter = 0;
/** A fresh client address per test, through the trusted proxy header. */
const freshIp = () => ({ 'x-forwarded-for': `198.51.100.${++ipCounter}` });

describe('frame size', () => {
  it('closes an oversized frame with 1009 and keeps serving others', async () => {
    const h = freshIp();
    const big = await TestClient.connect(srv.wsUrl, h);
    const other = await TestClient.connect(srv.wsUrl, h);
    other.send(visitorHello(srv.siteId));
    await other.next('welcome');
    big.send('x'.repeat(LIMITS.maxFrameBytes + 1));
    expect((await big.waitClose()).code).toBe(CloseCode.TooLarge);
    other.send({ type: 'ping' });
    await other.next('pong');
    other.close();
  });

  it('refuses a message body past the length limit with a clear error', async () => {
    const v = await chattingVisitor(srv.wsUrl, srv.siteId, freshIp());
    v.client.send({ type: 'message.send', conversationId: v.conversationId, clientId: 'long', body: 'a'.repeat(LIMITS.messageLength + 1) });
    const err = await v.client.next('error', (f) => f.clientId === 'long');
    expect(err.code).toBe('bad_request');
    expect(err.message).toMatch(/longer than/);
    v.client.close();
  });
});

describe('rate limits', () => {
  it('answers a message flood with rate_limited and finally closes 4429; another client is unaffected', async () => {
    const ip = freshIp();
    const flooder = await chattingVisitor(srv.wsUrl, srv.siteId, ip);
    const bystander = await chattingVisitor(srv.wsUrl, srv.siteId, freshIp());
    for (let i = 0; i < 200; i++) flooder.client.send({ type: 'message.send', conversationId: flooder.conversationId, clientId: `f${i}`, body: `spam ${i}` });
    expect((await flooder.client.waitClose()).code).toBe(CloseCode.RateLimited);
    const limited = flooder.client.of('error').filter((f) => f.code === 'rate_limited');
    expect(limited.length).toBeGreaterThan(0);
    expect(limited[0]?.clientId).toMatch(/^f\d+$/);
    // At most the per-socket budget got through (5 per minute, 1 already used by the first message).
    expect(flooder.client.of('ack').length).toBeLessThanOrEqual(5);

    bystander.client.send({ type: 'message.send', conversationId: bystander.conversationId, clientId: 'calm', body: 'Just one question' });
    expect((await bystander.client.next('ack', (f) => f.clientId === 'calm')).message.body).toBe('Just one question');
    bystander.client.close();
  });

  it('limits messages per IP across sockets', async () => {
    const ip = freshIp();
    const a = await chattingVisitor(srv.wsUrl, srv.siteId, ip);
    const b = await chattingVisitor(srv.wsUrl, srv.siteId, ip);
    let sent = 0;
    for (const v of [a, b])
      for (let i = 0; i < 4; i++, sent++) v.client.send({ type: 'message.send', conversationId: v.conversationId, clientId: `m${i}`, body: 'x' });
    await settle(150);
    // 2 first messages + 8 more attempts against a budget of 8 per IP.
    const acks = a.client.of('ack').length + b.client.of('ack').length;
    expect(acks).toBe(8);
    const limited = [...a.client.of('error'), ...b.client.of('error')].filter((f) => f.code === 'rate_limited');
    expect(limited.length).toBe(2);
    a.client.close();
    b.client.close();
  });

  it('limits frames of any kind per socket', async () => {
    const c = await TestClient.connect(srv.wsUrl, freshIp());
    c.send(visitorHello(srv.siteId));
    await c.next('welcome');
    for (let i = 0; i < 45; i++) c.send({ type: 'ping' });
    await settle(150);
    expect(c.of('pong').length).toBe(39);
    expect(c.of('error').filter((f) => f.code === 'rate_limited').length).toBe(6);
    c.close();
  });

  it('limits new conversations per IP', async () => {
    const ip = freshIp();
    await chattingVisitor(srv.wsUrl, srv.siteId, ip);
    await chattingVisitor(srv.wsUrl, srv.siteId, ip);
    const third = await TestClient.connect(srv.wsUrl, ip);
    third.send(visitorHello(srv.siteId));
    await third.next('welcome');
    third.send({ type: 'message.send', clientId: 'c3', body: 'one more' });
    const err = await third.next('error', (f) => f.clientId === 'c3');
    expect(err.code).toBe('rate_limited');
    expect(third.of('session')).toEqual([]);
    third.close();
  });

  it('limits visitors created without a message (session.start) on their own budget, apart from new conversations', async () => {
    const ip = freshIp();
    const opened = async () => {
      const c = await TestClient.connect(srv.wsUrl, ip);
      c.send(visitorHello(srv.siteId));
      await c.next('welcome');
      c.send({ type: 'session.start' });
      return c;
    };
    // Three panels opened (the budget is 3 here): each gets a visitor, none takes a conversation slot.
    const clients = [];
    for (let n = 0; n < 3; n++) {
      const c = await opened();
      await c.next('session');
      clients.push(c);
    }
    const fourth = await opened();
    const err = await fourth.next('error');
    expect(err.code).toBe('rate_limited');
    expect(err.message).toMatch(/new visitors/);
    expect(fourth.of('session')).toEqual([]);
    fourth.close();
    // The address's two new conversations are all still there for those visitors, and no more.
    for (const [n, c] of clients.entries()) {
      c.send({ type: 'message.send', clientId: `open-${n}`, body: 'Hi' });
      if (n < 2) expect((await c.next('ack')).clientId).toBe(`open-${n}`);
      else expect((await c.next('error', (f) => f.clientId === `open-${n}`)).code).toBe('rate_limited');
      c.close();
    }
  });

  it('refuses connections past the per-IP cap with 429, and frees the slot on close', async () => {
    const ip = freshIp();
    const open = await Promise.all([1, 2, 3, 4].map(() => TestClient.connect(srv.wsUrl, ip)));
    expect(await upgradeStatus(srv.wsUrl, ip)).toBe(429);
    expect(await upgradeStatus(srv.wsUrl, freshIp())).toBe(101);
    open[0]?.close();
    await settle(100);
    expect(await upgradeStatus(srv.wsUrl, ip)).toBe(101);
    for (const c of open) c.close();
  });
});

describe('timeouts and hostile upgrades', () => {
  it('closes a silent socket after the idle timeout (4410)', async () => {
    const s = await startTestServer({}, { ATENDO_IDLE_TIMEOUT_SECONDS: '1' });
    try {
      const c = await TestClient.connect(s.wsUrl);
      c.send(visitorHello(s.siteId));
      await c.next('welcome');
      const started = Date.now();
      expect((await c.waitClose(4000)).code).toBe(CloseCode.IdleTimeout);
      expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    } finally {
      await s.close();
    }
  });

  it('survives an upgrade with thousands of headers', async () => {
    const port = new URL(srv.url).port;
    const headers = Array.from({ length: 5000 }, (_, i) => `X-H${i}: ${'v'.repeat(10)}`).join('\r\n');
    const answer = await new Promise<string>((resolve) => {
      const sock = connect(Number(port), '127.0.0.1', () => {
        sock.write(
          `GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nOrigin: ${srv.url}\r\n${headers}\r\n\r\n`,
        );
      });
      let data = '';
      sock.on('data', (d) => (data += d.toString()));
      sock.on('close', () => resolve(data));
      sock.on('error', () => resolve(data));
    });
    expect(answer).toMatch(/^HTTP\/1\.1 431/);
    const res = await fetch(`${srv.url}/healthz`);
    expect(res.status).toBe(200);
    const c = await TestClient.connect(srv.wsUrl, freshIp());
    c.send({ type: 'hello', v: PROTOCOL_VERSION, role: 'visitor', siteId: srv.siteId });
    await c.next('welcome');
    c.close();
  });
});
