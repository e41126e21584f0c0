/** The cluster's bus on a real Redis: delivery between instances, and every way it finds a gap. */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import type { DomainEvent } from '../../domain/events';
import { dropPrefix, redisAnswers, redisClient, testPrefix, testRedisUrl } from '../../../test/redis';
import { idAfter, RedisBus } from './bus';

const reachable = await redisAnswers();
const prefix = testPrefix('bus');
const stream = `${prefix}events`;
const open: { bus: RedisBus; pub: Redis }[] = [];

async function bus(id: string, blockMs = 300): Promise<{ bus: RedisBus; events: { event: DomainEvent; remote: boolean }[]; pub: Redis; sub: Redis }> {
  const retryStrategy = () => 50;
  const pub = new Redis(testRedisUrl, { connectionName: `t-${id}`, lazyConnect: true, retryStrategy });
  const sub = new Redis(testRedisUrl, {
    connectionName: `t-${id}-sub`,
    lazyConnect: true,
    retryStrategy,
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    enableOfflineQueue: false,
  });
  for (const c of [pub, sub]) c.on('error', () => {});
  await Promise.all([pub.connect(), sub.connect()]);
  const b = new RedisBus(pub, sub, id, { stream, retentionMs: 60_000, blockMs, log: process.env.DEBUG_BUS ? (l) => console.log(id, l) : () => {} });
  const events: { event: DomainEvent; remote: boolean }[] = [];
  b.on((event, remote) => events.push({ event, remote }));
  await b.start();
  open.push({ bus: b, pub });
  return { bus: b, events, pub, sub };
}

const note = (text: string): DomainEvent => ({ type: 'cache.changed', what: 'sites', text }) as unknown as DomainEvent;
const texts = (events: { event: DomainEvent; remote: boolean }[]) =>
  events.filter((e) => e.remote && e.event.type === 'cache.changed').map((e) => (e.event as unknown as { text: string }).text);

async function until(check: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** B read 'before'; then, while B is not reading (its connection paused), A writes 'missed' and the stream is trimmed to nothing; B reads again. */
async function trimmedPast() {
  const a = await bus('a');
  const b = await bus('b', 100);
  a.bus.emit(note('before'));
  await until(() => texts(b.events).length === 1);
  const ended = new Promise((r) => b.sub.once('end', r));
  b.sub.disconnect();
  await ended;
  a.bus.emit(note('missed'));
  await new Promise((r) => setTimeout(r, 100));
  const admin = redisClient();
  await admin.xtrim(stream, 'MAXLEN', 0);
  admin.disconnect();
  await b.sub.connect().catch(() => {});
  return { a, b };
}

afterEach(async () => {
  for (const o of open.splice(0)) {
    await o.bus.stop();
    o.pub.disconnect();
  }
});
afterAll(() => dropPrefix(prefix));

describe('stream ids', () => {
  it('compares by time, then sequence', () => {
    expect(idAfter('2-0', '1-5')).toBe(true);
    expect(idAfter('1-6', '1-5')).toBe(true);
    expect(idAfter('1-5', '1-5')).toBe(false);
    expect(idAfter('0-0', '1-0')).toBe(false);
  });
});

describe.skipIf(!reachable)('the Redis bus', () => {
  it('delivers each event to every other instance once, in order, and to its own listeners at once', async () => {
    const a = await bus('a');
    const b = await bus('b');
    for (let i = 0; i < 50; i++) a.bus.emit(note(`a${i}`));
    // Local delivery is synchronous and not remote.
    expect(a.events.filter((e) => !e.remote)).toHaveLength(50);
    await until(() => texts(b.events).length === 50);
    expect(texts(b.events)).toEqual(Array.from({ length: 50 }, (_, i) => `a${i}`));
    // A does not read its own entries back.
    await new Promise((r) => setTimeout(r, 400));
    expect(texts(a.events)).toEqual([]);
    expect(b.bus.gaps).toBe(0);
  });

  it('loses nothing when its reading connection is killed, and finds no gap', async () => {
    const a = await bus('a');
    const b = await bus('b');
    const admin = redisClient();
    let sent = 0;
    const writer = setInterval(() => a.bus.emit(note(`m${sent++}`)), 2);
    await new Promise((r) => setTimeout(r, 150));
    // Only these two connections (others on this Redis are other tests'): A's writer and B's reader.
    const ids = [await a.pub.client('ID'), await b.sub.client('ID')];
    for (const id of ids) await admin.client('KILL', 'ID', String(id));
    await new Promise((r) => setTimeout(r, 300));
    clearInterval(writer);
    await until(() => texts(b.events).length >= sent, 8000);
    expect(texts(b.events)).toEqual(Array.from({ length: sent }, (_, i) => `m${i}`));
    expect(b.bus.gaps).toBe(0);
    admin.disconnect();
  });

  it('finds a gap when the stream was trimmed past what it read', async () => {
    const { a, b } = await trimmedPast();
    // The next entry's number says what was lost.
    a.bus.emit(note('next'));
    await until(() => b.events.some((e) => e.event.type === 'bus.gap'));
    expect(b.bus.gaps).toBe(1);
    expect(texts(b.events)).toEqual(['before']);
    // After the gap it reads on from the stream's end.
    a.bus.emit(note('after'));
    await until(() => texts(b.events).includes('after'));
  });

  it('finds a gap when the stream was trimmed past what it read and nothing was written since', async () => {
    const { a, b } = await trimmedPast();
    // Silence after the trim: no later entry's number can show the hole; the idle check does.
    await until(() => b.events.some((e) => e.event.type === 'bus.gap'));
    expect(b.bus.gaps).toBe(1);
    expect(texts(b.events)).toEqual(['before']);
    // An idle reader that missed nothing finds nothing (several idle checks pass).
    await new Promise((r) => setTimeout(r, 400));
    expect(a.bus.gaps).toBe(0);
    expect(b.bus.gaps).toBe(1);
    a.bus.emit(note('after'));
    await until(() => texts(b.events).includes('after'));
  });

  it('finds a gap when an entry of the cluster is missing (a number taken, its entry never written)', async () => {
    const a = await bus('a');
    const b = await bus('b');
    a.bus.emit(note('one'));
    await until(() => texts(b.events).length === 1);
    const admin = redisClient();
    await admin.incr(`${stream}:seq`);
    admin.disconnect();
    a.bus.emit(note('two'));
    await until(() => b.events.some((e) => e.event.type === 'bus.gap'));
    expect(b.bus.gaps).toBe(1);
    // Read on after the gap.
    a.bus.emit(note('three'));
    await until(() => texts(b.events).includes('three'));
  });

  it("finds a gap when a publisher's own counter skips (a publish its client gave up on)", async () => {
    const a = await bus('a');
    const b = await bus('b');
    a.bus.emit(note('one'));
    await until(() => texts(b.events).length === 1);
    const admin = redisClient();
    const g = await admin.incr(`${stream}:seq`);
    await admin.xadd(stream, '*', 'g', String(g), 'i', 'a', 'n', '3', 'v', JSON.stringify(note('three')));
    admin.disconnect();
    await until(() => b.events.some((e) => e.event.type === 'bus.gap'));
    expect(b.bus.gaps).toBe(1);
    expect(texts(b.events)).toEqual(['one']);
  });

  it('delivers an entry written twice (its reply lost, sent again) once, and finds no gap', async () => {
    const a = await bus('a');
    const b = await bus('b');
    a.bus.emit(note('one'));
    await until(() => texts(b.events).length === 1);
    const admin = redisClient();
    const g = await admin.incr(`${stream}:seq`);
    await admin.xadd(stream, '*', 'g', String(g), 'i', 'a', 'n', '1', 'v', JSON.stringify(note('one')));
    admin.disconnect();
    a.bus.emit(note('two'));
    await until(() => texts(b.events).length >= 2);
    await new Promise((r) => setTimeout(r, 200));
    expect(texts(b.events)).toEqual(['one', 'two']);
    expect(b.bus.gaps).toBe(0);
  });

  it('finds a gap when the stream is gone (a Redis restart without persistence)', async () => {
    const a = await bus('a');
    const b = await bus('b', 100);
    a.bus.emit(note('one'));
    await until(() => texts(b.events).length === 1);
    const admin = redisClient();
    await admin.del(stream);
    admin.disconnect();
    await until(() => b.events.some((e) => e.event.type === 'bus.gap'));
    expect(b.bus.gaps).toBe(1);
  });
});
