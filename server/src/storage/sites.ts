/** Sites (the websites a team serves) and their settings: appearance, widget settings, security. */
import type { SiteRow } from './types';

export interface SiteAppearance {
  color: string;
  position: 'right' | 'left';
  teamName: string;
  greeting: string;
  launcherLabel: string;
}

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
}
