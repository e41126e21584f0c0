import type { Trigger } from '@atendo/shared';
import { describe, expect, it, vi } from 'vitest';
import { eligibleTriggers, firedKey, startTriggers, triggerMemory, urlMatches, visitsKey } from './triggers';

const trigger = (patch: Partial<Trigger> = {}): Trigger => ({ id: 't1', name: 'Welcome', enabled: true, message: 'Need help?', ...patch });

function memoryStorage(): Storage {
  const data = new Map<string, string>();
  return {
    get length() {
      return data.size;
    },
    clear: () => data.clear(),
    getItem: (k) => data.get(k) ?? null,
    key: (i) => [...data.keys()][i] ?? null,
    removeItem: (k) => void data.delete(k),
    setItem: (k, v) => void data.set(k, String(v)),
  };
}

/** Timers the test advances by hand. */
function fakeTimers() {
  let now = 0;
  let next = 1;
  const pending = new Map<number, { at: number; fn: () => void }>();
  return {
    setTimer: (fn: () => void, ms: number) => {
      const id = next++;
      pending.set(id, { at: now + ms, fn });
      return id;
    },
    clearTimer: (id: unknown) => void pending.delete(id as number),
    advance(ms: number) {
      now += ms;
      for (const [id, t] of [...pending].sort((a, b) => a[1].at - b[1].at)) {
        if (t.at <= now && pending.has(id)) {
          pending.delete(id);
          t.fn();
        }
      }
    },
    get count() {
      return pending.size;
    },
  };
}

describe('urlMatches', () => {
  it('matches every page without a pattern, a substring without *, the whole URL with *', () => {
    expect(urlMatches(undefined, 'https://shop.example/a')).toBe(true);
    expect(urlMatches('  ', 'https://shop.example/a')).toBe(true);
    expect(urlMatches('/pricing', 'https://shop.example/pricing?x=1')).toBe(true);
    expect(urlMatches('/pricing', 'https://shop.example/about')).toBe(false);
    expect(urlMatches('*demo*', 'http://localhost:3225/demo')).toBe(true);
    expect(urlMatches('*demo*', 'http://localhost:3225/shop')).toBe(false);
    expect(urlMatches('https://shop.example/*', 'https://shop.example/cart')).toBe(true);
    expect(urlMatches('https://shop.example/*', 'https://evil.example/?https://shop.example/')).toBe(false);
    expect(urlMatches('*/checkout', 'https://shop.example/checkout')).toBe(true);
    expect(urlMatches('*/checkout', 'https://shop.example/checkout/done')).toBe(false);
  });

  it('treats regex characters in the pattern literally and ignores case', () => {
    expect(urlMatches('*?plan=pro*', 'https://SHOP.example/p?PLAN=pro&x')).toBe(true);
    expect(urlMatches('*a.b*', 'https://shop.example/axb')).toBe(false);
    expect(urlMatches('*(x*', 'https://shop.example/(x')).toBe(true);
  });
});

describe('eligibleTriggers', () => {
  const url = 'https://shop.example/pricing';
  it('keeps enabled triggers whose URL and visit count hold and that never fired', () => {
    const list = [
      trigger({ id: 'a' }),
      trigger({ id: 'off', enabled: false }),
      trigger({ id: 'page', urlPattern: '/cart' }),
      trigger({ id: 'third', minVisits: 3 }),
      trigger({ id: 'done' }),
    ];
    expect(eligibleTriggers(list, { url, visits: 2, fired: ['done'] }).map((t) => t.id)).toEqual(['a']);
    expect(eligibleTriggers(list, { url, visits: 3, fired: ['done'] }).map((t) => t.id)).toEqual(['a', 'third']);
  });
});

describe('triggerMemory', () => {
  it('counts visits and remembers fired triggers per site under atendo:<siteId>:…', () => {
    const storage = memoryStorage();
    const a = triggerMemory('siteA', storage);
    expect(a.countVisit()).toBe(1);
    expect(triggerMemory('siteA', storage).countVisit()).toBe(2);
    a.markFired('t1');
    a.markFired('t1');
    expect(storage.getItem(visitsKey('siteA'))).toBe('2');
    expect(JSON.parse(storage.getItem(firedKey('siteA'))!)).toEqual(['t1']);
    // Another site in the same browser has its own memory.
    const b = triggerMemory('siteB', storage);
    expect(b.fired()).toEqual([]);
    expect(b.countVisit()).toBe(1);
    expect(triggerMemory('siteA', storage).fired()).toEqual(['t1']);
  });

  it('survives garbage and blocked storage', () => {
    const storage = memoryStorage();
    storage.setItem(firedKey('s'), '{not json');
    storage.setItem(visitsKey('s'), 'lots');
    const m = triggerMemory('s', storage);
    expect(m.fired()).toEqual([]);
    expect(m.countVisit()).toBe(1);
    const blocked = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('SecurityError');
      },
    } as unknown as Storage;
    const mb = triggerMemory('s', blocked);
    expect(mb.countVisit()).toBe(1);
    mb.markFired('x');
    expect(mb.fired()).toEqual(['x']);
  });
});

describe('startTriggers', () => {
  it('fires after the time on page, counted from page load, then never again for this visitor', () => {
    const storage = memoryStorage();
    const timers = fakeTimers();
    const fire = vi.fn(() => true);
    const triggers = [trigger({ id: 'slow', timeOnPageSec: 30 })];
    startTriggers({ triggers, url: 'https://shop.example/', memory: triggerMemory('s', storage), elapsedMs: 10_000, fire, ...timers });
    timers.advance(19_000);
    expect(fire).not.toHaveBeenCalled();
    timers.advance(1_000);
    expect(fire).toHaveBeenCalledOnce();
    expect(fire).toHaveBeenCalledWith(triggers[0]);

    // The next page load: remembered, so nothing is armed.
    const again = vi.fn(() => true);
    startTriggers({ triggers, url: 'https://shop.example/', memory: triggerMemory('s', storage), elapsedMs: 0, fire: again, ...timers });
    expect(timers.count).toBe(0);
    timers.advance(60_000);
    expect(again).not.toHaveBeenCalled();
  });

  it('shows one message per page: the first to fire cancels the others, which stay eligible', () => {
    const storage = memoryStorage();
    const timers = fakeTimers();
    const fire = vi.fn(() => true);
    const triggers = [trigger({ id: 'late', timeOnPageSec: 20 }), trigger({ id: 'soon', timeOnPageSec: 5 })];
    startTriggers({ triggers, url: 'u', memory: triggerMemory('s', storage), elapsedMs: 0, fire, ...timers });
    timers.advance(60_000);
    expect(fire.mock.calls.map((c) => (c as unknown as [Trigger])[0].id)).toEqual(['soon']);
    startTriggers({ triggers, url: 'u', memory: triggerMemory('s', storage), elapsedMs: 0, fire, ...timers });
    timers.advance(60_000);
    expect(fire.mock.calls.map((c) => (c as unknown as [Trigger])[0].id)).toEqual(['soon', 'late']);
  });

  it('does not remember a trigger that could not be shown (panel open), and waits for the visit count', () => {
    const storage = memoryStorage();
    const timers = fakeTimers();
    const triggers = [trigger({ id: 'back', minVisits: 2 })];
    const fire = vi.fn(() => false);
    startTriggers({ triggers, url: 'u', memory: triggerMemory('s', storage), elapsedMs: 0, fire, ...timers });
    timers.advance(1);
    expect(fire).not.toHaveBeenCalled(); // first visit
    startTriggers({ triggers, url: 'u', memory: triggerMemory('s', storage), elapsedMs: 0, fire, ...timers });
    timers.advance(1);
    expect(fire).toHaveBeenCalledOnce();
    expect(storage.getItem(firedKey('s'))).toBeNull();
  });

  it('stores nothing when the site has no enabled trigger', () => {
    const storage = memoryStorage();
    const cancel = startTriggers({ triggers: [trigger({ enabled: false })], url: 'u', memory: triggerMemory('s', storage), elapsedMs: 0, fire: () => true });
    cancel();
    expect(storage.length).toBe(0);
  });
});

describe('watchTriggers', () => {
  it('counts the visit once and re-arms for a single-page navigation, ignoring #anchors; one message per page load', async () => {
    const { watchTriggers } = await import('./triggers');
    vi.useFakeTimers();
    try {
      const storage = memoryStorage();
      let url = 'https://shop.example/';
      const fire = vi.fn(() => true);
      const triggers = [trigger({ id: 'pricing', urlPattern: '*/pricing*', timeOnPageSec: 5 }), trigger({ id: 'cart', urlPattern: '/cart', timeOnPageSec: 1 })];
      const stop = watchTriggers({ triggers, getUrl: () => url, memory: triggerMemory('s', storage), elapsedMs: 0, fire });
      vi.advanceTimersByTime(10_000);
      expect(fire).not.toHaveBeenCalled();
      url = 'https://shop.example/pricing';
      vi.advanceTimersByTime(1_000); // noticed
      vi.advanceTimersByTime(3_000);
      url = 'https://shop.example/pricing#plans';
      vi.advanceTimersByTime(2_100); // the anchor did not restart the 5 s
      expect(fire.mock.calls.map((c) => (c as unknown as [Trigger])[0].id)).toEqual(['pricing']);
      url = 'https://shop.example/cart';
      vi.advanceTimersByTime(10_000);
      expect(fire).toHaveBeenCalledOnce();
      expect(storage.getItem(visitsKey('s'))).toBe('1');
      stop();
    } finally {
      vi.useRealTimers();
    }
  });
});
