/**
 * The delivery promise, "no message lost, duplicated or reordered", proved against real server processes over
 * real sockets: idempotent sends, resume, resync, kill -9 around the ack, the first-message gap,
 * concurrent writers, typing, read receipts and several tabs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Message } from '@atendo/shared';
import { login, settle, TestClient } from '../helpers';
import { agentClient, siteIdOf, startProc, tempDataDir, transcript, visitorClient, visitorHello, type ServerProc } from './proc';

/** A visitor that wrote a first message: its token and conversation. */
async function firstMessage(p: ServerProc, siteId: string, clientId = 'first-' + Math.random().toString(36).slice(2), body = 'Hello') {
  const c = await visitorClient(p.wsUrl, siteId);
  c.send({ type: 'message.send', clientId, body });
  const session = await c.next('session');
  const ack = await c.next('ack', (f) => f.clientId === clientId);
  return { client: c, token: session.token, visitorId: session.visitorId, conversationId: ack.message.conversationId, ack };
}

describe('one server process, ATENDO_RESUME_GAP=10', () => {
  const data = tempDataDir();
  let p: ServerProc;
  let siteId: string;
  let cookie: string;
  beforeAll(async () => {
    p = await startProc(data.dir, undefined, { ATENDO_RESUME_GAP: '10' });
    siteId = await siteIdOf(p.url);
    cookie = await login(p.url);
  });
  afterAll(async () => {
    await p.kill9();
    await data.remove();
  });

  it('the same clientId sent twice, and twice concurrently, stores one row and acks the original both times', async () => {
    const v = await firstMessage(p, siteId);
    v.client.send({ type: 'message.send', conversationId: v.conversationId, clientId: 'twice', body: 'Once only' });
    const first = await v.client.next('ack', (f) => f.clientId === 'twice');
    v.client.send({ type: 'message.send', conversationId: v.conversationId, clientId: 'twice', body: 'Once only' });
    await settle(100);
    const acks = v.client.of('ack').filter((f) => f.clientId === 'twice');
    expect(acks).toHaveLength(2);
    expect(acks[1]!.message).toEqual(first.message);

    // Concurrently, from two tabs of the same visitor, in the same instant.
    const tabs = await Promise.all([visitorClient(p.wsUrl, siteId, v.token), visitorClient(p.wsUrl, siteId, v.token)]);
    for (const t of tabs) t.send({ type: 'message.send', conversationId: v.conversationId, clientId: 'race', body: 'Raced' });
    const raced = await Promise.all(tabs.map((t) => t.next('ack', (f) => f.clientId === 'race')));
    expect(raced[0]!.message).toEqual(raced[1]!.message);

    // Same id, other body: refused with a clear error, nothing stored.
    v.client.send({ type: 'message.send', conversationId: v.conversationId, clientId: 'twice', body: 'Something else' });
    const err = await v.client.next('error', (f) => f.clientId === 'twice');
    expect(err.code).toBe('conflict');

    const rows = await transcript(p.url, cookie, v.conversationId);
    expect(rows.filter((r) => r.clientId === 'twice')).toHaveLength(1);
    expect(rows.filter((r) => r.clientId === 'race')).toHaveLength(1);
    expect(rows.map((r) => r.body)).toEqual(['Hello', 'Once only', 'Raced']);
    for (const t of [...tabs, v.client]) t.close();
  });

  it('a visitor offline while five messages arrive gets exactly those five, in order, on reconnect', async () => {
    const v = await firstMessage(p, siteId);
    const a = await agentClient(p.url, p.wsUrl, cookie);
    v.client.close();
    await v.client.waitClose();
    for (let i = 1; i <= 5; i++) {
      a.send({ type: 'message.send', conversationId: v.conversationId, clientId: `off-${i}`, body: `Reply ${i}` });
      await a.next('ack', (f) => f.clientId === `off-${i}`);
    }
    const back = await visitorClient(p.wsUrl, siteId, v.token, { [v.conversationId]: v.ack.message.seq });
    await settle(150);
    const replayed = back.of('message').map((f) => f.message);
    expect(replayed.map((m) => m.body)).toEqual(['Reply 1', 'Reply 2', 'Reply 3', 'Reply 4', 'Reply 5']);
    expect(replayed.map((m) => m.seq)).toEqual([2, 3, 4, 5, 6]);
    expect(back.of('resync')).toHaveLength(0);
    back.close();
    a.close();
  });

  it('a gap larger than ATENDO_RESUME_GAP gets an explicit resync, then the complete history page by page', async () => {
    const v = await firstMessage(p, siteId);
    const a = await agentClient(p.url, p.wsUrl, cookie);
    v.client.close();
    for (let i = 1; i <= 15; i++) a.send({ type: 'message.send', conversationId: v.conversationId, clientId: `gap-${i}`, body: `Gap ${i}` });
    await a.next('ack', (f) => f.clientId === 'gap-15');
    const back = await visitorClient(p.wsUrl, siteId, v.token, { [v.conversationId]: 1 });
    const resync = await back.next('resync');
    expect(resync).toEqual({ type: 'resync', conversationId: v.conversationId, lastSeq: 16 });
    await settle(100);
    expect(back.of('message')).toHaveLength(0); // never a partial replay (a silent hole)

    const got: Message[] = [];
    let after = 0;
    for (let page = 0; page < 10; page++) {
      back.send({ type: 'history.get', conversationId: v.conversationId, after, limit: 6 });
      const h = await back.next('history', (f) => f.after === after);
      got.push(...h.messages);
      if (!h.more) break;
      after = h.messages[h.messages.length - 1]!.seq;
    }
    expect(got.map((m) => m.seq)).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
    // Someone else's conversation is not readable.
    const stranger = await firstMessage(p, siteId);
    stranger.client.send({ type: 'history.get', conversationId: v.conversationId, after: 0 });
    expect((await stranger.client.next('error')).code).toBe('not_found');
    for (const c of [back, a, stranger.client]) c.close();
  });

  it('first-message gap: a token-less retry of a committed first message resumes the same visitor, one copy', async () => {
    const a = await agentClient(p.url, p.wsUrl, cookie);
    // The first socket sent and the server committed, but the socket died before `session` arrived.
    const lost = await TestClient.connect(p.wsUrl);
    lost.send(visitorHello(siteId));
    await lost.next('welcome');
    lost.send({ type: 'message.send', clientId: 'gap-first-1-0123456789', body: 'Is anyone there?' });
    const original = await a.next('message', (f) => f.message.clientId === 'gap-first-1-0123456789');
    lost.ws.terminate();

    // The widget has no token, so it retries the same clientId on a new token-less socket.
    const retry = await visitorClient(p.wsUrl, siteId);
    retry.send({ type: 'message.send', clientId: 'gap-first-1-0123456789', body: 'Is anyone there?' });
    const session = await retry.next('session');
    const ack = await retry.next('ack');
    expect(ack.message).toEqual(original.message);
    expect(session.visitorId).toBe(
      original.message.conversationId && (await a.next('conversation', (f) => f.conversation.id === original.message.conversationId)).conversation.visitorId,
    );

    // The fresh token resumes that visitor, who owns exactly one conversation with one message.
    const resumed = await visitorClient(p.wsUrl, siteId, session.token);
    const welcome = resumed.of('welcome')[0]!;
    expect(welcome.role === 'visitor' && welcome.conversations.map((c) => c.id)).toEqual([original.message.conversationId]);
    expect(await transcript(p.url, cookie, original.message.conversationId)).toHaveLength(1);
    // A different first message still creates a different visitor.
    const other = await firstMessage(p, siteId, 'gap-first-2-0123456789');
    expect(other.visitorId).not.toBe(session.visitorId);
    for (const c of [a, retry, resumed, other.client]) c.close();
  });

  it('typing goes both ways and expires by itself; read receipts reach the other side and the reader’s other tabs', async () => {
    const v = await firstMessage(p, siteId);
    const tab2 = await visitorClient(p.wsUrl, siteId, v.token);
    const a = await agentClient(p.url, p.wsUrl, cookie);
    v.client.send({ type: 'typing', conversationId: v.conversationId });
    expect(await a.next('typing')).toMatchObject({ conversationId: v.conversationId, author: 'visitor', active: true });
    // Throttled: a second frame at once is not relayed.
    v.client.send({ type: 'typing', conversationId: v.conversationId });
    a.send({ type: 'typing', conversationId: v.conversationId });
    const agentTyping = await v.client.next('typing');
    expect(agentTyping).toMatchObject({ author: 'agent', name: 'Admin', active: true });
    await tab2.next('typing');
    a.send({ type: 'typing', conversationId: v.conversationId, active: false });
    await v.client.next('typing', (f) => !f.active);
    expect(a.of('typing').filter((f) => f.author === 'visitor')).toHaveLength(1);

    // The agent reads: the visitor (both tabs) sees "Seen" up to seq 1.
    a.send({ type: 'conversation.read', conversationId: v.conversationId, seq: 1 });
    expect(await v.client.next('read')).toEqual({ type: 'read', conversationId: v.conversationId, reader: 'agent', seq: 1 });
    await tab2.next('read', (f) => f.reader === 'agent');
    // The agent replies; the visitor reads it in tab 1: agents and tab 2 learn it, tab 1 is not echoed.
    a.send({ type: 'message.send', conversationId: v.conversationId, clientId: 'rr', body: 'Hi!' });
    await v.client.next('message', (f) => f.message.clientId === 'rr');
    v.client.send({ type: 'conversation.read', conversationId: v.conversationId, seq: 2 });
    expect(await a.next('read', (f) => f.reader === 'visitor')).toMatchObject({ seq: 2 });
    expect(await tab2.next('read', (f) => f.reader === 'visitor')).toMatchObject({ seq: 2 });
    await settle(50);
    expect(v.client.of('read').filter((f) => f.reader === 'visitor')).toHaveLength(0);
    // Receipts survive a reconnect: welcome carries them.
    const tab3 = await visitorClient(p.wsUrl, siteId, v.token);
    const w = tab3.of('welcome')[0]!;
    expect(w.role === 'visitor' && w.conversations[0]).toMatchObject({ agentReadSeq: 1, visitorReadSeq: 2 });
    for (const c of [v.client, tab2, tab3, a]) c.close();
  });

  it('two agents and the visitor writing hundreds of messages at once all end with the same gap-free transcript', async () => {
    const v = await firstMessage(p, siteId);
    const cookie2 = await login(p.url);
    const a1 = await agentClient(p.url, p.wsUrl, cookie);
    const a2 = await agentClient(p.url, p.wsUrl, cookie2);
    const writers = [v.client, a1, a2];
    const per = 100;
    const ackWaits: Promise<unknown>[] = [];
    for (let i = 0; i < per; i++) {
      writers.forEach((w, k) => {
        const clientId = `w${k}-${i}`;
        w.send({ type: 'message.send', conversationId: v.conversationId, clientId, body: `from ${k} #${i}` });
        if (i === per - 1) ackWaits.push(w.next('ack', (f) => f.clientId === clientId, 15_000));
      });
    }
    await Promise.all(ackWaits);
    await settle(300);
    const total = 1 + per * writers.length;
    /** What each client holds: its acks plus the messages it was sent. */
    const held = (c: TestClient) => {
      const bySeq = new Map<number, string>();
      for (const f of c.frames) {
        const m = f.type === 'ack' || f.type === 'message' ? f.message : null;
        if (m && m.conversationId === v.conversationId) bySeq.set(m.seq, m.clientId);
      }
      return [...bySeq.entries()].sort((x, y) => x[0] - y[0]);
    };
    const stored = (await transcript(p.url, cookie, v.conversationId)).map((m) => [m.seq, m.clientId] as [number, string]);
    expect(stored).toHaveLength(total);
    expect(stored.map(([s]) => s)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    for (const w of writers) expect(held(w).filter(([s]) => s > 1)).toEqual(stored.slice(1));
    // Each writer's own messages are stored in the order it sent them.
    for (let k = 0; k < 3; k++) {
      const mine = stored.filter(([, c]) => c.startsWith(`w${k}-`)).map(([, c]) => Number(c.split('-')[1]));
      expect(mine).toEqual(Array.from({ length: per }, (_, i) => i));
    }
    for (const c of writers) c.close();
  });
});

describe('kill -9', () => {
  const data = tempDataDir();
  let p: ServerProc;
  afterAll(async () => {
    await p?.kill9();
    await data.remove();
  });

  it('a message acked right before kill -9 is there after restart; one sent but not acked is stored once after the retry', async () => {
    p = await startProc(data.dir);
    const port = Number(new URL(p.url).port);
    const siteId = await siteIdOf(p.url);
    const v = await firstMessage(p, siteId, 'k-first', 'Before the crash');
    v.client.send({ type: 'message.send', conversationId: v.conversationId, clientId: 'k-acked', body: 'Acked then killed' });
    await v.client.next('ack', (f) => f.clientId === 'k-acked');
    await p.kill9();

    p = await startProc(data.dir, port);
    let cookie = await login(p.url);
    expect((await transcript(p.url, cookie, v.conversationId)).map((m) => m.clientId)).toEqual(['k-first', 'k-acked']);

    // Sent, and the process dies before it can answer (some may have committed, some not).
    const c = await visitorClient(p.wsUrl, siteId, v.token);
    const ids = Array.from({ length: 30 }, (_, i) => `k-burst-${i}`);
    for (const id of ids) c.send({ type: 'message.send', conversationId: v.conversationId, clientId: id, body: `Burst ${id}` });
    await p.kill9();
    const ackedBeforeKill = new Map(c.of('ack').map((f) => [f.clientId, f.message]));

    p = await startProc(data.dir, port);
    cookie = await login(p.url);
    const retry = await visitorClient(p.wsUrl, siteId, v.token);
    for (const id of ids) retry.send({ type: 'message.send', conversationId: v.conversationId, clientId: id, body: `Burst ${id}` });
    await retry.next('ack', (f) => f.clientId === ids[ids.length - 1], 10_000);
    await settle(100);
    for (const f of retry.of('ack')) {
      const before = ackedBeforeKill.get(f.clientId);
      if (before) expect(f.message).toEqual(before); // the original ack, not a second row
    }
    const rows = await transcript(p.url, cookie, v.conversationId);
    for (const id of ids) expect(rows.filter((r) => r.clientId === id)).toHaveLength(1);
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: rows.length }, (_, i) => i + 1));
    expect(rows).toHaveLength(32);
    retry.close();
  });
});
