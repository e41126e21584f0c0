/**
 * After a visitor is erased, nothing of what they wrote or what was written
 * about them is left in the database files. An attack run found the message, the internal note and
 * the rating comment in free pages of atendo.db and in the WAL after a checkpoint, and the message's
 * words in the FTS5 segments. This runs a real server on a real file, with its writer thread, writes
 * canaries everywhere, erases the visitor through the route and greps the files' bytes.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SearchResponse } from '@atendo/shared';
import type { SqliteStorage } from '../../src/storage/sqlite';
import { Writer } from '../../src/storage/sqlite/writer';
import { login, startTestServer, TestClient } from '../helpers';
import { agentSocket, visitorHello } from './kit';

let srv: Awaited<ReturnType<typeof startTestServer>>;
let cookie: string;
let file: string;
/** The send path's writer thread, with its own connection to the file, up before the first send. */
let writer: Writer;
let dir: string;
/**
 * The event loop's SQLite connection. This test is about the SQLite files themselves (free pages,
 * the WAL, FTS5 segments, secure_delete), so it reaches past the ports into the SQLite storage.
 */
const sqlite = () => (srv.services.storage as SqliteStorage).db.$client;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'atendo-erase-'));
  file = join(dir, 'atendo.db');
  writer = new Writer(file);
  srv = await startTestServer({ dbFile: file, sockets: { writer, sendQueue: { inlineUpTo: 0 } } }, { ATENDO_DATA_DIR: dir });
  await writer.start();
  cookie = await login(srv.url);
});
afterAll(async () => {
  await srv.close();
  await writer.close();
  rmSync(dir, { recursive: true, force: true });
});

const api = async (method: string, path: string, body?: unknown) => {
  const res = await fetch(`${srv.url}/api/v1${path}`, {
    method,
    headers: { cookie, origin: srv.url, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: res.status === 204 ? null : await res.json() };
};
const search = async (q: string) => ((await api('GET', `/search?q=${encodeURIComponent(q)}`)).body as SearchResponse).items;

/** Where each canary still appears in the database files (the FTS index stores words lower-cased). */
function leftovers(canaries: string[]): string[] {
  const found: string[] = [];
  for (const f of [file, `${file}-wal`]) {
    if (!existsSync(f)) continue;
    const bytes = readFileSync(f).toString('latin1').toLowerCase();
    for (const c of canaries) if (bytes.includes(c.toLowerCase())) found.push(`${c} in ${f.slice(file.length - 9)}`);
  }
  return found;
}

describe('erasure leaves nothing recoverable on disk (finding 6)', () => {
  it('wipes the message, the agent reply, the note, the rating comment, name, e-mail, attributes and pages from the file, the WAL and the search index', async () => {
    const tag = `zq${Math.random().toString(36).slice(2, 8).replace(/\d/g, 'x')}`;
    const C = {
      message: `${tag}message`,
      street: `${tag}street`,
      reply: `${tag}reply`,
      note: `${tag}note`,
      comment: `${tag}comment`,
      name: `${tag}name`,
      email: `${tag}mail`,
      attribute: `${tag}attribute`,
      page: `${tag}page`,
      late: `${tag}late`,
    };
    const agent = await agentSocket(srv.wsUrl, cookie);
    // Someone else chats before and after: their words must stay, and stay searchable.
    const other = await TestClient.connect(srv.wsUrl);
    other.send(visitorHello(srv.siteId));
    await other.next('welcome');
    other.send({ type: 'message.send', clientId: 'other-1', body: 'keepme order 1234 arrived' });
    await other.next('ack');

    const v = await TestClient.connect(srv.wsUrl);
    v.send(visitorHello(srv.siteId, { page: { url: `https://shop.example/${C.page}?q=1`, title: 'Checkout' }, attributes: { plan: C.attribute } }));
    await v.next('welcome');
    v.send({ type: 'message.send', clientId: 'erase-1', body: `erase me ${C.message} my address is 12 Rua Augusta ${C.street}` });
    const ack = await v.next('ack', (f) => f.clientId === 'erase-1');
    const { visitorId } = await v.next('session');
    const conversationId = ack.message.conversationId;
    // Later messages go through the writer thread (its own connection).
    for (let i = 2; i <= 6; i++) {
      v.send({ type: 'message.send', conversationId, clientId: `erase-${i}`, body: `${C.message} again ${i}, ${C.street}` });
      await v.next('ack', (f) => f.clientId === `erase-${i}`);
    }
    v.send({ type: 'contact', name: `Maria ${C.name}`, email: `${C.email}@example.com` });
    agent.send({ type: 'message.send', conversationId, clientId: 'reply-1', body: `We will ship to ${C.reply}` });
    await agent.next('ack', (f) => f.clientId === 'reply-1');
    expect((await api('POST', `/conversations/${conversationId}/notes`, { body: `Internal: ${C.note} looks like fraud` })).status).toBe(201);
    expect((await api('POST', `/conversations/${conversationId}/status`, { status: 'resolved' })).status).toBe(200);
    await v.next('conversation.status', (f) => f.conversation.status === 'resolved');
    v.send({ type: 'conversation.rate', conversationId, csat: 2, comment: `Slow, and ${C.comment} broke` });
    await v.next('conversation.rated');

    // The console finds it all (so the search index holds it), and a checkpoint put it in the file.
    expect((await search(C.message)).map((h) => h.conversation.id)).toContain(conversationId);
    expect((await search(C.name)).map((h) => h.conversation.id)).toContain(conversationId);
    sqlite().pragma('wal_checkpoint(PASSIVE)');
    // A last message that the send path has not indexed yet when the erasure comes.
    v.send({ type: 'message.send', conversationId, clientId: 'erase-late', body: `one more ${C.late}` });
    await v.next('ack', (f) => f.clientId === 'erase-late');
    // The probe can see what it looks for, and the writer thread's connection took part.
    expect(leftovers(Object.values(C)).length).toBeGreaterThan(8);
    expect(writer.committed).toBeGreaterThan(0);

    expect((await api('DELETE', `/visitors/${visitorId}`)).status).toBe(204);
    expect((await v.waitClose()).code).toBe(4401);
    expect(leftovers(Object.values(C))).toEqual([]);

    // What the attack run did: a checkpoint from another connection, then the bytes again.
    const probe = new Database(file);
    probe.pragma('wal_checkpoint(TRUNCATE)');
    probe.close();
    expect(leftovers(Object.values(C))).toEqual([]);

    // Nothing pending comes back later: the unindexed message is not indexed by the next search.
    other.send({ type: 'message.send', conversationId: (await other.next('ack')).message.conversationId, clientId: 'other-2', body: 'keepme second note' });
    await other.next('ack', (f) => f.clientId === 'other-2');
    expect(await search(C.late)).toEqual([]);
    expect(await search(C.message)).toEqual([]);
    expect(await search(C.name)).toEqual([]);
    expect(leftovers(Object.values(C))).toEqual([]);
    // The index is whole and still finds everyone else.
    expect(await search('keepme')).toHaveLength(1);
    sqlite().exec(`INSERT INTO messages_fts(messages_fts) VALUES('integrity-check'); INSERT INTO visitors_fts(visitors_fts) VALUES('integrity-check')`);
    agent.close();
    other.close();
  });

  it('turns secure_delete on for the event loop and the writer thread alike (both open the file with openDb)', async () => {
    expect(sqlite().pragma('secure_delete', { simple: true })).toBe(1);
    const { openDb } = await import('../../src/storage/sqlite/client');
    const writerLike = openDb(file, { migrate: false });
    expect(writerLike.$client.pragma('secure_delete', { simple: true })).toBe(1);
    writerLike.$client.close();
  });
});
