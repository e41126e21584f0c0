/** Display helpers: names, times and dates in the current locale. */
import { isEmail, type Conversation, type Locale } from '@atendo/shared';
import { t } from './i18n';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** A short stable code for an id (4 hex digits of an FNV-1a hash), e.g. "3f2a". */
export function shortCode(id: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0').slice(0, 4);
}

/** The visitor's name, or a friendly "Visitor 3f2a" derived from the visitor id. */
export function visitorLabel(c: Pick<Conversation, 'visitorName' | 'visitorId'> & { visitorEmail?: string | null | undefined }): string {
  // A visitor who left only an e-mail (leave-a-message form) is known by it.
  const name = c.visitorName?.trim() || c.visitorEmail?.trim();
  return name ? name : t('visitor.anonymous', { code: shortCode(c.visitorId) });
}

/** Up to two initials for an avatar. */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const letters = words.length > 1 ? [words[0], words[words.length - 1]] : [name.trim()];
  return letters
    .map((w) => (w ? (Array.from(w)[0] ?? '') : ''))
    .join('')
    .toUpperCase();
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function dateFormat(locale: Locale, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, options);
    formatters.set(key, f);
  }
  return f;
}

const relative = new Map<string, Intl.RelativeTimeFormat>();
function relativeFormat(locale: Locale): Intl.RelativeTimeFormat {
  let f = relative.get(locale);
  if (!f) {
    f = new Intl.RelativeTimeFormat(locale, { numeric: 'auto', style: 'short' });
    relative.set(locale, f);
  }
  return f;
}

function startOfDay(ts: number): number {
  const d = new Date(ts);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

/** Whole calendar days between two instants in local time (0 = same day). */
export function daysBetween(earlier: number, later: number): number {
  return Math.round((startOfDay(later) - startOfDay(earlier)) / DAY);
}

/** "now", "5 min ago", "3 hr ago", "yesterday", then a short date: for list rows. */
export function relativeTime(ts: number, now: number, locale: Locale): string {
  const diff = Math.max(0, now - ts);
  if (diff < MINUTE) return relativeFormat(locale).format(0, 'second');
  if (diff < HOUR) return relativeFormat(locale).format(-Math.floor(diff / MINUTE), 'minute');
  const days = daysBetween(ts, now);
  if (days === 0) return relativeFormat(locale).format(-Math.floor(diff / HOUR), 'hour');
  if (days < 7) return relativeFormat(locale).format(-days, 'day');
  const sameYear = new Date(ts).getFullYear() === new Date(now).getFullYear();
  return dateFormat(locale, sameYear ? { day: 'numeric', month: 'short' } : { dateStyle: 'medium' }).format(ts);
}

/** Clock time of a message, e.g. "14:05" or "2:05 PM". */
export function clockTime(ts: number, locale: Locale): string {
  return dateFormat(locale, { hour: 'numeric', minute: '2-digit' }).format(ts);
}

/**
 * A `mailto:` address for a visitor's e-mail, or null when it is not a valid address (then it is shown
 * as text only). Both parts are percent-encoded, so `?`, `&` or `#` in an address cannot add headers
 * (`?bcc=…`) or recipients to the message the agent's mail program opens.
 */
export function mailtoHref(email: string): string | null {
  if (!isEmail(email)) return null;
  const at = email.lastIndexOf('@');
  return `mailto:${encodeURIComponent(email.slice(0, at))}@${encodeURIComponent(email.slice(at + 1))}`;
}

/** Full date and time, for tooltips. */
export function fullDateTime(ts: number, locale: Locale): string {
  return dateFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(ts);
}

/** A log entry's time to the second: "8:59:45 PM" today, "Dec 3, 2026, 8:59:45 PM" before (retries seconds apart read apart). */
export function logTime(ts: number, now: number, locale: Locale): string {
  const options: Intl.DateTimeFormatOptions = daysBetween(ts, now) === 0 ? { timeStyle: 'medium' } : { dateStyle: 'medium', timeStyle: 'medium' };
  return dateFormat(locale, options).format(ts);
}

/** Label of a day separator in a transcript: "Today", "Yesterday" or the date. */
export function dayLabel(ts: number, now: number, locale: Locale): string {
  const days = daysBetween(ts, now);
  if (days === 0) return t('day.today');
  if (days === 1) return t('day.yesterday');
  const sameYear = new Date(ts).getFullYear() === new Date(now).getFullYear();
  return dateFormat(locale, sameYear ? { weekday: 'long', day: 'numeric', month: 'long' } : { dateStyle: 'long' }).format(ts);
}

/** ISO string for `<time datetime>`. */
export function isoTime(ts: number): string {
  return new Date(ts).toISOString();
}

const numberFormats = new Map<string, Intl.NumberFormat>();
function numberFormat(locale: Locale, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let f = numberFormats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale, options);
    numberFormats.set(key, f);
  }
  return f;
}

export type TimeUnit = 'second' | 'minute' | 'hour' | 'day';
/** How a unit is written: 'narrow' is the tightest ("5m", "5 мин", "5 min"), 'short' reads better ("5 min", "5 мин"), 'long' spells it out ("5 minutes", "5 минут"). */
export type UnitDisplay = 'narrow' | 'short' | 'long';

/** A number with its time unit in the agent's language (Intl), e.g. "12 min", "12 мин", "3 h". */
export function timeAmount(n: number, unit: TimeUnit, locale: Locale, unitDisplay: UnitDisplay = 'short'): string {
  return numberFormat(locale, { style: 'unit', unit, unitDisplay, maximumFractionDigits: 0 }).format(n);
}

const unitLists = new Map<string, Intl.ListFormat>();
/** Parts of one duration joined as the language does ("2 h 5 min", "2 ч 5 мин"). */
function joinUnits(parts: string[], locale: Locale): string {
  if (parts.length < 2 || typeof Intl.ListFormat === 'undefined') return parts.join(' ');
  let f = unitLists.get(locale);
  if (!f) {
    f = new Intl.ListFormat(locale, { type: 'unit', style: 'narrow' });
    unitLists.set(locale, f);
  }
  return f.format(parts);
}

/**
 * A duration for people, through Intl in the agent's language: "45 sec", "12 min", "3 hr 5 min",
 * "2 days 4 hr" (en); "45 s", "12 min", "3 h 5 min", "2 dias 4 h" (pt-BR); "45 с", "12 мин",
 * "3 ч 5 мин", "2 дн. 4 ч" (ru). Minutes are shown alone: seconds beside them are noise.
 */
export function formatDuration(ms: number, locale: Locale, unitDisplay: UnitDisplay = 'short'): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return timeAmount(s, 'second', locale, unitDisplay);
  const min = Math.round(s / 60);
  if (min < 60) return timeAmount(min, 'minute', locale, unitDisplay);
  const h = Math.floor(min / 60);
  const pair = (big: number, bigUnit: TimeUnit, small: number, smallUnit: TimeUnit) =>
    joinUnits([timeAmount(big, bigUnit, locale, unitDisplay), ...(small ? [timeAmount(small, smallUnit, locale, unitDisplay)] : [])], locale);
  if (h < 24) return pair(h, 'hour', min % 60, 'minute');
  return pair(Math.floor(h / 24), 'day', h % 24, 'hour');
}

/** A compact waiting time in the largest whole unit, through Intl: "45s", "12m", "3h" (en); "12 min" (pt-BR); "12 мин" (ru). */
export function waitingTime(since: number, now: number, locale: Locale): string {
  const s = Math.max(0, Math.floor((now - since) / 1000));
  if (s < 60) return timeAmount(s, 'second', locale, 'narrow');
  if (s < 3600) return timeAmount(Math.floor(s / 60), 'minute', locale, 'narrow');
  if (s < 86400) return timeAmount(Math.floor(s / 3600), 'hour', locale, 'narrow');
  return timeAmount(Math.floor(s / 86400), 'day', locale, 'narrow');
}

/** A latency in milliseconds, through Intl: "12 ms", "1,250 ms" (en); "12 мс" (ru). */
export function milliseconds(ms: number, locale: Locale): string {
  return numberFormat(locale, { style: 'unit', unit: 'millisecond', unitDisplay: 'short', maximumFractionDigits: 0 }).format(ms);
}

/** A share as a percentage in the agent's language: "75%" (en, pt-BR), "75 %" (ru). `pct` is 0–100. */
export function percent(pct: number, locale: Locale): string {
  return numberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(pct / 100);
}

/** A file size with its unit in the agent's language: "820 B", "20 kB", "1.5 MB" (en); "20 кБ", "1,5 МБ" (ru). */
export function fileSize(bytes: number, locale: Locale): string {
  if (bytes < 1024) return numberFormat(locale, { style: 'unit', unit: 'byte', unitDisplay: 'narrow' }).format(bytes);
  const [value, unit] = bytes >= 1024 * 1024 ? [bytes / 1024 / 1024, 'megabyte'] : [bytes / 1024, 'kilobyte'];
  return numberFormat(locale, { style: 'unit', unit, unitDisplay: 'short', maximumFractionDigits: value >= 10 ? 0 : 1 }).format(value);
}

/**
 * Where on the site a page is, as agents read it: path and query (and a hash route such as
 * `#/checkout`), without the origin: `https://shop.example/plans?utm_source=x` → `/plans?utm_source=x`,
 * `https://shop.example/#/checkout` → `/#/checkout`. Percent-escapes are decoded for reading.
 * Anything that is not a URL comes back as it is.
 */
export function pagePath(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return url;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return url;
  const raw = `${u.pathname}${u.search}${u.hash}`;
  try {
    return decodeURI(raw);
  } catch {
    return raw;
  }
}

/** Browser and OS from a User-Agent string, e.g. "Chrome 124 · Windows"; null when unknown. */
export function describeUserAgent(ua: string | null): string | null {
  if (!ua) return null;
  const browser = /Edg\/(\d+)/.exec(ua)?.[1]
    ? `Edge ${/Edg\/(\d+)/.exec(ua)![1]}`
    : /OPR\/(\d+)/.exec(ua)
      ? `Opera ${/OPR\/(\d+)/.exec(ua)![1]}`
      : /Firefox\/(\d+)/.exec(ua)
        ? `Firefox ${/Firefox\/(\d+)/.exec(ua)![1]}`
        : /(?:Chrome|Chromium)\/(\d+)/.exec(ua)
          ? `Chrome ${/(?:Chrome|Chromium)\/(\d+)/.exec(ua)![1]}`
          : /Version\/(\d+).*Safari/.exec(ua)
            ? `Safari ${/Version\/(\d+)/.exec(ua)![1]}`
            : null;
  const os = /Windows/.test(ua)
    ? 'Windows'
    : /Android/.test(ua)
      ? 'Android'
      : /iPhone|iPad|iPod/.test(ua)
        ? 'iOS'
        : /Mac OS X|Macintosh/.test(ua)
          ? 'macOS'
          : /Linux/.test(ua)
            ? 'Linux'
            : null;
  const parts = [browser, os].filter(Boolean);
  return parts.length ? parts.join(' · ') : null;
}

/** The visitor's local time now, e.g. "14:05 (America/Sao_Paulo)"; null without a valid zone. */
export function localTimeIn(timeZone: string | null, now: number, locale: string): string | null {
  if (!timeZone) return null;
  try {
    return new Intl.DateTimeFormat(locale, { hour: 'numeric', minute: '2-digit', timeZone }).format(now);
  } catch {
    return null;
  }
}

const languageNames = new Map<string, Intl.DisplayNames | null>();
/** A language named in the agent's language, capitalised to stand alone: "Inglês", "Português (Brasil)" (pt-BR); "Английский" (ru). */
export function languageName(code: string, locale: Locale): string {
  if (!languageNames.has(locale)) {
    let names: Intl.DisplayNames | null = null;
    try {
      names = new Intl.DisplayNames(locale, { type: 'language', languageDisplay: 'standard' });
    } catch {
      // An engine without DisplayNames: the code is still better than nothing.
    }
    languageNames.set(locale, names);
  }
  let name = code;
  try {
    name = languageNames.get(locale)?.of(code) ?? code;
  } catch {
    // Not a well-formed language tag (a visitor's browser may send anything): shown as it came.
    return code;
  }
  return name.charAt(0).toLocaleUpperCase(locale) + name.slice(1);
}
