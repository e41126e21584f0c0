/** Deleting a site with everything of it (PostgreSQL), and counting what that would take. */
import { count, eq, inArray, or } from 'drizzle-orm';
import type { SiteDeletionCounts } from '@atendo/shared';
import type { SiteDeletion } from '../sites';
import type { PgDb } from './client';
import { articles, attachments, conversations, messages, sites, visitors, webhookEndpoints } from './schema';

type Tx = Parameters<Parameters<PgDb['transaction']>[0]>[0];

/** The site's conversations' ids, as a subquery. */
const conversationsOf = (db: PgDb | Tx, siteId: string) => db.select({ id: conversations.id }).from(conversations).where(eq(conversations.siteId, siteId));

/** Files uploaded on the site, and any file in its conversations. */
const attachmentsOf = (db: PgDb | Tx, siteId: string) => or(eq(attachments.siteId, siteId), inArray(attachments.conversationId, conversationsOf(db, siteId)));

/** What deleting the site takes with it (the caller knows the site exists). */
export async function deletionCounts(db: PgDb | Tx, siteId: string): Promise<SiteDeletionCounts> {
  // One after the other: one connection runs one query at a time (in a transaction, the same one).
  const n = async (rows: PromiseLike<{ n: number }[]>) => Number((await rows)[0]?.n ?? 0);
  const c = await n(db.select({ n: count() }).from(conversations).where(eq(conversations.siteId, siteId)));
  const m = await n(
    db
      .select({ n: count() })
      .from(messages)
      .where(inArray(messages.conversationId, conversationsOf(db, siteId))),
  );
  const v = await n(db.select({ n: count() }).from(visitors).where(eq(visitors.siteId, siteId)));
  const a = await n(db.select({ n: count() }).from(articles).where(eq(articles.siteId, siteId)));
  const f = await n(db.select({ n: count() }).from(attachments).where(attachmentsOf(db, siteId)));
  const w = await n(db.select({ n: count() }).from(webhookEndpoints).where(eq(webhookEndpoints.siteId, siteId)));
  return { conversations: c, messages: m, visitors: v, articles: a, attachments: f, webhooks: w };
}

/** See `SiteStore.delete`. */
export async function deleteSite(db: PgDb, siteId: string, name: string): Promise<SiteDeletion> {
  return db.transaction(async (tx): Promise<SiteDeletion> => {
    // Every site row locked (there are few): two deletions at once of the last two sites must not
    // both see two, and a rename meanwhile waits for this one.
    const all = await tx.select({ id: sites.id, name: sites.name }).from(sites).for('update');
    const row = all.find((s) => s.id === siteId);
    if (!row) return { outcome: 'not_found' };
    if (row.name !== name) return { outcome: 'name_mismatch' };
    if (all.length <= 1) return { outcome: 'last_site' };
    const counts = await deletionCounts(tx, siteId);
    await tx.delete(messages).where(inArray(messages.conversationId, conversationsOf(tx, siteId)));
    const gone = await tx.delete(attachments).where(attachmentsOf(tx, siteId)).returning({ id: attachments.id });
    // Notes, e-mail rows (outbox, reply tokens, threads, inbound) and agents' notifications go by
    // cascade; the search columns live in the rows themselves.
    await tx.delete(conversations).where(eq(conversations.siteId, siteId));
    await tx.delete(visitors).where(eq(visitors.siteId, siteId));
    await tx.delete(articles).where(eq(articles.siteId, siteId));
    await tx.delete(sites).where(eq(sites.id, siteId));
    return { outcome: 'deleted', counts, attachmentIds: gone.map((r) => r.id) };
  });
}
