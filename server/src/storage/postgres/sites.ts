/** The PostgreSQL `SiteStore`: sites and their settings. */
import { and, eq, sql } from 'drizzle-orm';
import type { SiteDeletionCounts } from '@atendo/shared';
import type { SiteAppearance, SiteDeletion, SiteStore } from '../sites';
import type { SiteRow } from '../types';
import type { PgDb } from './client';
import { sites, visitors } from './schema';
import { deleteSite, deletionCounts } from './site-deletion';

type Tx = Parameters<Parameters<PgDb['transaction']>[0]>[0];

export class PgSiteStore implements SiteStore {
  constructor(private db: PgDb) {}

  async insert(row: SiteRow): Promise<void> {
    await this.db.insert(sites).values(row);
  }

  async list(): Promise<SiteRow[]> {
    return this.db.select().from(sites).orderBy(sites.createdAt, sites.id);
  }

  async get(id: string): Promise<SiteRow | undefined> {
    const [row] = await this.db.select().from(sites).where(eq(sites.id, id));
    return row;
  }

  async first(): Promise<SiteRow | undefined> {
    const [row] = await this.db.select().from(sites).orderBy(sites.createdAt, sites.id).limit(1);
    return row;
  }

  async setAppearance(id: string, input: SiteAppearance): Promise<SiteRow | undefined> {
    const { color, position, teamName, greeting, launcherLabel } = input;
    const [row] = await this.db.update(sites).set({ color, position, teamName, greeting, launcherLabel }).where(eq(sites.id, id)).returning();
    return row;
  }

  async setWidgetSettings(id: string, widgetSettingsJson: string): Promise<SiteRow | undefined> {
    const [row] = await this.db.update(sites).set({ widgetSettings: widgetSettingsJson }).where(eq(sites.id, id)).returning();
    return row;
  }

  async setSecurity(id: string, allowedOriginsJson: string, identityRequired: boolean): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      // The row lock orders two changes at once: only the first sees the requirement turn on.
      const [before] = await tx.select({ identityRequired: sites.identityRequired }).from(sites).where(eq(sites.id, id)).for('update');
      if (!before) return false;
      const requiredNow = identityRequired && !before.identityRequired;
      await tx.update(sites).set({ allowedOrigins: allowedOriginsJson, identityRequired }).where(eq(sites.id, id));
      // Tokens given out under the old rule are taken back too: from now on a contact gets one only
      // by proving its identity again (the widget does at its next hello).
      if (requiredNow) await invalidateContactTokens(tx, id);
      return requiredNow;
    });
  }

  async rotateSecret(id: string, newSecret: string): Promise<SiteRow | undefined> {
    return this.db.transaction(async (tx) => {
      const [row] = await tx.update(sites).set({ secret: newSecret }).where(eq(sites.id, id)).returning();
      if (row) await invalidateContactTokens(tx, id);
      return row;
    });
  }

  async rows(): Promise<SiteRow[]> {
    return this.db.select().from(sites);
  }

  async rename(id: string, name: string): Promise<SiteRow | undefined> {
    const [row] = await this.db.update(sites).set({ name }).where(eq(sites.id, id)).returning();
    return row;
  }

  async deletionCounts(id: string): Promise<SiteDeletionCounts | undefined> {
    // One snapshot (repeatable read): the counts of one moment, with the site in it.
    return this.db.transaction(
      async (tx) => ((await tx.select({ id: sites.id }).from(sites).where(eq(sites.id, id))).length ? deletionCounts(tx, id) : undefined),
      { isolationLevel: 'repeatable read', accessMode: 'read only' },
    );
  }

  async delete(id: string, name: string): Promise<SiteDeletion> {
    return deleteSite(this.db, id, name);
  }
}

/**
 * The tokens of a site's verified contacts stop working: a random hash per row (token_hash is
 * unique), which no token hashes to. 64 hex digits from two random UUIDs (built in since
 * PostgreSQL 13; no pgcrypto needed), the length of the SHA-256 hex it replaces.
 */
async function invalidateContactTokens(tx: Tx, siteId: string): Promise<void> {
  await tx
    .update(visitors)
    .set({ tokenHash: sql`replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', '')` })
    .where(and(eq(visitors.siteId, siteId), eq(visitors.verified, true)));
}
