/** Sites (the websites a team serves) and their settings: appearance, widget settings, security. */
import type { SiteDeletionCounts } from '@atendo/shared';
import type { SiteRow } from './types';

export interface SiteAppearance {
  color: string;
  position: 'right' | 'left';
  teamName: string;
  greeting: string;
  launcherLabel: string;
}

/** What `SiteStore.delete` did; the site is deleted only on `deleted`. */
export type SiteDeletion =
  | { outcome: 'deleted'; counts: SiteDeletionCounts; attachmentIds: string[] }
  | { outcome: 'not_found' }
  /** The site is called something else now (renamed since the admin read its name). */
  | { outcome: 'name_mismatch' }
  /** It is the only site: a server without one has nothing for the widget to talk to. */
  | { outcome: 'last_site' };

export interface SiteStore {
  insert(row: SiteRow): Promise<void>;
  /** Every site, oldest first. */
  list(): Promise<SiteRow[]>;
  get(id: string): Promise<SiteRow | undefined>;
  /** The oldest site, if any. */
  first(): Promise<SiteRow | undefined>;
  /** The row after, or undefined when there is no such site. */
  setAppearance(id: string, input: SiteAppearance): Promise<SiteRow | undefined>;
  /** Replace the widget settings (JSON `WidgetSettings`); the row after, or undefined when there is no such site. */
  setWidgetSettings(id: string, widgetSettingsJson: string): Promise<SiteRow | undefined>;
  /**
   * Allowed origins (a JSON array) and "require verified identity", in one transaction that, when
   * the requirement turns on (it was off), also invalidates the tokens of the site's verified
   * contacts. True when it turned on (false too when there is no such site).
   */
  setSecurity(id: string, allowedOriginsJson: string, identityRequired: boolean): Promise<boolean>;
  /** A new identity secret and, in the same transaction, the site's verified contacts' tokens invalidated; the row after, or undefined. */
  rotateSecret(id: string, newSecret: string): Promise<SiteRow | undefined>;
  /** Every site row (few), in no particular order. */
  rows(): Promise<SiteRow[]>;
  /** The row after, or undefined when there is no such site. */
  rename(id: string, name: string): Promise<SiteRow | undefined>;
  /** What deleting the site would take with it, or undefined when there is no such site. */
  deletionCounts(id: string): Promise<SiteDeletionCounts | undefined>;
  /**
   * Delete a site, in one transaction, only while it is still called `name` and is not the last
   * site: its conversations with their messages, notes and e-mail rows, its visitors (and their
   * search index entries), articles and attachment rows. The attachments' ids are returned: their
   * bytes are for the caller to delete, after this returns.
   */
  delete(id: string, name: string): Promise<SiteDeletion>;
}
