/** The SQLite `SiteStore`: sites and their settings. */
import { and, eq, sql } from 'drizzle-orm';
import type { SiteDeletionCounts } from '@atendo/shared';
import type { SiteAppearance, SiteDeletion, SiteStore } from '../sites';
import type { SiteRow } from '../types';
import type { Db } from './client';
import { sites, visitors } from './schema';
import { deleteSite, deletionCounts } from './site-deletion';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/** Read, then write: take the write lock first (a commit on the writer thread's connection in between would fail the upgrade). */
const IMMEDIATE = { behavior: 'immediate' } as const;

export class SqliteSiteStore implements SiteStore {
  constructor(private db: Db) {}

  async insert(row: SiteRow): Promise<void> {
    this.db.insert(sites).values(row).run();
  }

  async list(): Promise<SiteRow[]> {
    return this.db.select().from(sites).orderBy(sites.createdAt).all();
  }

  async get(id: string): Promise<SiteRow | undefined> {
    return this.db.select().from(sites).where(eq(sites.id, id)).get();
  }

  async first(): Promise<SiteRow | undefined> {
    return this.db.select().from(sites).orderBy(sites.createdAt).limit(1).get();
  }

  async setAppearance(id: string, input: SiteAppearance): Promise<SiteRow | undefined> {
    const { color, position, teamName, greeting, launcherLabel } = input;
    return this.db.update(sites).set({ color, position, teamName, greeting, launcherLabel }).where(eq(sites.id, id)).returning().get();
  }

  async setWidgetSettings(id: string, widgetSettingsJson: string): Promise<SiteRow | undefined> {
    return this.db.update(sites).set({ widgetSettings: widgetSettingsJson }).where(eq(sites.id, id)).returning().get();
  }

  async setSecurity(id: string, allowedOriginsJson: string, identityRequired: boolean): Promise<boolean> {
    return this.db.transaction((tx) => {
      const before = tx.select({ identityRequired: sites.identityRequired }).from(sites).where(eq(sites.id, id)).get();
      if (!before) return false;
      const requiredNow = identityRequired && !before.identityRequired;
      tx.update(sites).set({ allowedOrigins: allowedOriginsJson, identityRequired }).where(eq(sites.id, id)).run();
      // Tokens given out under the old rule are taken back too: from now on a contact gets one only
      // by proving its identity again (the widget does at its next hello).
      if (requiredNow) invalidateContactTokens(tx, id);
      return requiredNow;
    }, IMMEDIATE);
  }

  async rotateSecret(id: string, newSecret: string): Promise<SiteRow | undefined> {
    return this.db.transaction((tx) => {
      const row = tx.update(sites).set({ secret: newSecret }).where(eq(sites.id, id)).returning().get();
      if (row) invalidateContactTokens(tx, id);
      return row;
    });
  }

  async rows(): Promise<SiteRow[]> {
    return this.db.select().from(sites).all();
  }

  async rename(id: string, name: string): Promise<SiteRow | undefined> {
    return this.db.update(sites).set({ name }).where(eq(sites.id, id)).returning().get();
  }

  async deletionCounts(id: string): Promise<SiteDeletionCounts | undefined> {
    // One read transaction: the counts of one moment, with the site in it.
    return this.db.transaction((tx) => (tx.select({ id: sites.id }).from(sites).where(eq(sites.id, id)).get() ? deletionCounts(tx, id) : undefined));
  }

  async delete(id: string, name: string): Promise<SiteDeletion> {
    return deleteSite(this.db, id, name);
  }
}

/** The tokens of a site's verified contacts stop working: a random hash per row (token_hash is unique), which no token hashes to. */
function invalidateContactTokens(tx: Tx, siteId: string): void {
  tx.update(visitors)
    .set({ tokenHash: sql`lower(hex(randomblob(32)))` })
    .where(and(eq(visitors.siteId, siteId), eq(visitors.verified, true)))
    .run();
}
