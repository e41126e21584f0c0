/** The site's public widget config, and the colours derived from it. */
import type { WidgetConfigResponse } from '@atendo/shared';
import type { ConfigState } from './chat';

const cache = new Map<string, Promise<ConfigState>>();

/** Fetch `GET /api/v1/widget/config` once per page (the idle prefetch and the mount share it). */
export function loadConfig(origin: string, siteId: string, fetchImpl: typeof fetch = fetch, prefetched?: Promise<Response>): Promise<ConfigState> {
  const url = `${origin}/api/v1/widget/config?site=${encodeURIComponent(siteId)}`;
  let p = cache.get(url);
  if (!p) {
    p = (prefetched ?? fetchImpl(url, { credentials: 'omit' })).then(async (res): Promise<ConfigState> => {
      // 404 unknown_site, or 403: this page's origin is not one the site allows.
      if (res.status === 404 || res.status === 403) return { status: 'unavailable' };
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const { config } = (await res.json()) as WidgetConfigResponse;
      return { status: 'ready', config };
    });
    // A failed fetch is not cached: the next open tries again.
    p = p.catch((): ConfigState => {
      cache.delete(url);
      return { status: 'error' };
    });
    cache.set(url, p);
  }
  return p;
}

import { accentColors } from '@atendo/shared';
export { accentColors, DEFAULT_ACCENT } from '@atendo/shared';

/** Paint the launcher and panel in the site's colour (custom properties inherit into the shadow tree). */
export function applyTheme(root: ShadowRoot, color: string | undefined): void {
  const { accent, onAccent } = accentColors(color);
  const host = root.host as HTMLElement;
  host.style.setProperty('--atendo-accent', accent);
  host.style.setProperty('--atendo-on-accent', onAccent);
}
