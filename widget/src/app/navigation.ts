/**
 * Single-page-app navigation (docs/widget.md, "Live context"): `history.pushState` / `replaceState`,
 * `popstate` and `hashchange` change the page without a load. `onChange` runs once things settle
 * (apps set the new title right after pushing the address), then at most once a second, and
 * always after the last change.
 */
export const SETTLE_MS = 300;
export const THROTTLE_MS = 1000;

export function watchNavigation(onChange: () => void, win: Window = window, now: () => number = Date.now): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let last = -Infinity;
  const changed = () => {
    if (timer !== undefined) return;
    timer = setTimeout(
      () => {
        timer = undefined;
        last = now();
        onChange();
      },
      Math.max(SETTLE_MS, last + THROTTLE_MS - now()),
    );
  };
  const history = win.history;
  for (const name of ['pushState', 'replaceState'] as const) {
    const original = history[name];
    // Wrap, keeping whatever the page (or its router) installed before us.
    history[name] = function (this: History, ...args: Parameters<History['pushState']>) {
      const result = original.apply(this, args);
      changed();
      return result;
    };
  }
  win.addEventListener('popstate', changed);
  win.addEventListener('hashchange', changed);
}
