/**
 * The bubble's look before the chat app arrives: the site's colour, corner and label
 * as a few CSS rules the loader adds to its shadow root, so the bubble does not change under the
 * visitor's pointer when the app takes over. Pure: the server builds it (`GET /widget/loader`),
 * the widget app uses the same colour rule.
 */

/** What a new site gets, and what the loader draws without being told otherwise. */
export const DEFAULT_SITE_COLOR = '#4f46e5';
/** Colour of the app for a colour it cannot read. */
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

/** `s` as a CSS string literal: every character but letters, digits and spaces escaped. */
export function cssString(s: string): string {
  return '"' + [...s].map((ch) => (/[A-Za-z0-9 ]/.test(ch) ? ch : '\\' + ch.codePointAt(0)!.toString(16) + ' ')).join('') + '"';
}

/**
 * CSS for the loader's bubble in the site's look, '' when it is the default one. Rules apply only
 * until the app marks the bubble as its own (`data-app`): from then on the app's styles decide.
 */
export function launcherCss(site: { color?: string | undefined; position?: 'left' | 'right' | undefined; launcherLabel?: string | undefined }): string {
  let css = '';
  const color = site.color?.trim().toLowerCase();
  if (color && color !== DEFAULT_SITE_COLOR && rgb(color)) {
    css += `:host{--atendo-accent:${color};--atendo-on-accent:${accentColors(color).onAccent}}`;
  }
  const own = '.launcher:not([data-app])';
  if (site.position === 'left') css += `${own}{left:max(20px,env(safe-area-inset-left));right:auto}`;
  const label = site.launcherLabel?.trim().slice(0, 40);
  if (label) {
    css += `${own}{width:auto;border-radius:28px;padding:0 20px 0 14px;grid-auto-flow:column;gap:8px}`;
    css += `${own}:after{content:${cssString(label)};font:600 15px/1 system-ui,sans-serif;white-space:nowrap}`;
  }
  return css;
}

/**
 * `GET /api/v1/widget/loader` (200; 204 says neither): the bubble's look (`launcherCss`) and
 * `[timeOnPageSec, urlPattern, id]` of each enabled proactive message.
 */
export interface WidgetLoaderResponse {
  css?: string;
  proactive?: [seconds: number, urlPattern: string, id: string][];
}
