import { and, eq, sql } from 'drizzle-orm';
import { randomBytes } from 'node:crypto';
import {
  DEFAULT_SITE_COLOR,
  readWidgetSettings,
  teamStatus,
  type Site,
  type SiteSecurity,
  type SiteSecurityInput,
  type WidgetConfig,
  type WidgetSettings,
} from '@atendo/shared';
import { parseAllowedOrigins } from '../security/origins';
import type { Db } from '../storage/sqlite/client';
import { sites, visitors } from '../storage/sqlite/schema';
import type { EventBus } from './events';
import { AppError } from './errors';
import { newId } from './ids';

export type SiteRow = typeof sites.$inferSelect;

/** The one-line tag a site owner pastes into their pages. */
export function snippetFor(publicUrl: string, siteId: string): string {
  return `<script async src="${publicUrl}/widget.js" data-site="${siteId}"></script>`;
}

export function toWidgetConfig(row: SiteRow): WidgetConfig {
  return {
    siteId: row.id,
    teamName: row.teamName,
    greeting: row.greeting,
    color: row.color,
    position: row.position,
    launcherLabel: row.launcherLabel,
    settings: readWidgetSettings(row.widgetSettings),
  };
}

export function toSite(row: SiteRow, publicUrl: string): Site {
  return { ...toWidgetConfig(row), name: row.name, snippet: snippetFor(publicUrl, row.id), createdAt: row.createdAt };
}

/** Sites: the websites a team serves, each with its own widget settings. */
export class SiteService {
  constructor(
    private db: Db,
    private publicUrl: string,
    private bus?: EventBus,
  ) {}

  list(): Site[] {
    return this.db
      .select()
      .from(sites)
      .orderBy(sites.createdAt)
      .all()
      .map((r) => toSite(r, this.publicUrl));
  }

  row(id: string): SiteRow | undefined {
    return this.db.select().from(sites).where(eq(sites.id, id)).get();
  }

  /** The public widget settings of a site, or `unknown_site`; with its business hours as of `now`. */
  widgetConfig(id: string, now = Date.now()): WidgetConfig {
    const row = this.row(id);
    if (!row) throw new AppError('unknown_site', `No site with id "${id.slice(0, 64)}"`);
    const config = toWidgetConfig(row);
    return { ...config, hours: teamStatus(config.settings!.hours, now) };
  }

  create(input: { name: string; teamName?: string; greeting?: string; color?: string }): Site {
    const row: SiteRow = {
      id: newId(),
      name: input.name,
      teamName: input.teamName ?? input.name,
      // Empty: the widget greets in the visitor's language until the owner writes their own.
      greeting: input.greeting ?? '',
      color: input.color ?? DEFAULT_SITE_COLOR,
      secret: randomBytes(32).toString('base64url'),
      allowedOrigins: '[]',
      identityRequired: false,
      position: 'right',
      launcherLabel: '',
      widgetSettings: '{}',
      createdAt: Date.now(),
    };
    this.db.insert(sites).values(row).run();
    return toSite(row, this.publicUrl);
  }

  /** Widget appearance (admins, console settings); the widget reads it from its config. */
  setAppearance(id: string, input: { color: string; position: 'right' | 'left'; teamName: string; greeting: string; launcherLabel: string }): Site {
    const row = this.db.update(sites).set(input).where(eq(sites.id, id)).returning().get();
    if (!row) throw new AppError('not_found', 'Site not found');
    return toSite(row, this.publicUrl);
  }

  /** Avatar, pre-chat form, business hours, survey and triggers (admins); replaces the whole set. */
  setWidgetSettings(id: string, settings: WidgetSettings): Site {
    const row = this.db
      .update(sites)
      .set({ widgetSettings: JSON.stringify(settings) })
      .where(eq(sites.id, id))
      .returning()
      .get();
    if (!row) throw new AppError('not_found', 'Site not found');
    return toSite(row, this.publicUrl);
  }

  /** A site's widget settings (defaults where nothing was saved). */
  widgetSettings(id: string): WidgetSettings {
    const row = this.row(id);
    if (!row) throw new AppError('unknown_site', 'Unknown site');
    return readWidgetSettings(row.widgetSettings);
  }

  /** Allowed origins, identity settings and secret of a site (admins only). */
  security(id: string): SiteSecurity {
    const row = this.row(id);
    if (!row) throw new AppError('unknown_site', 'Unknown site');
    return { siteId: row.id, allowedOrigins: parseAllowedOrigins(row.allowedOrigins), identityRequired: row.identityRequired, secret: row.secret };
  }

  /**
   * Allowed origins and "Require verified identity". Turning the latter on ends every visitor
   * socket of the site that did not prove an identity at hello (the socket layer closes them on
   * the event), and the upload route refuses such visitors' tokens from then on.
   */
  setSecurity(id: string, input: SiteSecurityInput): SiteSecurity {
    const before = this.row(id);
    if (!before) throw new AppError('unknown_site', 'Unknown site');
    const requiredNow = input.identityRequired && !before.identityRequired;
    this.db.transaction((tx) => {
      tx.update(sites)
        .set({ allowedOrigins: JSON.stringify(input.allowedOrigins), identityRequired: input.identityRequired })
        .where(eq(sites.id, id))
        .run();
      // Tokens given out under the old rule are taken back too: from now on a contact gets one only
      // by proving its identity again (the widget does at its next hello).
      if (requiredNow) this.invalidateContactTokens(tx, id);
    });
    if (requiredNow) {
      this.bus?.emit({ type: 'site.identity_changed', siteId: id, secretRotated: false, identityRequired: true });
    }
    return this.security(id);
  }

  /**
   * A new identity secret: hashes made with the old one stop verifying at once, and whatever a
   * leaked old secret already gave out is taken back: the tokens of the site's verified contacts
   * stop working (a real customer's page, with a hash from the new secret, gets a fresh one at
   * its next hello) and their open sockets are closed (on the event).
   */
  rotateSecret(id: string): SiteSecurity {
    const row = this.row(id);
    if (!row) throw new AppError('unknown_site', 'Unknown site');
    this.db.transaction((tx) => {
      tx.update(sites)
        .set({ secret: randomBytes(32).toString('base64url') })
        .where(eq(sites.id, id))
        .run();
      this.invalidateContactTokens(tx, id);
    });
    this.bus?.emit({ type: 'site.identity_changed', siteId: id, secretRotated: true, identityRequired: row.identityRequired });
    return this.security(id);
  }

  /** The tokens of a site's verified contacts stop working: a random hash per row (token_hash is unique), which no token hashes to. */
  private invalidateContactTokens(tx: Pick<Db, 'update'>, siteId: string): void {
    tx.update(visitors)
      .set({ tokenHash: sql`lower(hex(randomblob(32)))` })
      .where(and(eq(visitors.siteId, siteId), eq(visitors.verified, true)))
      .run();
  }

  /** Every site row (few), for origin checks at upgrade and start-up warnings. */
  rows(): SiteRow[] {
    return this.db.select().from(sites).all();
  }

  /** The first site, created on first start so the demo page works out of the box. */
  ensureDefault(): { site: Site; created: boolean } {
    const first = this.db.select().from(sites).orderBy(sites.createdAt).limit(1).get();
    if (first) return { site: toSite(first, this.publicUrl), created: false };
    return { site: this.create({ name: 'My website', teamName: 'Support team' }), created: true };
  }
}
