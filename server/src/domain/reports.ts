import {
  localTime,
  npsScore,
  openIntervals,
  readWidgetSettings,
  type DurationStats,
  type Report,
  type ReportAgentRow,
  type ReportDurations,
  type ReportVolumeDay,
  type WidgetSettings,
  zoneOffset,
} from '@atendo/shared';
import type { ReportStore, SlotRow, TimingRow } from '../storage/reports';

const DAY_MS = 86_400_000;
const SLOT_MS = 900_000;

export interface ReportRange {
  from?: number | undefined;
  to?: number | undefined;
  siteId?: string | undefined;
}

/** Median of a list of numbers (mean of the two middle ones for an even count); null when empty. */
export function median(values: number[]): number | null {
  return medianOfSorted([...values].sort((a, b) => a - b));
}

function medianOfSorted(s: number[]): number | null {
  if (!s.length) return null;
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** The p-th percentile by nearest rank: the smallest value that at least p % of the values do not exceed; null when empty. */
export function percentile(values: number[], p: number): number | null {
  return percentileOfSorted(
    [...values].sort((a, b) => a - b),
    p,
  );
}

function percentileOfSorted(s: number[], p: number): number | null {
  return s.length ? s[Math.max(0, Math.ceil((p / 100) * s.length) - 1)]! : null;
}

/** Median, p90 and mean (rounded to the millisecond) of a list of durations (sorted once, in place). */
export function durationStats(values: number[]): DurationStats {
  const s = values.sort((a, b) => a - b);
  let sum = 0;
  for (const v of s) sum += v;
  const med = medianOfSorted(s);
  return {
    count: s.length,
    medianMs: med === null ? null : Math.round(med),
    p90Ms: percentileOfSorted(s, 90),
    meanMs: s.length ? Math.round(sum / s.length) : null,
  };
}

/**
 * Business time of one site: how many milliseconds of [a, b) fall in its opening hours. The
 * openings over the span asked for are placed once (in the site's time zone, DST-correct, see
 * `openIntervals`); each duration is then two binary searches over their running sums.
 */
export class BusinessClock {
  private starts: number[] = [];
  private ends: number[] = [];
  /** Open milliseconds before interval i. */
  private before: number[] = [];

  constructor(hours: WidgetSettings['hours'], from: number, to: number) {
    let sum = 0;
    for (const [s, e] of openIntervals(hours, from, to)) {
      this.starts.push(s);
      this.ends.push(e);
      this.before.push(sum);
      sum += e - s;
    }
  }

  /** Open milliseconds before `t` (within the span the clock was made for). */
  private openBefore(t: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    let i = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.starts[mid]! <= t) {
        i = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return i < 0 ? 0 : this.before[i]! + Math.min(t, this.ends[i]!) - this.starts[i]!;
  }

  /** Open milliseconds in [a, b). */
  between(a: number, b: number): number {
    return b <= a ? 0 : this.openBefore(b) - this.openBefore(a);
  }
}

interface Timed {
  first: number[];
  firstBusiness: number[];
  resolution: number[];
  resolutionBusiness: number[];
}

const emptyTimed = (): Timed => ({ first: [], firstBusiness: [], resolution: [], resolutionBusiness: [] });
const durations = (wall: number[], business: number[]): ReportDurations => ({ ...durationStats(wall), business: durationStats(business) });

/**
 * The agents' report, over the conversations *created* in [from, to): one cohort, so every figure
 * describes the same conversations. The store counts and groups; medians, percentiles, business
 * hours and local days and hours (each site's time zone) are taken here.
 */
export class ReportService {
  constructor(private store: ReportStore) {}

  async report(range: ReportRange, now = Date.now()): Promise<Report> {
    const to = range.to ?? now;
    const from = range.from ?? to - 30 * DAY_MS;
    const siteId = range.siteId ?? null;
    const data = await this.store.read({ from, to, siteId });
    const f = data.figures;
    const hours = new Map(data.sites.map((s) => [s.id, readWidgetSettings(s.widgetSettings).hours]));
    const zoneOf = (site: string) => hours.get(site)?.timezone ?? 'UTC';
    const zones = [...new Set(data.sites.map((s) => zoneOf(s.id)))];

    const timed = timings(data.timings, hours);
    const all = emptyTimed();
    // A loop, not push(...): a spread of 100,000 arguments can overflow the stack.
    for (const t of timed.values()) for (const k of Object.keys(all) as (keyof Timed)[]) for (const v of t[k]) all[k].push(v);

    const agents: ReportAgentRow[] = data.agents.map(([agentId, name, conversations, resolved, csatSum, csatCount]) => {
      const t = timed.get(agentId) ?? emptyTimed();
      return {
        agentId,
        name,
        conversations,
        resolved,
        firstResponseMedianMs: durationStats(t.first).medianMs,
        resolutionMedianMs: durationStats(t.resolution).medianMs,
        csatAverage: csatCount ? round2(csatSum / csatCount) : null,
        csatCount,
      };
    });
    // Most conversations first; the unassigned row last; ties by name, then id (the same on every store).
    agents.sort(
      (a, b) =>
        Number(a.agentId === null) - Number(b.agentId === null) ||
        b.conversations - a.conversations ||
        cmp(a.name ?? '', b.name ?? '') ||
        cmp(a.agentId ?? '', b.agentId ?? ''),
    );

    const { promoters, passives, detractors } = f;
    return {
      from,
      to,
      siteId,
      conversations: f.conversations,
      resolved: f.resolved,
      csat: { average: f.csatCount ? round2(f.csatSum / f.csatCount) : null, count: f.csatCount, distribution: f.csatDistribution },
      nps: { score: npsScore(promoters, passives, detractors), count: promoters + passives + detractors, promoters, passives, detractors },
      firstResponse: durations(all.first, all.firstBusiness),
      resolution: durations(all.resolution, all.resolutionBusiness),
      timeZone: zones.length === 1 ? zones[0]! : zones.length === 0 ? 'UTC' : null,
      ...calendar(
        data.slots,
        from,
        to,
        zoneOf,
        data.sites.map((s) => s.id),
      ),
      agents,
      tags: data.tags.map(([tag, conversations]) => ({ tag, conversations })).sort((a, b) => b.conversations - a.conversations || cmp(a.tag, b.tag)),
      bot: {
        involved: f.botInvolved,
        resolved: f.botResolved,
        handedOver: f.botHandedOver,
        articles: data.articles
          .map(([articleId, title, offered, helped, notHelped]) => ({ articleId, title, offered, helped, notHelped }))
          .sort((a, b) => b.offered - a.offered || b.helped - a.helped || cmp(a.articleId, b.articleId)),
      },
    };
  }
}

const round2 = (n: number) => Math.round(n * 100) / 100;
/** Code-point order: the same on every store and locale. */
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The durations per assignee (key null: unassigned), wall-clock and within each site's business hours. */
function timings(rows: TimingRow[], hours: Map<string, WidgetSettings['hours']>): Map<string | null, Timed> {
  // One clock per site, over the span its conversations need.
  const span = new Map<string, [number, number]>();
  for (const [site, , created, resolvedAt, start, reply] of rows) {
    const lo = Math.min(created, start ?? created);
    const hi = Math.max(resolvedAt ?? lo, reply ?? lo);
    const s = span.get(site);
    span.set(site, s ? [Math.min(s[0], lo), Math.max(s[1], hi)] : [lo, hi]);
  }
  const clocks = new Map<string, BusinessClock>();
  for (const [site, [lo, hi]] of span) {
    const h = hours.get(site) ?? readWidgetSettings('{}').hours;
    clocks.set(site, new BusinessClock(h, lo, hi + 1));
  }
  const out = new Map<string | null, Timed>();
  for (const [site, assignee, created, resolvedAt, start, reply] of rows) {
    const clock = clocks.get(site)!;
    let t = out.get(assignee);
    if (!t) out.set(assignee, (t = emptyTimed()));
    if (start !== null && reply !== null) {
      t.first.push(reply - start);
      t.firstBusiness.push(clock.between(start, reply));
    }
    if (resolvedAt !== null) {
      t.resolution.push(resolvedAt - created);
      t.resolutionBusiness.push(clock.between(created, resolvedAt));
    }
  }
  return out;
}

/**
 * A zone's UTC offset at an instant, read through Intl once per zone and UTC day, or once per hour
 * on the days it changes (a DST change; they happen on the hour): thousands of slots cost a few
 * hundred Intl calls, not one each.
 */
function offsetReader(): (at: number, tz: string) => number {
  const days = new Map<string, number | null>();
  const hours = new Map<string, number>();
  return (at, tz) => {
    const day = Math.floor(at / DAY_MS) * DAY_MS;
    const key = `${tz}\u0000${day}`;
    let whole = days.get(key);
    if (whole === undefined) {
      const a = zoneOffset(day, tz);
      whole = a === zoneOffset(day + DAY_MS - 1, tz) ? a : null;
      days.set(key, whole);
    }
    if (whole !== null) return whole;
    const hour = Math.floor(at / 3_600_000) * 3_600_000;
    const hkey = `${tz}\u0000${hour}`;
    let o = hours.get(hkey);
    if (o === undefined) hours.set(hkey, (o = zoneOffset(hour, tz)));
    return o;
  };
}

/**
 * Volume by local day (every day of the period, zeros included) and the hour × weekday heatmap,
 * from 15-minute slots: every time zone's offset is a multiple of 15 minutes, so a slot lies in one
 * local hour.
 */
function calendar(
  slots: SlotRow[],
  from: number,
  to: number,
  zoneOf: (site: string) => string,
  sites: string[],
): { volume: ReportVolumeDay[]; heatmap: number[][] } {
  const heatmap = Array.from({ length: 7 }, () => Array<number>(24).fill(0));
  const days = new Map<string, ReportVolumeDay>();
  const day = (date: string) => {
    let d = days.get(date);
    if (!d) days.set(date, (d = { date, open: 0, pending: 0, resolved: 0 }));
    return d;
  };
  const offsets = offsetReader();
  for (const [site, slot, status, count] of slots) {
    const at = slot * SLOT_MS;
    // The local wall clock as a UTC date: its UTC fields are the local ones.
    const wall = new Date(at + offsets(at, zoneOf(site)));
    heatmap[wall.getUTCDay()]![wall.getUTCHours()]! += count;
    day(wall.toISOString().slice(0, 10))[status] += count;
  }
  // Every day from the first local date of `from` to the last of `to` (across the sites' zones).
  const zones = new Set(sites.map(zoneOf));
  if (!zones.size) zones.add('UTC');
  let first: string | undefined;
  let last: string | undefined;
  for (const tz of zones) {
    const a = localTime(from, tz).date;
    const b = localTime(Math.max(from, to - 1), tz).date;
    if (!first || a < first) first = a;
    if (!last || b > last) last = b;
  }
  for (let d = new Date(`${first}T00:00:00Z`); d.toISOString().slice(0, 10) <= last!; d.setUTCDate(d.getUTCDate() + 1)) day(d.toISOString().slice(0, 10));
  return { volume: [...days.values()].sort((a, b) => cmp(a.date, b.date)), heatmap };
}
