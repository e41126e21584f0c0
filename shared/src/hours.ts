/**
 * Business hours: is the team open at a given instant, and when does it open next? Wall-clock
 * times are read in the site's IANA time zone with Intl, so daylight-saving changes are honoured
 * without a time-zone database of our own.
 */
import type { WidgetSettings } from './widget-settings';

export interface TeamStatus {
  /** Inside the opening hours (always true when business hours are off). */
  open: boolean;
  /** Epoch ms of the next opening when closed; null when open or when no opening is configured. */
  nextOpenAt: number | null;
  /**
   * When open under business hours: the end of the current opening (adjacent spans joined) and the
   * opening after it, so an open panel can switch to "away" and back by itself. Absent otherwise.
   */
  closesAt?: number;
  reopensAt?: number | null;
}

type Hours = WidgetSettings['hours'];

interface Wall {
  year: number;
  month: number;
  day: number;
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
  /** Minutes since local midnight. */
  minutes: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall clock in `timeZone` at `instant`, plus that zone's UTC offset then (ms). */
function wallClock(instant: number, timeZone: string): Wall & { offset: number } {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(instant)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const { year = 1970, month = 1, day = 1, hour = 0, minute = 0, second = 0 } = parts;
  const asUtc = Date.UTC(year, month - 1, day, hour % 24, minute, second);
  return {
    year,
    month,
    day,
    weekday: new Date(Date.UTC(year, month - 1, day)).getUTCDay(),
    minutes: (hour % 24) * 60 + minute,
    offset: asUtc - (instant - (((instant % 1000) + 1000) % 1000)),
  };
}

/** The instant at which the wall clock in `timeZone` shows this local date and time (DST-safe). */
function toInstant(year: number, month: number, day: number, minutes: number, timeZone: string): number {
  const local = Date.UTC(year, month - 1, day, 0, minutes);
  // First guess with the offset at that moment, then correct once if the offset differs there
  // (a time just after a DST change). A time that does not exist (spring forward) lands just after the gap.
  let instant = local - wallClock(local, timeZone).offset;
  const offset = wallClock(instant, timeZone).offset;
  if (local - offset !== instant) instant = local - offset;
  return instant;
}

const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

function zoneOrUtc(timeZone: string): string {
  try {
    formatter(timeZone);
    return timeZone;
  } catch {
    return 'UTC';
  }
}

/** If the team is open at `at`, when that opening ends; else null. */
function openUntil(hours: Hours, tz: string, at: number): number | null {
  const wall = wallClock(at, tz);
  const spans = hours.openings.filter((o) => o.day === wall.weekday && toMinutes(o.open) <= wall.minutes && wall.minutes < toMinutes(o.close));
  return spans.length ? toInstant(wall.year, wall.month, wall.day, Math.max(...spans.map((o) => toMinutes(o.close))), tz) : null;
}

/** Whether the team is open at `now` (epoch ms) under `hours`, and when it opens next if not. */
export function teamStatus(hours: Hours, now: number): TeamStatus {
  if (!hours.enabled) return { open: true, nextOpenAt: null };
  const tz = zoneOrUtc(hours.timezone);
  const wall = wallClock(now, tz);
  const current = hours.openings.filter((o) => o.day === wall.weekday && toMinutes(o.open) <= wall.minutes && wall.minutes < toMinutes(o.close));
  if (current.length) {
    let closesAt = toInstant(wall.year, wall.month, wall.day, Math.max(...current.map((o) => toMinutes(o.close))), tz);
    // A span that starts where this one ends (09–12 and 12–18) is no closing.
    for (let i = 0; i < 14; i++) {
      const after = openUntil(hours, tz, closesAt);
      if (after === null) break;
      closesAt = after;
    }
    return { open: true, nextOpenAt: null, closesAt, reopensAt: teamStatus(hours, closesAt).nextOpenAt };
  }
  let next: number | null = null;
  // Today's later openings, then the next seven days' (a weekly schedule repeats within a week).
  for (let ahead = 0; ahead <= 7 && next === null; ahead++) {
    const date = new Date(Date.UTC(wall.year, wall.month - 1, wall.day + ahead));
    const weekday = date.getUTCDay();
    for (const o of hours.openings) {
      if (o.day !== weekday) continue;
      const at = toInstant(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate(), toMinutes(o.open), tz);
      if (at > now && (next === null || at < next)) next = at;
    }
  }
  return { open: false, nextOpenAt: next };
}

/**
 * The team's opening spans that overlap [from, to) (epoch ms), clipped to it, in order, adjacent
 * ones joined: each local day's openings placed in the site's time zone, so a daylight-saving change
 * moves them as the wall clock does. Business hours off: the whole of [from, to) (24/7).
 */
export function openIntervals(hours: Hours, from: number, to: number): [number, number][] {
  if (to <= from) return [];
  if (!hours.enabled) return [[from, to]];
  const tz = zoneOrUtc(hours.timezone);
  const first = wallClock(from, tz);
  const spans: [number, number][] = [];
  // From the local day before `from` (a zone behind UTC) to the day after `to`.
  const days = Math.ceil((to - from) / 86_400_000) + 2;
  for (let k = -1; k <= days; k++) {
    const date = new Date(Date.UTC(first.year, first.month - 1, first.day + k));
    const [y, m, d, weekday] = [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate(), date.getUTCDay()];
    for (const o of hours.openings) {
      if (o.day !== weekday) continue;
      const start = Math.max(from, toInstant(y, m, d, toMinutes(o.open), tz));
      const end = Math.min(to, toInstant(y, m, d, toMinutes(o.close), tz));
      if (start < end) spans.push([start, end]);
    }
  }
  spans.sort((a, b) => a[0] - b[0]);
  const joined: [number, number][] = [];
  for (const s of spans) {
    const last = joined[joined.length - 1];
    if (last && s[0] <= last[1]) last[1] = Math.max(last[1], s[1]);
    else joined.push([s[0], s[1]]);
  }
  return joined;
}

/** The local weekday (0 = Sunday), hour and `YYYY-MM-DD` date at `instant` in `timeZone` (an unknown zone reads as UTC). */
export function localTime(instant: number, timeZone: string): { weekday: number; hour: number; date: string } {
  const w = wallClock(instant, zoneOrUtc(timeZone));
  const date = `${String(w.year).padStart(4, '0')}-${String(w.month).padStart(2, '0')}-${String(w.day).padStart(2, '0')}`;
  return { weekday: w.weekday, hour: Math.floor(w.minutes / 60), date };
}

/** The UTC offset (ms, east positive) of `timeZone` at `instant` (an unknown zone reads as UTC). */
export function zoneOffset(instant: number, timeZone: string): number {
  return wallClock(instant, zoneOrUtc(timeZone)).offset;
}
