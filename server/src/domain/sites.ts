import { randomBytes } from 'node:crypto';
import {
  DEFAULT_SITE_COLOR,
  readWidgetSettings,
  teamStatus,
  type Site,
  type SiteDeletionCounts,
  type SiteDeletionPreview,
  type SiteSecurity,
  type SiteSecurityInput,
  type WidgetConfig,
  type WidgetSettings,
} from '@atendo/shared';
import { parseAllowedOrigins } from '../security/origins';
import type { Bus } from '../state';
import type { SiteRow } from '../storage';
import type { SiteStore } from '../storage/sites';
import { AppError, notFound } from './errors';
import { newId } from './ids';

export type { SiteRow };

/** The team name a new site's widget shows until an admin writes their own (Settings → Appearance). */
export const DEFAULT_TEAM_NAME = 'Support team';

/** Where a deleted site's uploaded files go (the attachment service: the blob store). */
export interface SiteFiles {
  removeFiles(ids: readonly string[]): Promise<void>;
}

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
    private store: SiteStore,
    private publicUrl: string,
    private bus?: Bus,
    private files?: SiteFiles,
  ) {}

  /**
   * Every site row, kept in memory for the WebSocket upgrade check, which decides before any socket
   * exists and must not wait for storage (a flood of upgrades would pass the per-address cap while
   * reads are in flight). Loaded by `init`, reloaded after every change made here.
   */
  private cached: SiteRow[] = [];

  async init(): Promise<void> {
    this.cached = await this.store.rows();
  }

  /** The sites as of the last change (see `cached`). */
  cachedRows(): readonly SiteRow[] {
    return this.cached;
  }

  private reads = 0;

  /** Reload the cache after a change (every instance's: another one reloads on `cache.changed`). */
  private async changed<T>(result: T): Promise<T> {
    await this.reload();
    this.bus?.emit({ type: 'cache.changed', what: 'sites' });
    return result;
  }

  /** Read the sites again; of two reloads in flight, the later one's answer wins. */
  async reload(): Promise<void> {
    const mine = ++this.reads;
    const rows = await this.store.rows();
    if (mine === this.reads) this.cached = rows;
  }

  async list(): Promise<Site[]> {
    return (await this.store.list()).map((r) => toSite(r, this.publicUrl));
  }

  row(id: string): Promise<SiteRow | undefined> {
    return this.store.get(id);
  }

  /** The public widget settings of a site, or `unknown_site`; with its business hours as of `now`. */
  async widgetConfig(id: string, now = Date.now()): Promise<WidgetConfig> {
    const row = await this.row(id);
    if (!row) throw new AppError('unknown_site', `No site with id "${id.slice(0, 64)}"`);
    const config = toWidgetConfig(row);
    return { ...config, hours: teamStatus(config.settings!.hours, now) };
  }

  async create(input: { name: string; teamName?: string; greeting?: string; color?: string }): Promise<Site> {
    const row: SiteRow = {
      id: newId(),
      name: input.name,
      teamName: input.teamName ?? DEFAULT_TEAM_NAME,
      // Empty: the widget greets in the visitor's language until the owner writes their own.
      greeting: input.greeting ?? '',
      color: input.color ?? DEFAULT_SITE_COLOR,
      secret: randomBytes(32).toString('base64url'),
      allowedOrigins: '[]',
      identityRequired: false,
      position: 'right',
      launcherLabel: '',
      widgetSettings: '{}',
      botMode: 'off',
      createdAt: Date.now(),
    };
    await this.store.insert(row);
    return this.changed(toSite(row, this.publicUrl));
  }

  /** Widget appearance (admins, console settings); the widget reads it from its config. */
  async setAppearance(
    id: string,
    input: { color: string; position: 'right' | 'left'; teamName: string; greeting: string; launcherLabel: string },
  ): Promise<Site> {
    const row = await this.store.setAppearance(id, input);
    if (!row) throw new AppError('not_found', 'Site not found');
    return this.changed(toSite(row, this.publicUrl));
  }

  /** Avatar, pre-chat form, business hours, survey and triggers (admins); replaces the whole set. */
  async setWidgetSettings(id: string, settings: WidgetSettings): Promise<Site> {
    const row = await this.store.setWidgetSettings(id, JSON.stringify(settings));
    if (!row) throw new AppError('not_found', 'Site not found');
    return this.changed(toSite(row, this.publicUrl));
  }

  /** A site's widget settings (defaults where nothing was saved). */
  async widgetSettings(id: string): Promise<WidgetSettings> {
    const row = await this.row(id);
    if (!row) throw new AppError('unknown_site', 'Unknown site');
    return readWidgetSettings(row.widgetSettings);
  }

  /** Allowed origins, identity settings and secret of a site (admins only). */
  async security(id: string): Promise<SiteSecurity> {
    const row = await this.row(id);
    if (!row) throw new AppError('unknown_site', 'Unknown site');
    return { siteId: row.id, allowedOrigins: parseAllowedOrigins(row.allowedOrigins), identityRequired: row.identityRequired, secret: row.secret };
  }

  /**
   * Allowed origins and "Require verified identity". Turning the latter on ends every visitor
   * socket of the site that did not prove an identity at hello (the socket layer closes them on
   * the event), and the upload route refuses such visitors' tokens from then on.
   */
  async setSecurity(id: string, input: SiteSecurityInput): Promise<SiteSecurity> {
    if (!(await this.row(id))) throw new AppError('unknown_site', 'Unknown site');
    // Turning the requirement on also takes back, in the same transaction, the tokens given out
    // under the old rule: from then on a contact gets one only by proving its identity again (the
    // widget does at its next hello).
    const requiredNow = await this.changed(await this.store.setSecurity(id, JSON.stringify(input.allowedOrigins), input.identityRequired));
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
  async rotateSecret(id: string): Promise<SiteSecurity> {
    // The new secret and the verified contacts' tokens taken back, in one transaction.
    const row = await this.changed(await this.store.rotateSecret(id, randomBytes(32).toString('base64url')));
    if (!row) throw new AppError('unknown_site', 'Unknown site');
    this.bus?.emit({ type: 'site.identity_changed', siteId: id, secretRotated: true, identityRequired: row.identityRequired });
    return this.security(id);
  }

  /** A new name, seen by admins only (the widget shows the team name). */
  async rename(id: string, name: string): Promise<Site> {
    const row = await this.store.rename(id, name);
    if (!row) throw notFound('Site');
    return this.changed(toSite(row, this.publicUrl));
  }

  /** What deleting a site would take with it, for the admin to read before confirming. */
  async deletionPreview(id: string): Promise<SiteDeletionPreview> {
    const row = await this.row(id);
    const counts = row && (await this.store.deletionCounts(id));
    if (!row || !counts) throw notFound('Site');
    return { siteId: id, name: row.name, counts, deletable: (await this.store.rows()).length > 1 };
  }

  /**
   * Delete a site with its conversations, visitors, articles and files, when `confirm` is its exact
   * name and it is not the only site (both decided in the deletion's transaction). Its sockets are
   * closed and the agents told (on the event, on every instance); then its files are deleted.
   */
  async delete(id: string, confirm: string): Promise<SiteDeletionCounts> {
    const result = await this.store.delete(id, confirm);
    if (result.outcome === 'not_found') throw notFound('Site');
    if (result.outcome === 'name_mismatch')
      throw new AppError('bad_request', 'The name typed does not match the site’s name: nothing was deleted. Type it exactly as shown.');
    if (result.outcome === 'last_site') throw new AppError('conflict', 'This is the only site and cannot be deleted: create another site first.');
    // Right after the commit, before the files: no socket may act for a site that no longer exists.
    this.bus?.emit({ type: 'site.deleted', siteId: id });
    await this.changed(undefined);
    // Only after the commit: a failed deletion keeps the files its rows point to.
    await this.files?.removeFiles(result.attachmentIds);
    return result.counts;
  }

  /** The first site, created on first start so the demo page works out of the box. */
  async ensureDefault(): Promise<{ site: Site; created: boolean }> {
    const first = await this.store.first();
    if (first) return { site: toSite(first, this.publicUrl), created: false };
    return { site: await this.create({ name: 'My website' }), created: true };
  }
}
