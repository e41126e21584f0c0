/** The site's public widget config, and the colours derived from it. */
import type { WidgetConfigResponse } from '@atendo/shared';
import type { ConfigState } from './chat';

const cache = new Map<string, Promise<ConfigState>>();

/** Fetch `GET /api/v1/widget/config` once per page (the idle prefetch and the mount share it). */
export function loadConfig(origin: string, siteId: string, fetchImpl: typeof fetch = fetch, prefetched?: Promise<Response>): Promise<ConfigState> {
  const url = `${origin}/api/v1/widget/config?site=${encodeURIComponent(siteId)}`;
  let p = cache.get(url);
  if (!p) {
    p = (prefetched ?? fetchImpl(url, { credentials: 'omit' })).then(
      async (res): Promise<ConfigState> => {
        // 404 unknown_site, or 403: this page's origin is not one the site allows.
        if (res.status === 404 || res.status === 403) return { status: 'unavailable' };
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        const { config } = (await res.json()) as WidgetConfigResponse;
        return { status: 'ready', config };
      },
    );
    // A failed fetch is not cached: the next open tries again.
    p = p.catch((): ConfigState => {
      cache.delete(url);
      return { status: 'error' };
    });
    cache.set(url, p);
  }
  return p;
}

export const DEFAULT_ACCENT = '#2563eb';

/** Parse `#rgb` / `#rrggbb`; anything else is not a colour we put into CSS. */
function rgb(color: string): [number, number, number] | null {
  const m = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(color.trim());
  if (!m) return null;
  const hex = m[1]!.length === 3 ? [...m[1]!].map((c) => c + c).join('') : m[1]!;
  return [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
}

/** WCAG relative luminance. */
function luminance([r, g, b]: [number, number, number]): number {
  const ch = (v: number) => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * ch(r) + 0.7152 * ch(g) + 0.0722 * ch(b);
}

/** Accent colour and the text colour that reads best on it (white or near-black). */
export function accentColors(color: string | undefined): { accent: string; onAccent: string } {
  const parsed = color ? rgb(color) : null;
  const accent = parsed ? color!.trim() : DEFAULT_ACCENT;
  const L = luminance(parsed ?? rgb(DEFAULT_ACCENT)!);
  // Contrast against white is 1.05/(L+0.05), against #111 is (L+0.05)/(0.0056+0.05).
  const onWhite = 1.05 / (L + 0.05);
  const onDark = (L + 0.05) / 0.0556;
  return { accent, onAccent: onWhite >= onDark ? '#ffffff' : '#111111' };
}

/** Paint the launcher and panel in the site's colour (custom properties inherit into the shadow tree). */
export function applyTheme(root: ShadowRoot, color: string | undefined): void {
  const { accent, onAccent } = accentColors(color);
  const host = root.host as HTMLElement;
  host.style.setProperty('--atendo-accent', accent);
  host.style.setProperty('--atendo-on-accent', onAccent);
}
