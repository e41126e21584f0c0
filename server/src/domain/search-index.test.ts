import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../config';
import { openDb, type Db } from '../storage/sqlite/client';
import { createServices } from './services';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function open(file = ':memory:') {
  const db = openDb(file);
  const services = createServices(db, loadConfig({ ATENDO_PUBLIC_URL: 'http://localhost:3000' }));
  const { site } = services.sites.ensureDefault();
  const visitor = () => ({ kind: 'visitor' as const, visitorId: services.visitors.create(site.siteId).visitor.id, siteId: site.siteId });
  const found = (q: string) => services.search.search(q).map((h) => h.excerpt);
  return { db, services, visitor, found };
}

const mark = (db: Db) => db.$client.prepare("SELECT last_rowid FROM search_progress WHERE name = 'messages'").pluck().get() as number;
const indexed = (db: Db) => db.$client.prepare("SELECT count(*) FROM messages_fts WHERE messages_fts MATCH 'parcel'").pluck().get() as number;

describe('search indexing in batches (migration 0007)', () => {
  it('finds a message as soon as its batch is acked, and every message of the batch', () => {
    const { services, visitor, found } = open();
    const a = visitor();
    const first = services.conversations.send(a, { clientId: 'a1', body: 'Where is my parcel?' });
    expect(found('parcel')).toEqual(['Where is my parcel?']);
    const out = services.conversations.sendMany([
      { sender: a, input: { conversationId: first.message.conversationId, clientId: 'a2', body: 'Tracking says zanzibar' } },
      { sender: visitor(), input: { clientId: 'b1', body: 'Zanzibar again' } },
    ]);
    expect(out.every((o) => o.ok)).toBe(true);
    expect(found('zanzibar').sort()).toEqual(['Tracking says zanzibar', 'Zanzibar again']);
  });

  it('indexes at start what was written without the send path, and never twice', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'atendo-fts-'));
    dirs.push(dir);
    const file = join(dir, 'atendo.db');
    const one = open(file);
    const a = one.visitor();
    const sent = one.services.conversations.send(a, { clientId: 'a1', body: 'my parcel is late' });
    // A row written straight into the table (a seed, a restore, a crash before indexing): not indexed yet.
    one.db.$client
      .prepare(
        "INSERT INTO messages (id, conversation_id, seq, client_id, author, body, created_at) VALUES ('m-raw', ?, 2, 'raw', 'visitor', 'a parcel written by hand', 0)",
      )
      .run(sent.message.conversationId);
    expect(indexed(one.db)).toBe(1);
    one.db.$client.close();

    const two = open(file);
    expect(two.services.conversations.searchIndex.catchUp()).toBe(1);
    expect(two.found('hand')).toEqual(['a parcel written by hand']);
    expect(two.services.conversations.searchIndex.catchUp()).toBe(0);
    expect(indexed(two.db)).toBe(2);
    two.db.$client.close();
  });

  it('the send path indexes once a second or once 2,000 wait, and a search finds what still waits', () => {
    const { db, services, visitor, found } = open();
    const index = services.conversations.searchIndex;
    const a = visitor();
    const t = Date.now();
    // The first batch ever is indexed in its own commit (nothing was indexed for a second).
    const first = services.conversations.send(a, { clientId: 'a1', body: 'first parcel' });
    expect(indexed(db)).toBe(1);
    // The next batch, a moment later, waits for the next second's commit...
    services.conversations.send(a, { conversationId: first.message.conversationId, clientId: 'a2', body: 'second parcel' });
    expect(indexed(db)).toBe(1);
    expect(index.soon(1, t + 10)).toBe(0);
    // ...yet a search indexes it first, so it is found as soon as it is acked.
    expect(found('second')).toEqual(['second parcel']);
    expect(indexed(db)).toBe(2);
    services.conversations.send(a, { conversationId: first.message.conversationId, clientId: 'a3', body: 'third parcel' });
    expect(index.soon(0, t + 5000)).toBe(1);
    services.conversations.send(a, { conversationId: first.message.conversationId, clientId: 'a4', body: 'fourth parcel' });
    expect(index.soon(2000, t + 5001)).toBe(1);
    expect(indexed(db)).toBe(4);
  });

  it('keeps the index exact when messages are deleted or edited, including the newest rowid being reused', () => {
    const { db, services, visitor, found } = open();
    const a = visitor();
    const b = visitor();
    services.conversations.send(a, { clientId: 'a1', body: 'parcel one' });
    services.conversations.send(b, { clientId: 'b1', body: 'parcel two' });
    // Erasing the visitor with the newest message frees the top rowid; SQLite hands it out again.
    expect(services.visitors.delete(b.visitorId)).toBe(true);
    expect(found('two')).toEqual([]);
    expect(indexed(db)).toBe(1);
    expect(mark(db)).toBe(db.$client.prepare('SELECT max(rowid) FROM messages').pluck().get());
    services.conversations.send(a, { clientId: 'a2', body: 'parcel three' });
    expect(found('three')).toEqual(['parcel three']);
    expect(indexed(db)).toBe(2);
    // An edited body is re-indexed (FTS5 'integrity-check' fails on any stale entry).
    db.$client.prepare("UPDATE messages SET body = 'box one' WHERE client_id = 'a1'").run();
    expect(found('box')).toEqual(['box one']);
    expect(() => db.$client.exec("INSERT INTO messages_fts(messages_fts, rank) VALUES('integrity-check', 1)")).not.toThrow();
  });
});
