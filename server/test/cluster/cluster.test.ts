/**
 * Two real Atendo processes on one PostgreSQL database and one Redis (its own key prefix), as a
 * cluster behind a load balancer would run them: a visitor on A and an agent on B see each other.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AgentSummary, LiveVisitor } from '@atendo/shared';
import { ADMIN, freePort, login, settle, TestClient } from '../helpers';
import { visitorHello } from '../attacks/kit';
import { createPgDatabase } from '../pg-db';
import { dropPrefix, redisAnswers, testPrefix, testRedisUrl } from '../redis';
import { agentClient, siteIdOf, startProc, visitorClient, type ServerProc } from '../delivery/proc';

const reachable = await redisAnswers();
/** Debian's redis-server, for the test that stops Redis (.ci/run installs it where Redis was not running). */
const redisServerBinary = ['/usr/bin/redis-server', '/usr/local/bin/redis-server'].find((p) => existsSync(p)) ?? null;
if (!redisServerBinary && process.env.CI) throw new Error('redis-server is not installed: the cluster test with Redis down cannot run');

describe.skipIf(!reachable)('two instances on one PostgreSQL and one Redis', () => {
  const prefix = testPrefix('cluster');
  const dataDir = mkdtempSync(join(tmpdir(), 'atendo-cluster-'));
  let db: Awaited<ReturnType<typeof createPgDatabase>>;
  let a: ServerProc;
  let b: ServerProc;
  // The address visitors and agents use (the load balancer's, in production): the same for both.
  let publicUrl: string;
  let siteId: string;
  const clients: TestClient[] = [];

  const env = () => ({
    ATENDO_DATABASE_URL: db.url,
    ATENDO_REDIS_URL: testRedisUrl,
    ATENDO_REDIS_PREFIX: prefix,
    ATENDO_PUBLIC_URL: publicUrl,
  });

  beforeAll(async () => {
    db = await createPgDatabase();
    publicUrl = 'http://127.0.0.1:1';
    // One data directory: the uploads are shared, as a mounted volume would be.
    a = await startProc(dataDir, undefined, { ...env(), ATENDO_INSTANCE_ID: 'a' });
    b = await startProc(dataDir, undefined, { ...env(), ATENDO_INSTANCE_ID: 'b' });
    siteId = await siteIdOf(a.url);
  }, 60_000);

  afterAll(async () => {
    for (const c of clients) c.ws.close();
    await Promise.all([a?.term(), b?.term()]);
    await db?.drop();
    await dropPrefix(prefix);
    rmSync(dataDir, { recursive: true, force: true });
  }, 30_000);

  const visitor = async (p: ServerProc, token?: string) => {
    const c = await visitorClient(p.wsUrl, siteId, token);
    clients.push(c);
    return c;
  };
  const agent = async (p: ServerProc, cookie: string) => {
    const c = await agentClient(publicUrl, p.wsUrl, cookie);
    clients.push(c);
    return c;
  };
  const api = (p: ServerProc, path: string, cookie: string, init: RequestInit = {}) =>
    fetch(`${p.url}/api/v1${path}`, { ...init, headers: { cookie, origin: publicUrl, ...(init.headers as Record<string, string>) } });

  async function eventually<T>(read: () => Promise<T>, ok: (v: T) => boolean, ms = 5000): Promise<T> {
    const end = Date.now() + ms;
    for (;;) {
      const v = await read();
      if (ok(v) || Date.now() > end) return v;
      await settle(100);
    }
  }

  it('a visitor on A and an agent on B chat both ways, with typing and read receipts; presence and availability agree', async () => {
    const cookie = await login(a.url);
    expect(
      (await api(b, '/agents/me/status', cookie, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"status":"online"}' })).status,
    ).toBe(200);
    const ag = await agent(b, cookie);
    // The agents' list on A says the agent on B is connected (once A heard it over the bus).
    const connectedOnA = await eventually(
      async () => ((await (await api(a, '/agents', cookie)).json()) as { items: AgentSummary[] }).items.find((x) => x.email === ADMIN.email)?.connected,
      (connected) => connected === true,
    );
    expect(connectedOnA).toBe(true);

    // Someone can answer: the agent is online on B, the visitor's widget is on A.
    const v = await visitor(a);
    const welcome = v.frames.find((f) => f.type === 'welcome');
    expect(welcome && 'available' in welcome && welcome.available).toBe(true);

    v.send({ type: 'message.send', clientId: 'v1', body: 'Hello from instance A' });
    const ack = await v.next('ack');
    const conversationId = ack.message.conversationId;
    const got = await ag.next('message', (f) => f.message.clientId === 'v1', 5000);
    expect(got.message.body).toBe('Hello from instance A');

    ag.send({ type: 'typing', conversationId });
    const typing = await v.next('typing', (f) => f.author === 'agent', 5000);
    expect(typing.active).toBe(true);
    v.send({ type: 'typing', conversationId });
    await ag.next('typing', (f) => f.author === 'visitor', 5000);

    ag.send({ type: 'message.send', conversationId, clientId: 'a1', body: 'Hi, this is B' });
    await ag.next('ack', (f) => f.clientId === 'a1');
    const reply = await v.next('message', (f) => f.message.clientId === 'a1', 5000);
    expect(reply.message.seq).toBe(2);

    v.send({ type: 'conversation.read', conversationId, seq: 2 });
    const read = await ag.next('read', (f) => f.reader === 'visitor', 5000);
    expect(read.seq).toBe(2);

    // The Visitors page on B lists the visitor whose widget is open on A.
    const live = await eventually(
      async () => ((await (await api(b, '/live/visitors', cookie)).json()) as { items: LiveVisitor[] }).items,
      (items) => items.length === 1,
    );
    expect(live.map((x) => x.visitorId)).toEqual([(await v.next('session')).visitorId]);

    // The agent closes the console on B: the visitor on A is told nobody can answer.
    ag.ws.close();
    const availability = await v.next('availability', (f) => !f.available, 5000);
    expect(availability.available).toBe(false);
  });

  it('logging out on A closes the agent socket on B', async () => {
    const cookie = await login(a.url);
    const ag = await agent(b, cookie);
    const started = Date.now();
    expect((await api(a, '/auth/logout', cookie, { method: 'POST' })).status).toBeLessThan(300);
    const closed = await new Promise<number>((ok) => (ag.closed ? ok(ag.closed.code) : ag.ws.once('close', (code) => ok(code))));
    expect(closed).toBe(4401);
    // Over the bus, not at the next session sweep (15 s).
    expect(Date.now() - started).toBeLessThan(8000);
  });

  it("erasing a visitor on B closes the visitor's widget on A at once", async () => {
    const cookie = await login(a.url);
    const v = await visitor(a);
    v.send({ type: 'message.send', clientId: 'e1', body: 'Please forget me' });
    await v.next('ack');
    const visitorId = (await v.next('session')).visitorId;
    const closed = new Promise<number>((ok) => v.ws.once('close', (code) => ok(code)));
    expect((await api(b, `/visitors/${visitorId}`, cookie, { method: 'DELETE' })).status).toBe(204);
    expect(await closed).toBe(4401);
  });

  it('a site created on A takes visitors on B; deleted on B, its widget on A is closed 4404 and A refuses it, its agents told', async () => {
    const cookie = await login(a.url);
    const json = { 'content-type': 'application/json' };
    const created = await api(a, '/sites', cookie, { method: 'POST', headers: json, body: JSON.stringify({ name: 'Pop-up store' }) });
    expect(created.status).toBe(201);
    const shop = ((await created.json()) as { site: { siteId: string } }).site.siteId;
    const v = await visitorClient(a.wsUrl, shop);
    clients.push(v);
    v.send({ type: 'message.send', clientId: 's1', body: 'Is the pop-up open?' });
    await v.next('ack');
    const onA = await agent(a, cookie);
    const closed = new Promise<number>((ok) => v.ws.once('close', (code) => ok(code)));
    const res = await api(b, `/sites/${shop}`, cookie, { method: 'DELETE', headers: json, body: JSON.stringify({ confirm: 'Pop-up store' }) });
    expect(res.status).toBe(204);
    expect(await closed).toBe(4404);
    expect((await onA.next('site.deleted')).siteId).toBe(shop);
    const again = await TestClient.connect(a.wsUrl);
    clients.push(again);
    again.send(visitorHello(shop));
    expect((await again.waitClose()).code).toBe(4404);
  });

  it('the same message sent to A and B at once is stored once, and both answers carry it', async () => {
    const v = await visitor(a);
    v.send({ type: 'message.send', clientId: 'r0', body: 'First' });
    const first = await v.next('ack');
    const { token } = await v.next('session');
    const conversationId = first.message.conversationId;
    // The same visitor on B too (a second tab, or a retry through the balancer), both sending one client id.
    const w = await visitor(b, token);
    const send = { type: 'message.send', conversationId, clientId: 'r1', body: 'Sent twice' };
    v.send(send);
    w.send(send);
    const [onA, onB] = await Promise.all([v.next('ack', (f) => f.clientId === 'r1'), w.next('ack', (f) => f.clientId === 'r1')]);
    expect(onA.message.id).toBe(onB.message.id);
    expect(onA.message.seq).toBe(2);
    const cookie = await login(a.url);
    const rows = (await (await api(b, `/conversations/${conversationId}/messages?after=0&limit=100`, cookie)).json()) as { items: { clientId: string }[] };
    expect(rows.items.filter((m) => m.clientId === 'r1')).toHaveLength(1);
  });

  it('a file uploaded through A downloads through B', async () => {
    const cookie = await login(a.url);
    const v = await visitor(a);
    v.send({ type: 'message.send', clientId: 'f0', body: 'I will send a file' });
    const conversationId = (await v.next('ack')).message.conversationId;
    const bytes = Buffer.from('%PDF-1.4\n% cluster test\n');
    const q = new URLSearchParams({ conversation: conversationId, name: 'terms.pdf' });
    const up = await api(a, `/attachments?${q}`, cookie, { method: 'POST', headers: { 'content-type': 'application/pdf' }, body: bytes });
    expect(up.status).toBe(201);
    const { attachment } = (await up.json()) as { attachment: { url: string } };
    const down = await fetch(`${b.url}${attachment.url}`, { headers: { cookie } });
    expect(down.status).toBe(200);
    expect(Buffer.from(await down.arrayBuffer())).toEqual(bytes);
  });

  it('says it is ready with the database and Redis; SIGTERM closes its sockets with 1012 and leaves the cluster at once', async () => {
    const res = await fetch(`${a.url}/readyz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ready: true, database: 'ok', redis: 'ok', draining: false });

    const cookie = await login(a.url);
    const d = await startProc(dataDir, undefined, { ...env(), ATENDO_INSTANCE_ID: 'd' });
    const v = await visitor(d);
    v.send({ type: 'message.send', clientId: 'd1', body: 'On an instance about to drain' });
    await v.next('ack');
    const visitorId = (await v.next('session')).visitorId;
    const listed = () => api(a, '/live/visitors', cookie).then(async (r) => ((await r.json()) as { items: LiveVisitor[] }).items.map((x) => x.visitorId));
    expect(await eventually(listed, (ids) => ids.includes(visitorId))).toContain(visitorId);
    const closed = new Promise<number>((ok) => v.ws.once('close', (code) => ok(code)));
    const started = Date.now();
    await d.term();
    expect(await closed).toBe(1012);
    // Gone from the other instance's view as it left, not after the heartbeats' timeout (7 s, then a beat).
    expect(await eventually(listed, (ids) => !ids.includes(visitorId), 6000)).not.toContain(visitorId);
    expect(Date.now() - started).toBeLessThan(6000);
  }, 30_000);

  it('counts the limits of an address on every instance: failed logins and open sockets', async () => {
    // A cluster of two more, with a prefix (and so limits) of their own and a cap of 3 sockets per address.
    const prefix2 = testPrefix('cluster-limits');
    const env2 = { ...env(), ATENDO_REDIS_PREFIX: prefix2, ATENDO_MAX_CONNECTIONS_PER_IP: '3' };
    const e = await startProc(dataDir, undefined, { ...env2, ATENDO_INSTANCE_ID: 'e' });
    const f = await startProc(dataDir, undefined, { ...env2, ATENDO_INSTANCE_ID: 'f' });
    try {
      const wrong = (p: ServerProc, i: number) =>
        fetch(`${p.url}/api/v1/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: `nobody${i}@example.com`, password: 'not the password' }),
        }).then((r) => r.status);
      // 10 failed logins (the default limit per address), alternating between the two instances.
      const statuses = [];
      for (let i = 0; i < 10; i++) statuses.push(await wrong(i % 2 ? f : e, i));
      expect(statuses.every((s) => s === 401)).toBe(true);
      // The 11th is refused on either instance, though each saw only 5.
      expect(await wrong(e, 10)).toBe(429);
      expect(await wrong(f, 11)).toBe(429);

      // Sockets: 3 per address in all. Two on E and one on F fill it; a fourth is refused on either.
      const opened = [await visitorClient(e.wsUrl, siteId), await visitorClient(e.wsUrl, siteId), await visitorClient(f.wsUrl, siteId)];
      clients.push(...opened);
      const refused = (p: ServerProc) =>
        new Promise<number>((ok) => {
          const ws = new WebSocket(p.wsUrl, { headers: { origin: publicUrl } });
          ws.once('unexpected-response', (_req, res) => ok(res.statusCode ?? 0));
          ws.once('open', () => (ws.close(), ok(101)));
          ws.once('error', () => ok(-1));
        });
      expect(await refused(f)).toBe(429);
      expect(await refused(e)).toBe(429);
      // One closes: there is room again, on the other instance.
      opened[0]!.ws.close();
      const room = await eventually(
        () => refused(f),
        (code) => code === 101,
      );
      expect(room).toBe(101);
    } finally {
      await Promise.all([e.term(), f.term()]);
      await dropPrefix(prefix2);
    }
  }, 40_000);

  it('with Redis down, sends are stored and acked; when it is back, sockets are sent to storage and live delivery resumes', async () => {
    if (!redisServerBinary) {
      console.warn('  redis-server is not installed here: the Redis-down test did not run');
      return;
    }
    // A Redis of this test's own, to stop and start again (the machine's is shared with other tests).
    const port = await freePort();
    const startRedis = () => spawn(redisServerBinary, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    let redis = startRedis();
    const own = { ...env(), ATENDO_REDIS_URL: `redis://127.0.0.1:${port}` };
    const x = await startProc(dataDir, undefined, { ...own, ATENDO_INSTANCE_ID: 'x' });
    const y = await startProc(dataDir, undefined, { ...own, ATENDO_INSTANCE_ID: 'y' });
    try {
      const cookie = await login(x.url);
      await api(x, '/agents/me/status', cookie, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"status":"online"}' });
      const ag = await agent(y, cookie);
      const v = await visitor(x);
      v.send({ type: 'message.send', clientId: 'd0', body: 'Before Redis stops' });
      const conversationId = (await v.next('ack')).message.conversationId;
      await ag.next('message', (f) => f.message.clientId === 'd0', 5000);

      redis.kill('SIGKILL');
      await new Promise((r) => redis.once('exit', r));
      v.send({ type: 'message.send', conversationId, clientId: 'd1', body: 'While Redis is down' });
      const ack = await v.next('ack', (f) => f.clientId === 'd1', 5000);
      expect(ack.message.seq).toBe(2);
      const ready = (await (await fetch(`${x.url}/readyz`)).json()) as { ready: boolean; redis: string };
      expect(ready).toMatchObject({ ready: true, redis: 'down' });

      // Redis is back, empty: the instances find they may have missed events and send their clients to storage.
      const agentClosed = new Promise<number>((ok) => (ag.closed ? ok(ag.closed.code) : ag.ws.once('close', (code) => ok(code))));
      redis = startRedis();
      expect(await agentClosed).toBe(1012);
      // The console reconnects and resumes: the message stored while Redis was down is there.
      const again = await agentClient(publicUrl, y.wsUrl, cookie, { [conversationId]: 1 });
      clients.push(again);
      expect((await again.next('message', (f) => f.message.clientId === 'd1', 5000)).message.seq).toBe(2);
      // And live delivery between the instances works again.
      const v2 = await visitor(x);
      v2.send({ type: 'message.send', clientId: 'd2', body: 'After Redis is back' });
      await v2.next('ack');
      expect((await again.next('message', (f) => f.message.clientId === 'd2', 10_000)).message.body).toBe('After Redis is back');
    } finally {
      await Promise.all([x.term(), y.term()]);
      redis.kill('SIGKILL');
    }
  }, 60_000);

  it('when an instance is killed, the other drops its visitors within seconds', async () => {
    const cookie = await login(a.url);
    const c = await startProc(dataDir, undefined, { ...env(), ATENDO_INSTANCE_ID: 'c' });
    try {
      const v = await visitor(c);
      v.send({ type: 'message.send', clientId: 'k1', body: 'I am on C' });
      await v.next('ack');
      const visitorId = (await v.next('session')).visitorId;
      const listed = () => api(a, '/live/visitors', cookie).then(async (r) => ((await r.json()) as { items: LiveVisitor[] }).items.map((x) => x.visitorId));
      expect(await eventually(listed, (ids) => ids.includes(visitorId))).toContain(visitorId);
      await c.kill9();
      const started = Date.now();
      const after = await eventually(listed, (ids) => !ids.includes(visitorId), 15_000);
      expect(after).not.toContain(visitorId);
      expect(Date.now() - started).toBeLessThan(15_000);
    } finally {
      await c.kill9();
    }
  }, 40_000);
});
