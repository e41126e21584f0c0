import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDb, type Db } from './client';
import { scrubDeleted } from './scrub';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A database file whose search index holds `canary` in an older segment than many others, then has it deleted. */
function withErasedCanary(canary: string): { db: Db; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'atendo-scrub-'));
  dirs.push(dir);
  const file = join(dir, 'atendo.db');
  const db = openDb(file);
  const c = db.$client;
  c.prepare(`INSERT INTO sites (id, name, team_name, greeting, color, secret, created_at) VALUES ('s', 's', 't', 'g', '#000', 'x', 0)`).run();
  const visitor = c.prepare(`INSERT INTO visitors (id, site_id, token_hash, name, created_at, last_seen_at) VALUES (?, 's', ?, ?, 0, 0)`);
  const conversation = c.prepare(`INSERT INTO conversations (id, site_id, visitor_id, status, last_activity_at, created_at) VALUES (?, 's', ?, 'open', 0, 0)`);
  const message = c.prepare(`INSERT INTO messages (id, conversation_id, seq, client_id, author, body, created_at) VALUES (?, ?, ?, ?, 'visitor', ?, 0)`);
  const index = c.prepare(
    `INSERT INTO messages_fts(rowid, body) SELECT rowid, body FROM messages WHERE rowid > (SELECT last_rowid FROM search_progress WHERE name = 'messages')`,
  );
  const mark = c.prepare(`UPDATE search_progress SET last_rowid = (SELECT max(rowid) FROM messages) WHERE name = 'messages'`);
  for (let v = 0; v < 40; v++) {
    c.transaction(() => {
      visitor.run(`v${v}`, `h${v}`, v === 3 ? `${canary}name` : `person ${v}`);
      conversation.run(`c${v}`, `v${v}`);
      for (let i = 0; i < 20; i++)
        message.run(
          `m${v}-${i}`,
          `c${v}`,
          i + 1,
          `k${v}-${i}`,
          v === 3 ? `my ${canary}word ${i}` : `order ${v * 100 + i} arrived late, tracking ${Math.random()}`,
        );
      index.run();
      mark.run();
    })();
  }
  c.transaction(() => {
    c.prepare(`DELETE FROM messages WHERE conversation_id = 'c3'`).run();
    c.prepare(`DELETE FROM conversations WHERE id = 'c3'`).run();
    c.prepare(`DELETE FROM visitors WHERE id = 'v3'`).run();
  })();
  return { db, file };
}

const found = (file: string, canary: string) =>
  [file, `${file}-wal`].some((f) => {
    try {
      return readFileSync(f).toString('latin1').toLowerCase().includes(canary);
    } catch {
      return false;
    }
  });

describe('scrubDeleted', () => {
  it('merges the search indexes and empties the WAL, so deleted words are gone from the files', async () => {
    const { db, file } = withErasedCanary('qqcanary');
    expect(found(file, 'qqcanary')).toBe(true);
    expect(await scrubDeleted(db)).toBe(true);
    expect(found(file, 'qqcanary')).toBe(false);
    expect(readFileSync(`${file}-wal`).length).toBe(0);
    db.$client.exec(`INSERT INTO messages_fts(messages_fts) VALUES('integrity-check')`);
    expect(db.$client.prepare(`SELECT count(*) FROM messages_fts WHERE messages_fts MATCH 'arrived'`).pluck().get()).toBe(39 * 20);
    db.$client.close();
  });

  it('finishes with one optimize when the step budget runs out (new segments kept restarting the merge)', async () => {
    const { db, file } = withErasedCanary('qqbudget');
    expect(await scrubDeleted(db, { maxSteps: 1 })).toBe(true);
    expect(found(file, 'qqbudget')).toBe(false);
    db.$client.close();
  });
});
