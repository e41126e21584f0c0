/**
 * The races of the mail, notification, article, attachment and console stores, for real: each store
 * on two pools of its own (two "instances") at once, which the contract suite (one pool, often one
 * warm connection) cannot do. Each test fails when what it guards is dropped (tried): the outbox
 * claim without `FOR UPDATE SKIP LOCKED` (rows claimed 3 times over); a notification claim that
 * ignores a row already gone (two winners), runs outside a transaction (the loser's row deleted) or
 * deletes in the caller's order (deadlock, 40P01); the article limit without the site row's lock (6
 * winners); a canned reply update that lets 23505 through; an orphan sweep that selects, then
 * deletes (ids returned 4 times); tag names inserted one by one in the caller's order (deadlock).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { AgentNotificationRow, ArticleRow, Storage } from '../index';
import { aMail } from '../contract/mail';
import { aSite, aVisitor, anAgent, anUpload } from '../contract/fixtures';
import { newId } from '../../domain/ids';
import { PgArticleStore } from './articles';
import { PgAttachmentStore } from './attachments';
import { postgresStorageOn } from './index';
import { openPgDb, type PgDb } from './client';
import { PgCannedReplyStore, PgTagStore } from './console';
import { PgMailStore } from './mail';
import { PgNotificationStore } from './notifications';
import { conversations } from './schema';
import { createTestDatabase, pgSkipReason } from './testing';

const INSTANCES = 2;

// Skipped as the contract suite is (contract.test.ts): one line when PostgreSQL does not answer,
// a failure instead when CI or ATENDO_TEST_DATABASE_URL asks for PostgreSQL.
const skip = await pgSkipReason();
if (skip) console.warn(`\n  ${skip}\n`);

describe.skipIf(skip !== undefined)('postgres: claims across instances', () => {
  let dbs: PgDb[] = [];
  let fixtures: Storage;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const test = await createTestDatabase();
    drop = test.drop;
    dbs = [];
    for (let i = 0; i < INSTANCES; i++) dbs.push(await openPgDb(test.url, { pool: 6, migrate: i === 0 }));
    const db = dbs[0]!;
    // Rows for the tests through the ports (a storage on the first pool).
    fixtures = postgresStorageOn(db);
    // Every pool's connections open before the races: a cold pool's first transaction would finish
    // on its one connection before the others have connected, and nothing would race.
    await Promise.all(dbs.flatMap((db) => Array.from({ length: 6 }, () => db.execute(sql`SELECT pg_sleep(0.05)`))));
  });

  afterAll(async () => {
    await Promise.all(dbs.map((db) => db.$client.end()));
    await drop?.();
  });

  /** A conversation row (the notifications' foreign key), without messages. */
  async function aConversation(): Promise<string> {
    const site = await aSite(fixtures);
    const visitor = await aVisitor(fixtures, site.id);
    const id = newId();
    await dbs[0]!.insert(conversations).values({ id, siteId: site.id, visitorId: visitor.id, status: 'open', lastActivityAt: 1, createdAt: 1 });
    return id;
  }

  it('outbox: of claimers on two instances draining at once, each due row goes to exactly one', async () => {
    const mails = dbs.map((db) => new PgMailStore(db));
    const rows = Array.from({ length: 120 }, (_, i) => aMail({ nextAttemptAt: 1_000 + i }));
    for (const row of rows) await mails[0]!.enqueue(row);

    // Three claimers per instance, each claiming small batches until nothing is due (as the worker drains).
    const drain = async (mail: PgMailStore) => {
      const got: string[] = [];
      for (;;) {
        const claimed = await mail.claim(10_000, 60_000, 4);
        if (!claimed.length) return got;
        got.push(...claimed.map((r) => r.id));
      }
    };
    const claimed = (await Promise.all(mails.flatMap((mail) => [drain(mail), drain(mail), drain(mail)]))).flat();

    expect(claimed.length).toBe(rows.length);
    expect(new Set(claimed).size).toBe(rows.length);
    expect(new Set(claimed)).toEqual(new Set(rows.map((r) => r.id)));
    for (const id of claimed.slice(0, 5)) expect(await mails[1]!.get(id)).toMatchObject({ state: 'sending', leaseUntil: 70_000 });
  });

  it('notifications: two instances claiming every agent’s batch at once enqueue each batch’s e-mail once', async () => {
    const stores = dbs.map((db) => new PgNotificationStore(db));
    const mails = new PgMailStore(dbs[0]!);
    const conversationIds = await Promise.all([0, 1, 2].map(() => aConversation()));
    const agentIds: string[] = [];
    for (let i = 0; i < 20; i++) {
      const agent = await anAgent(fixtures);
      agentIds.push(agent.id);
      for (const [j, conversationId] of conversationIds.entries()) {
        await stores[0]!.add({ agentId: agent.id, kind: 'visitor_message', conversationId, createdAt: 100 + j });
      }
    }

    // Each instance scans as AgentNotifier does: read the batch, then claim it with its own e-mail
    // (a dedupe key of its own, so only the claim can keep the second e-mail out).
    const results = await Promise.all(
      stores.flatMap((store, instance) =>
        agentIds.map(async (agentId) => {
          const rows = await store.pending(agentId);
          const mail = aMail({ kind: 'agent_notification', dedupeKey: `agent_notification:${agentId}:${instance}` });
          return { agentId, won: await store.claim(rows, mail), mail };
        }),
      ),
    );

    for (const agentId of agentIds) {
      const mine = results.filter((r) => r.agentId === agentId);
      expect(mine.filter((r) => r.won)).toHaveLength(1);
      expect(await stores[1]!.pending(agentId)).toEqual([]);
      for (const r of mine) expect(await mails.get(r.mail.id)).toEqual(r.won ? r.mail : undefined);
    }
  });

  it('notifications: batches sharing rows in opposite orders never deadlock; one of each pair wins, the loser changes nothing', async () => {
    const stores = dbs.map((db) => new PgNotificationStore(db));
    const conversationIds = await Promise.all([0, 1, 2, 3].map(() => aConversation()));
    const pairs: { shared: AgentNotificationRow[]; extra: AgentNotificationRow }[] = [];
    for (let i = 0; i < 20; i++) {
      const agent = await anAgent(fixtures);
      const shared = conversationIds.map((conversationId, j) => ({ agentId: agent.id, kind: 'visitor_message' as const, conversationId, createdAt: 200 + j }));
      // Instance 1's own row comes first whether a claim deletes in the caller's order or in key order ('assigned' < 'visitor_message').
      const extra = { agentId: agent.id, kind: 'assigned' as const, conversationId: conversationIds[0]!, createdAt: 199 };
      for (const row of [...shared, extra]) await stores[0]!.add(row);
      pairs.push({ shared, extra });
    }

    // Instance 0 claims four rows in their order; instance 1 the same four reversed, after a fifth of
    // its own. Without one lock order each would hold a row the other waits for (a deadlock, 40P01).
    const results = await Promise.all(
      pairs.map(async ({ shared, extra }) => {
        const [first, second] = await Promise.all([stores[0]!.claim(shared, null), stores[1]!.claim([extra, ...[...shared].reverse()], null)]);
        return { extra, first, second };
      }),
    );

    for (const r of results) {
      expect([r.first, r.second].filter(Boolean)).toHaveLength(1);
      // When instance 1 lost, its batch was rolled back whole: its fifth row still waits.
      expect(await stores[0]!.pending(r.extra.agentId)).toEqual(r.second ? [] : [r.extra]);
    }
  });

  it('articles: racing creates from two instances for a site’s last place: exactly one wins', async () => {
    const stores = dbs.map((db) => new PgArticleStore(db));
    const anArticle = (siteId: string): ArticleRow => ({
      id: newId(),
      siteId,
      locale: 'en',
      title: 'T',
      body: 'B',
      published: true,
      views: 0,
      helpful: 0,
      notHelpful: 0,
      botOffered: 0,
      botHelped: 0,
      botNotHelped: 0,
      createdAt: 1,
      updatedAt: 1,
    });
    const siteIds: string[] = [];
    for (let i = 0; i < 8; i++) {
      const site = await aSite(fixtures);
      siteIds.push(site.id);
      for (let j = 0; j < 2; j++) expect(await stores[0]!.create(anArticle(site.id), 3)).toBe(true);
    }
    const results = await Promise.all(
      siteIds.map(async (siteId) => ({
        siteId,
        won: (await Promise.all(stores.flatMap((store) => [0, 1, 2].map(() => store.create(anArticle(siteId), 3))))).filter(Boolean).length,
      })),
    );
    for (const r of results) {
      expect(r.won).toBe(1);
      expect(await stores[1]!.list(r.siteId)).toHaveLength(3);
    }
  });

  it('canned replies: racing updates from two instances to one shortcut: one gets it, the others are told it is taken', async () => {
    const stores = dbs.map((db) => new PgCannedReplyStore(db));
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) {
      const id = newId();
      await stores[0]!.create({ id, shortcut: `own-${i}`, body: 'b', createdAt: 1 });
      ids.push(id);
    }
    const results = await Promise.all(ids.map((id, i) => stores[i % 2]!.update(id, { shortcut: 'same', body: `by ${id}` })));
    const won = results.filter((r) => r !== 'taken');
    expect(won).toHaveLength(1);
    expect(results.filter((r) => r === 'taken')).toHaveLength(ids.length - 1);
    expect((await stores[1]!.list()).filter((r) => r.shortcut === 'same')).toEqual(won);
  });

  it('attachments: two instances sweeping orphans at once delete each row once, and each id is returned once', async () => {
    const stores = dbs.map((db) => new PgAttachmentStore(db));
    const site = await aSite(fixtures);
    const visitor = await aVisitor(fixtures, site.id);
    const orphans = Array.from({ length: 200 }, () => anUpload(site.id, visitor.id, { createdAt: 1_000 }));
    for (const row of orphans) await stores[0]!.insert(row);
    const gone = (await Promise.all(stores.flatMap((store) => [store.deleteOrphans(2_000), store.deleteOrphans(2_000)]))).flat();
    expect(gone).toHaveLength(orphans.length);
    expect(new Set(gone)).toEqual(new Set(orphans.map((r) => r.id)));
  });

  it('tags: names added by two instances in opposite orders never deadlock; each name is in the catalogue once', async () => {
    const stores = dbs.map((db) => new PgTagStore(db));
    const conversationIds = await Promise.all(Array.from({ length: 8 }, () => aConversation()));
    // Rounds of new names (an insert waits only on a name another transaction has just inserted, not yet committed).
    for (let round = 0; round < 20; round++) {
      const names = Array.from({ length: 8 }, (_, n) => `t${n}-${newId()}`);
      const results = await Promise.all(
        conversationIds.map((id, i) => stores[i % 2]!.setConversationTags(id, i % 2 ? [...names].reverse() : names, 1_000 + round)),
      );
      expect(results.every(Boolean)).toBe(true);
      expect((await stores[0]!.catalogue()).filter((n) => names.includes(n)).sort()).toEqual([...names].sort());
    }
  });
});
