import { describe, expect, it } from 'vitest';
import { teamStatus } from './hours';
import type { Opening } from './widget-settings';

const weekdays = (open: string, close: string): Opening[] => [1, 2, 3, 4, 5].map((day) => ({ day, open, close }));
const at = (iso: string) => Date.parse(iso);
const hours = (timezone: string, openings: Opening[], enabled = true) => ({ enabled, timezone, openings });

describe('teamStatus', () => {
  it('is always open when business hours are off', () => {
    expect(teamStatus(hours('UTC', [], false), at('2026-11-29T03:00Z'))).toEqual({ open: true, nextOpenAt: null });
  });

  it('reads the opening hours in the site time zone, not in UTC', () => {
    // São Paulo is UTC-3: 09:00 local on Monday 2026-11-30 is 12:00 UTC.
    const sp = hours('America/Sao_Paulo', weekdays('09:00', '18:00'));
    expect(teamStatus(sp, at('2026-11-30T11:59Z'))).toEqual({ open: false, nextOpenAt: at('2026-11-30T12:00Z') });
    // Open: it closes at 18:00 local (21:00 UTC) and opens again on Tuesday at 09:00 local.
    const monday = { open: true, nextOpenAt: null, closesAt: at('2026-11-30T21:00Z'), reopensAt: at('2026-12-01T12:00Z') };
    expect(teamStatus(sp, at('2026-11-30T12:00Z'))).toEqual(monday);
    expect(teamStatus(sp, at('2026-11-30T20:59Z'))).toEqual(monday);
    // 18:00 local: closed (close is exclusive), back on Tuesday at 09:00 local.
    expect(teamStatus(sp, at('2026-11-30T21:00Z'))).toEqual({ open: false, nextOpenAt: at('2026-12-01T12:00Z') });
  });

  it('skips closed days: Friday evening and Saturday point to Monday morning', () => {
    const sp = hours('America/Sao_Paulo', weekdays('09:00', '18:00'));
    expect(teamStatus(sp, at('2026-12-04T22:00Z')).nextOpenAt).toBe(at('2026-12-07T12:00Z'));
    expect(teamStatus(sp, at('2026-12-05T15:00Z'))).toEqual({ open: false, nextOpenAt: at('2026-12-07T12:00Z') });
  });

  it('uses the local weekday where it differs from the UTC one', () => {
    // Tokyo is UTC+9: Monday 09:00 JST is Sunday 24:00 UTC.
    const tokyo = hours('Asia/Tokyo', weekdays('09:00', '18:00'));
    expect(teamStatus(tokyo, at('2026-11-29T23:00Z'))).toEqual({ open: false, nextOpenAt: at('2026-11-30T00:00Z') });
    expect(teamStatus(tokyo, at('2026-11-30T00:30Z')).open).toBe(true);
    // Sunday 12:00 UTC is Sunday 21:00 in Tokyo: closed.
    expect(teamStatus(tokyo, at('2026-11-29T12:00Z')).open).toBe(false);
  });

  it('is DST-safe: the next opening after the clocks change uses the new offset', () => {
    // New York leaves daylight time on Sunday 2026-11-01: Friday 09:00 is EDT (13:00Z), Monday 09:00 is EST (14:00Z).
    const ny = hours('America/New_York', weekdays('09:00', '17:00'));
    expect(teamStatus(ny, at('2026-10-30T13:00Z')).open).toBe(true);
    expect(teamStatus(ny, at('2026-10-30T22:00Z')).nextOpenAt).toBe(at('2026-11-02T14:00Z'));
    expect(teamStatus(ny, at('2026-11-02T13:30Z')).open).toBe(false);
    expect(teamStatus(ny, at('2026-11-02T14:00Z')).open).toBe(true);
    // Berlin springs forward on Sunday 2026-03-29: Monday 09:00 is CEST (07:00Z), not 08:00Z.
    const berlin = hours('Europe/Berlin', weekdays('09:00', '17:00'));
    expect(teamStatus(berlin, at('2026-03-28T12:00Z')).nextOpenAt).toBe(at('2026-03-30T07:00Z'));
  });

  it('opens on the day of the clock change too (Sunday opening across the DST switch)', () => {
    // 10:00 on the Sunday New York falls back is already EST: 15:00Z.
    const ny = hours('America/New_York', [{ day: 0, open: '10:00', close: '12:00' }]);
    expect(teamStatus(ny, at('2026-11-01T03:00Z')).nextOpenAt).toBe(at('2026-11-01T15:00Z'));
  });

  it('finds a later span on the same day (split shifts)', () => {
    const split = hours('UTC', [
      { day: 1, open: '09:00', close: '12:00' },
      { day: 1, open: '14:00', close: '18:00' },
    ]);
    expect(teamStatus(split, at('2026-11-30T13:00Z'))).toEqual({ open: false, nextOpenAt: at('2026-11-30T14:00Z') });
    // After the last span of the only open day: the same weekday next week.
    expect(teamStatus(split, at('2026-11-30T19:00Z')).nextOpenAt).toBe(at('2026-12-07T09:00Z'));
  });

  it('joins spans that meet: the closing is where the team really leaves', () => {
    const joined = hours('UTC', [
      { day: 1, open: '09:00', close: '12:00' },
      { day: 1, open: '12:00', close: '18:00' },
      { day: 2, open: '09:00', close: '18:00' },
    ]);
    expect(teamStatus(joined, at('2026-11-30T10:00Z'))).toMatchObject({ open: true, closesAt: at('2026-11-30T18:00Z'), reopensAt: at('2026-12-01T09:00Z') });
  });

  it('is closed with no next opening when no day is open', () => {
    expect(teamStatus(hours('UTC', []), at('2026-11-30T12:00Z'))).toEqual({ open: false, nextOpenAt: null });
  });

  it('falls back to UTC for a time zone it does not know', () => {
    const bad = hours('Mars/Olympus_Mons', weekdays('09:00', '18:00'));
    expect(teamStatus(bad, at('2026-11-30T09:30Z')).open).toBe(true);
    expect(teamStatus(bad, at('2026-11-30T08:30Z')).nextOpenAt).toBe(at('2026-11-30T09:00Z'));
  });
});
