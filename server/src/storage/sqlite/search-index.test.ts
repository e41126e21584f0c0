import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Send, Sender } from '../conversations';
import { aSite, aVisitor } from '../contract/fixtures';
import { openSqliteStorage, type SqliteStorage } from './index';
import type { SqliteSearchStore } from './search';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function open(file = ':memory:') {
  const storage = openSqliteStorage(file);
  let closed = false;
  const close = async () => {
    if (!closed) await storage.close();
    closed = true;
  };
  cleanups.push(close);
  const site = await aSite(storage);
  const visitor = async (): Promise<Sender> => ({ kind: 'visitor', visitorId: (await aVisitor(storage, site.id)).id, siteId: site.id });
  const found = async (q: string) => (await storage.search.search(q, { visitors: 20, messages: 100 })).messages.map((h) => h.body);
  const sendMany = async (sends: Send[]) => (await storage.conversations.appendBatch(sends)).stored;
  const send = async (sender: Sender, input: Send['input']) => {
    const [slot] = await sendMany([{ sender, input }]);
    if (!slot!.ok) throw slot!.error;
    return slot!.message;
  };
  const index = (storage.search as SqliteSearchStore).indexer;
  return { storage, db: storage.db, visitor, found, send, sendMany, index, close };
}

const mark = (s: SqliteStorage) => s.db.$client.prepare("SELECT last_rowid FROM search_progress WHERE name = 'messages'").pluck().get() as number;
const indexed = (s: SqliteStorage) => s.db.$client.prepare("SELECT count(*) FROM messages_fts WHERE messages_fts MATCH 'parcel'").pluck().get() as number;

describe('search indexing in batches (migration 0007)', () => {
  it('finds a message as soon as its batch is acked, and every message of the batch', async () => {
    const { visitor, found, send, sendMany } = await open();
    const a = await visitor();
    const first = await send(a, { clientId: 'a1', body: 'Where is my parcel?' });
    expect(await found('parcel')).toEqual(['Where is my parcel?']);
    const out = await sendMany([
      { sender: a, input: { conversationId: first.conversationId, clientId: 'a2', body: 'Tracking says zanzibar' } },
      { sender: await visitor(), input: { clientId: 'b1', body: 'Zanzibar again' } },
    ]);
    expect(out.every((o) => o.ok)).toBe(true);
    expect((await found('zanzibar')).sort()).toEqual(['Tracking says zanzibar', 'Zanzibar again']);
  });

  it('indexes at start what was written without the send path, and never twice', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'atendo-fts-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'atendo.db');
    const one = await open(file);
    const a = await one.visitor();
    const sent = await one.send(a, { clientId: 'a1', body: 'my parcel is late' });
    // A row written straight into the table (a seed, a restore, a crash before indexing): not indexed yet.
    one.db.$client
      .prepare(
        "INSERT INTO messages (id, conversation_id, seq, client_id, author, body, created_at) VALUES ('m-raw', ?, 2, 'raw', 'visitor', 'a parcel written by hand', 0)",
      )
      .run(sent.conversationId);
    expect(indexed(one.storage)).toBe(1);
    await one.close();

    const two = await open(file);
    expect(await two.storage.search.catchUp()).toBe(1);
    expect(await two.found('hand')).toEqual(['a parcel written by hand']);
    expect(await two.storage.search.catchUp()).toBe(0);
    expect(indexed(two.storage)).toBe(2);
  });

  it('the send path indexes once a second or once 2,000 wait, and a search finds what still waits', async () => {
    const { storage, index, visitor, found, send } = await open();
    const a = await visitor();
    const t = Date.now();
    // The first batch ever is indexed in its own commit (nothing was indexed for a second).
    const first = await send(a, { clientId: 'a1', body: 'first parcel' });
    expect(indexed(storage)).toBe(1);
    // The next batch, a moment later, waits for the next second's commit...
    await send(a, { conversationId: first.conversationId, clientId: 'a2', body: 'second parcel' });
    expect(indexed(storage)).toBe(1);
    expect(index.soon(1, t + 10)).toBe(0);
    // ...yet a search indexes it first, so it is found as soon as it is acked.
    expect(await found('second')).toEqual(['second parcel']);
    expect(indexed(storage)).toBe(2);
    await send(a, { conversationId: first.conversationId, clientId: 'a3', body: 'third parcel' });
    expect(index.soon(0, t + 5000)).toBe(1);
    await send(a, { conversationId: first.conversationId, clientId: 'a4', body: 'fourth parcel' });
    expect(index.soon(2000, t + 5001)).toBe(1);
    expect(indexed(storage)).toBe(4);
  });

  it('keeps the index exact when messages are deleted or edited, including the newest rowid being reused', async () => {
    const { storage, db, visitor, found, send } = await open();
    const a = await visitor();
    const b = await visitor();
    await send(a, { clientId: 'a1', body: 'parcel one' });
    await send(b, { clientId: 'b1', body: 'parcel two' });
    // Erasing the visitor with the newest message frees the top rowid; SQLite hands it out again.
    db.$client.prepare('DELETE FROM visitors WHERE id = ?').run(b.kind === 'visitor' ? b.visitorId : '');
    expect(await found('two')).toEqual([]);
    expect(indexed(storage)).toBe(1);
    expect(mark(storage)).toBe(db.$client.prepare('SELECT max(rowid) FROM messages').pluck().get());
    await send(a, { clientId: 'a2', body: 'parcel three' });
    expect(await found('three')).toEqual(['parcel three']);
    expect(indexed(storage)).toBe(2);
    // An edited body is re-indexed (FTS5 'integrity-check' fails on any stale entry).
    db.$client.prepare("UPDATE messages SET body = 'box one' WHERE client_id = 'a1'").run();
    expect(await found('box')).toEqual(['box one']);
    expect(() => db.$client.exec("INSERT INTO messages_fts(messages_fts, rank) VALUES('integrity-check', 1)")).not.toThrow();
  });
});
