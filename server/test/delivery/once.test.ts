/**
 * "Every message once on every socket": a batch the writer thread has committed but not
 * yet published is read by a resume replay and then published live to the socket that just
 * registered. The interleaving is made deterministic by holding the thread's answer (a real writer
 * thread on a real database file) until the new sockets have said hello and been replayed to.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Writer } from '../../src/storage/sqlite/writer';
import type { OffThreadStore } from '../../src/ws/send-queue';
import { login, startTestServer, TestClient } from '../helpers';
import { agentClient, visitorClient } from './proc';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A real writer thread whose answers wait for `release()`; `committed` resolves when the thread has committed. */
function gatedWriter(file: string) {
  const real = new Writer(file);
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  let committed!: () => void;
  const didCommit = new Promise<void>((r) => (committed = r));
  const writer: OffThreadStore & { start(): Promise<void>; close(): Promise<void> } = {
    available: () => real.available(),
    get alive() {
      return real.alive;
    },
    async appendBatch(sends, assignable) {
      const stored = await real.appendBatch(sends, assignable);
      committed();
      await gate;
      return stored;
    },
    start: () => real.start(),
    close: () => real.close(),
  };
  return { writer, release, didCommit };
}

async function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'atendo-once-'));
  const file = join(dir, 'atendo.db');
  const gated = gatedWriter(file);
  const server = await startTestServer({ dbFile: file, sockets: { writer: gated.writer, sendQueue: { inlineUpTo: 0 } } });
  await gated.writer.start();
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  cleanups.push(() => server.close());
  cleanups.push(() => gated.writer.close());
  // Run first (cleanups run last-in first): a failed assertion must not leave the thread's answer held.
  cleanups.push(() => gated.release());
  const cookie = await login(server.url);
  return { server, cookie, ...gated };
}

const seqsOf = (c: TestClient, conversationId: string) =>
  c
    .of('message')
    .filter((f) => f.message.conversationId === conversationId)
    .map((f) => f.message.seq);

describe('a message committed on the writer thread and published after a resume', () => {
  it('reaches a socket that resumed in between once, from the replay, and not again live', async () => {
    const { server, cookie, release, didCommit } = await setup();
    const first = await visitorClient(server.wsUrl, server.siteId);
    first.send({ type: 'message.send', clientId: 'once-first-0123456789', body: 'Hello' });
    const { token } = await first.next('session');
    const ack1 = await first.next('ack');
    const conversationId = ack1.message.conversationId;
    expect(ack1.message.seq).toBe(1);

    // Seq 2 goes to the thread, which commits it; its answer (and so its publication) is held.
    first.send({ type: 'message.send', conversationId, clientId: 'once-second', body: 'Second' });
    await didCommit;

    // Another tab of the visitor and an agent console say hello, each holding seq 1: the replay reads seq 2.
    const tab = await visitorClient(server.wsUrl, server.siteId, token, { [conversationId]: 1 });
    const agent = await agentClient(server.url, server.wsUrl, cookie, { [conversationId]: 1 });
    await tab.next('message', (f) => f.message.seq === 2);
    await agent.next('message', (f) => f.message.seq === 2);
    expect(seqsOf(tab, conversationId)).toEqual([2]);
    expect(seqsOf(agent, conversationId)).toEqual([2]);

    // Now the thread's answer is published: the sender gets its ack, the others no second copy.
    release();
    expect((await first.next('ack', (f) => f.clientId === 'once-second')).message.seq).toBe(2);
    // A third message, after which every earlier frame has arrived: each socket holds 2 and 3 once.
    first.send({ type: 'message.send', conversationId, clientId: 'once-third', body: 'Third' });
    await tab.next('message', (f) => f.message.seq === 3);
    await agent.next('message', (f) => f.message.seq === 3);
    expect(seqsOf(tab, conversationId)).toEqual([2, 3]);
    expect(seqsOf(agent, conversationId)).toEqual([2, 3]);
    for (const c of [first, tab, agent]) c.close();
  });

  it('takes a resume seq above what exists as what exists: later live copies still arrive', async () => {
    const { server, cookie, release } = await setup();
    release();
    const v = await visitorClient(server.wsUrl, server.siteId);
    v.send({ type: 'message.send', clientId: 'floor-first-0123456789', body: 'Hello' });
    const { conversationId } = (await v.next('ack')).message;
    // An agent (or a client with a restored database) claims to hold seq 999.
    const agent = await agentClient(server.url, server.wsUrl, cookie, { [conversationId]: 999 });
    v.send({ type: 'message.send', conversationId, clientId: 'floor-second', body: 'Second' });
    expect((await agent.next('message', (f) => f.message.clientId === 'floor-second')).message.seq).toBe(2);
    v.close();
    agent.close();
  });
});
