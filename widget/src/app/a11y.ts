/** Keyboard and screen-reader helpers for the panel. */

const FOCUSABLE = 'a[href], button:not([disabled]), textarea:not([disabled]), input:not([disabled]), select:not([disabled]), [tabindex]:not([tabindex="-1"])';

/**
 * Tab and Shift+Tab cycle within the open panel (a dialog): from the last control back to the
 * first and the other way round. Escape (handled by the panel) leaves it.
 */
export function cycleFocus(e: KeyboardEvent, panel: HTMLElement): void {
  if (e.key !== 'Tab') return;
  const items = [...panel.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => !el.closest('[hidden], [inert]'));
  const first = items[0];
  const last = items[items.length - 1];
  if (!first || !last) return;
  const active = (panel.getRootNode() as Document | ShadowRoot).activeElement;
  const inside = active instanceof Node && panel.contains(active);
  if (e.shiftKey && (active === first || !inside)) {
    e.preventDefault();
    last.focus();
  } else if (!e.shiftKey && (active === last || !inside)) {
    e.preventDefault();
    first.focus();
  }
}

/**
 * A polite live region beside the panel (so it speaks while the panel is closed too): it announces
 * what the team writes. The message list itself stays quiet, or every message would be read twice.
 */
export function createAnnouncer(root: ShadowRoot | HTMLElement): (text: string) => void {
  const el = document.createElement('div');
  el.className = 'sr';
  el.setAttribute('role', 'status');
  el.setAttribute('aria-live', 'polite');
  root.append(el);
  let timer: ReturnType<typeof setTimeout> | undefined;
  return (text) => {
    // Clear first, so the same text twice is announced twice.
    el.textContent = '';
    clearTimeout(timer);
    timer = setTimeout(() => (el.textContent = text), 50);
  };
}

/**
 * On phones the panel fills the screen; the on-screen keyboard shrinks only the visual viewport,
 * so the panel follows its height and offset (CSS reads --atendo-vh / --atendo-vt) and the
 * composer stays above the keyboard.
 */
export function followVisualViewport(el: HTMLElement, win: Window = window): void {
  const vv = win.visualViewport;
  if (!vv) return;
  const sync = () => {
    el.style.setProperty('--atendo-vh', `${Math.round(vv.height)}px`);
    el.style.setProperty('--atendo-vt', `${Math.round(vv.offsetTop)}px`);
  };
  vv.addEventListener('resize', sync);
  vv.addEventListener('scroll', sync);
  sync();
}
