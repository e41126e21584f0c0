/** Deleting a site with everything of it (SQLite), and counting what that would take. */
import { count, eq, inArray, or } from 'drizzle-orm';
import type { SiteDeletionCounts } from '@atendo/shared';
import type { SiteDeletion } from '../sites';
import type { Db } from './client';
import { articles, attachments, conversations, messages, sites, visitors, webhookEndpoints } from './schema';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/** The site's conversations' ids, as a subquery. */
const conversationsOf = (db: Db | Tx, siteId: string) => db.select({ id: conversations.id }).from(conversations).where(eq(conversations.siteId, siteId));

/** Files uploaded on the site, and any file in its conversations. */
const attachmentsOf = (db: Db | Tx, siteId: string) => or(eq(attachments.siteId, siteId), inArray(attachments.conversationId, conversationsOf(db, siteId)));

/** What deleting the site takes with it (the caller knows the site exists). */
export function deletionCounts(db: Db | Tx, siteId: string): SiteDeletionCounts {
  const n = (rows: { n: number } | undefined) => rows?.n ?? 0;
  return {
    conversations: n(db.select({ n: count() }).from(conversations).where(eq(conversations.siteId, siteId)).get()),
    messages: n(
      db
        .select({ n: count() })
        .from(messages)
        .where(inArray(messages.conversationId, conversationsOf(db, siteId)))
        .get(),
    ),
    visitors: n(db.select({ n: count() }).from(visitors).where(eq(visitors.siteId, siteId)).get()),
    articles: n(db.select({ n: count() }).from(articles).where(eq(articles.siteId, siteId)).get()),
    attachments: n(db.select({ n: count() }).from(attachments).where(attachmentsOf(db, siteId)).get()),
    webhooks: n(db.select({ n: count() }).from(webhookEndpoints).where(eq(webhookEndpoints.siteId, siteId)).get()),
  };
}

/** See `SiteStore.delete`. Immediate: it reads (name, how many sites) before it writes, and the writer thread may commit in between. */
export function deleteSite(db: Db, siteId: string, name: string): SiteDeletion {
  return db.transaction(
    (tx): SiteDeletion => {
      const row = tx.select({ name: sites.name }).from(sites).where(eq(sites.id, siteId)).get();
      if (!row) return { outcome: 'not_found' };
      if (row.name !== name) return { outcome: 'name_mismatch' };
      if ((tx.select({ n: count() }).from(sites).get()?.n ?? 0) <= 1) return { outcome: 'last_site' };
      const counts = deletionCounts(tx, siteId);
      // Messages and visitors by explicit statements, not only by the cascade: their delete
      // triggers take them out of the full-text indexes (messages_fts, visitors_fts).
      tx.delete(messages)
        .where(inArray(messages.conversationId, conversationsOf(tx, siteId)))
        .run();
      const attachmentIds = tx
        .delete(attachments)
        .where(attachmentsOf(tx, siteId))
        .returning({ id: attachments.id })
        .all()
        .map((r) => r.id);
      // Notes, e-mail rows (outbox, reply tokens, threads, inbound) and agents' notifications go by cascade.
      tx.delete(conversations).where(eq(conversations.siteId, siteId)).run();
      tx.delete(visitors).where(eq(visitors.siteId, siteId)).run();
      tx.delete(articles).where(eq(articles.siteId, siteId)).run();
      tx.delete(sites).where(eq(sites.id, siteId)).run();
      return { outcome: 'deleted', counts, attachmentIds };
    },
    { behavior: 'immediate' },
  );
}
