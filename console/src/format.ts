/** Display helpers: names, times and dates in the current locale. */
import type { Conversation, Locale } from '@atendo/shared';
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
    .map((w) => (w ? Array.from(w)[0] ?? '' : ''))
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

/** Full date and time, for tooltips. */
export function fullDateTime(ts: number, locale: Locale): string {
  return dateFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(ts);
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

/** A compact waiting time: "45s", "12m", "3h", "2d". */
export function waitingTime(since: number, now: number): string {
  const s = Math.max(0, Math.floor((now - since) / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m`;
  if (s < 86400) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86400)}d`;
}

/** Browser and OS from a User-Agent string, e.g. "Chrome 124 · Windows"; null when unknown. */
export function describeUserAgent(ua: string | null): string | null {
  if (!ua) return null;
  const browser =
    /Edg\/(\d+)/.exec(ua)?.[1] ? `Edge ${/Edg\/(\d+)/.exec(ua)![1]}` :
    /OPR\/(\d+)/.exec(ua) ? `Opera ${/OPR\/(\d+)/.exec(ua)![1]}` :
    /Firefox\/(\d+)/.exec(ua) ? `Firefox ${/Firefox\/(\d+)/.exec(ua)![1]}` :
    /(?:Chrome|Chromium)\/(\d+)/.exec(ua) ? `Chrome ${/(?:Chrome|Chromium)\/(\d+)/.exec(ua)![1]}` :
    /Version\/(\d+).*Safari/.exec(ua) ? `Safari ${/Version\/(\d+)/.exec(ua)![1]}` : null;
  const os = /Windows/.test(ua) ? 'Windows' : /Android/.test(ua) ? 'Android' : /iPhone|iPad|iPod/.test(ua) ? 'iOS' : /Mac OS X|Macintosh/.test(ua) ? 'macOS' : /Linux/.test(ua) ? 'Linux' : null;
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
