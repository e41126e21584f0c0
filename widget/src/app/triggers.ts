/**
 * Proactive messages: which of the site's triggers may fire on this page, when, and the
 * memory that keeps each one to once per visitor. Pure apart from the storage and timers it is
 * given. Loaded as its own chunk, only on sites with an enabled trigger.
 */
import type { Trigger } from '@atendo/shared';

/**
 * Does `url` match the owner's pattern? '' (or none) matches every page; without `*` the pattern is
 * a substring; with `*` it must match the whole URL, `*` standing for any run of characters.
 * Case-insensitive, as owners type URLs loosely.
 */
export function urlMatches(pattern: string | undefined, url: string): boolean {
  const p = (pattern ?? '').trim().toLowerCase();
  const u = url.toLowerCase();
  if (!p) return true;
  if (!p.includes('*')) return u.includes(p);
  const re = new RegExp(
    '^' +
      p
        .split('*')
        .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('.*') +
      '$',
  );
  return re.test(u);
}

export interface PageContext {
  url: string;
  /** Page loads on this site so far, this one included. */
  visits: number;
  /** Ids of the triggers that already fired for this visitor. */
  fired: readonly string[];
}

/** The triggers that may fire on this page: enabled, not fired before, URL and visit count satisfied. */
export function eligibleTriggers(triggers: readonly Trigger[], ctx: PageContext): Trigger[] {
  return triggers.filter((t) => t.enabled && !ctx.fired.includes(t.id) && urlMatches(t.urlPattern, ctx.url) && ctx.visits >= (t.minVisits ?? 1));
}

/** What the widget remembers in the visitor's browser, and only on sites with enabled triggers. */
export interface TriggerMemory {
  /** Count this page load and return the new total. */
  countVisit(): number;
  fired(): string[];
  markFired(id: string): void;
}

export const visitsKey = (siteId: string) => `atendo:${siteId}:visits`;
export const firedKey = (siteId: string) => `atendo:${siteId}:triggers`;

/** Memory over localStorage (`atendo:<siteId>:visits`, `atendo:<siteId>:triggers`); blocked storage = memory only. */
export function triggerMemory(siteId: string, storage: Storage | null): TriggerMemory {
  const read = (key: string): string | null => {
    try {
      return storage?.getItem(key) ?? null;
    } catch {
      return null;
    }
  };
  const write = (key: string, value: string) => {
    try {
      storage?.setItem(key, value);
    } catch {
      /* this page only */
    }
  };
  let fired: string[] = [];
  try {
    const parsed: unknown = JSON.parse(read(firedKey(siteId)) ?? '[]');
    if (Array.isArray(parsed)) fired = parsed.filter((x): x is string => typeof x === 'string').slice(-50);
  } catch {
    /* not ours: start afresh */
  }
  return {
    countVisit() {
      const n = Math.min((Number.parseInt(read(visitsKey(siteId)) ?? '0', 10) || 0) + 1, 1_000_000);
      write(visitsKey(siteId), String(n));
      return n;
    },
    fired: () => fired,
    markFired(id) {
      if (fired.includes(id)) return;
      fired = [...fired, id];
      write(firedKey(siteId), JSON.stringify(fired));
    },
  };
}

export interface StartOptions {
  triggers: readonly Trigger[];
  url: string;
  memory: TriggerMemory;
  /** This page load's visit number; counted in `memory` when absent. */
  visits?: number;
  /** Milliseconds the visitor has already spent on this page (timers count from page load). */
  elapsedMs: number;
  /**
   * Show the trigger's message. Returns false when it could not be shown now (the panel is open):
   * it is then not remembered and may fire on a later page.
   */
  fire(trigger: Trigger): boolean;
  setTimer?(fn: () => void, ms: number): unknown;
  clearTimer?(id: unknown): void;
}

/**
 * Arm every eligible trigger's timer for this page. The first one to fire wins the page: the
 * others are cancelled (one proactive message per page at most) and stay eligible later.
 * Returns a function that cancels whatever has not fired.
 */
export function startTriggers(opts: StartOptions): () => void {
  const setTimer = opts.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
  const clearTimer = opts.clearTimer ?? ((id) => clearTimeout(id as ReturnType<typeof setTimeout>));
  const enabled = opts.triggers.filter((t) => t.enabled);
  if (!enabled.length) return () => {};
  const visits = opts.visits ?? opts.memory.countVisit();
  const due = eligibleTriggers(enabled, { url: opts.url, visits, fired: opts.memory.fired() });
  const timers: unknown[] = [];
  const cancel = () => timers.splice(0).forEach(clearTimer);
  for (const t of due) {
    const ms = Math.max(0, (t.timeOnPageSec ?? 0) * 1000 - opts.elapsedMs);
    timers.push(
      setTimer(() => {
        if (!opts.fire(t)) return;
        opts.memory.markFired(t.id);
        cancel();
      }, ms),
    );
  }
  return cancel;
}

export interface WatchOptions extends Omit<StartOptions, 'url' | 'visits'> {
  getUrl(): string;
  /** How often to look for a single-page app's navigation (default 1 s). */
  everyMs?: number;
}

/**
 * `startTriggers` for the whole page load, single-page apps included: the visit is counted once, and
 * when the URL (apart from its #fragment) changes without a reload the timers start again for the
 * new URL (time on page counts from that navigation). Once one trigger fired, this page load shows no other.
 */
export function watchTriggers(opts: WatchOptions): () => void {
  if (!opts.triggers.some((t) => t.enabled)) return () => {};
  const visits = opts.memory.countVisit();
  let url = opts.getUrl();
  let done = false;
  const fire = (t: Trigger) => (done = opts.fire(t));
  let cancel = startTriggers({ ...opts, url, visits, fire });
  const tick = setInterval(() => {
    if (done) return stop();
    const next = opts.getUrl();
    // An in-page anchor (#section) is not a navigation.
    if (next.split('#')[0] === url.split('#')[0]) return;
    url = next;
    cancel();
    cancel = startTriggers({ ...opts, url, visits, fire, elapsedMs: 0 });
  }, opts.everyMs ?? 1000);
  const stop = () => {
    clearInterval(tick);
    cancel();
  };
  return stop;
}
