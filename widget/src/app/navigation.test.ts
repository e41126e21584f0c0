import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SETTLE_MS, THROTTLE_MS, watchNavigation } from './navigation';

const { pushState, replaceState } = history;
beforeEach(() => vi.useFakeTimers());
afterEach(() => {
  // Each test wraps the history methods again: put the page's own back.
  history.pushState = pushState;
  history.replaceState = replaceState;
  vi.useRealTimers();
  history.replaceState({}, '', '/');
});

describe('single-page-app navigation', () => {
  it("reports pushState, replaceState, popstate and hashchange once things settle, keeping the page's own history methods working", () => {
    const seen: string[] = [];
    const routerSaw: unknown[] = [];
    // A router that wrapped pushState before the widget arrived.
    const original = history.pushState;
    history.pushState = function (this: History, ...args: Parameters<History['pushState']>) {
      routerSaw.push(args[0]);
      return original.apply(this, args);
    };
    watchNavigation(() => seen.push(location.pathname + location.hash));

    history.pushState({ n: 1 }, '', '/a');
    expect(location.pathname).toBe('/a');
    expect(routerSaw).toEqual([{ n: 1 }]);
    expect(seen).toEqual([]);
    vi.advanceTimersByTime(SETTLE_MS);
    expect(seen).toEqual(['/a']);

    vi.advanceTimersByTime(THROTTLE_MS);
    history.replaceState({}, '', '/b');
    vi.advanceTimersByTime(SETTLE_MS);
    expect(seen).toEqual(['/a', '/b']);

    vi.advanceTimersByTime(THROTTLE_MS);
    window.dispatchEvent(new PopStateEvent('popstate'));
    vi.advanceTimersByTime(SETTLE_MS);
    vi.advanceTimersByTime(THROTTLE_MS);
    window.dispatchEvent(new HashChangeEvent('hashchange'));
    vi.advanceTimersByTime(SETTLE_MS);
    expect(seen).toHaveLength(4);
  });

  it('throttles a burst to at most one report a second, the last state always reported', () => {
    let calls = 0;
    watchNavigation(() => calls++);
    for (let i = 0; i < 50; i++) {
      history.pushState({}, '', `/p${i}`);
      vi.advanceTimersByTime(100);
    }
    // 5 s of navigation every 100 ms: one report per second at most.
    expect(calls).toBeGreaterThanOrEqual(4);
    expect(calls).toBeLessThanOrEqual(6);
    const before = calls;
    vi.advanceTimersByTime(THROTTLE_MS + SETTLE_MS);
    expect(calls).toBe(before + 1);
    vi.advanceTimersByTime(10_000);
    expect(calls).toBe(before + 1);
  });
});
