/**
 * The loader the snippet points at (`/widget.js`): it draws the chat bubble in a shadow root and
 * loads the chat app only on intent (docs/widget.md, "What a page view costs"):
 * - the pointer entering or touching the bubble, or keyboard focus on it (the app is fetched, so
 *   the click that follows finds it there); a click, or a JS API call (the app is mounted);
 * - a visitor who has chatted before (their token is in localStorage): mounted at once, so replies,
 *   the unread badge, the agents' live list and "Start chat" work on every page;
 * - a proactive message about to show: on a site with one, a small hint says how soon the first
 *   could, and the app arrives a few seconds before;
 * - `data-prefetch="idle"`: the owner prefers speed over bytes, fetched when the page is idle.
 * It stores nothing and opens no socket itself.
 * Budget: 2 KB on the wire with its headers, so no framework and no helpers; the app owns labels,
 * badge and state.
 */
import type { WidgetLoaderResponse } from '@atendo/shared';
import type { Locale } from '@atendo/shared/i18n';
import type { AppModule, MountOptions, WidgetHandle } from './contract';
import css from './loader.css?inline';

/** The launcher's label before the app arrives; the app keeps it up to date afterwards. */
const OPEN: Record<Locale, string> = { en: 'Open chat', 'pt-BR': 'Abrir chat', ru: 'Открыть чат' };

/** The chat icon; the app adds the close icon, the label and the unread badge (see app/launcher.ts). */
const ICON =
  '<svg class="i-chat" viewBox="0 0 24 24" aria-hidden="true"><path d="M12 3C6.5 3 2 6.9 2 11.7c0 2.6 1.3 4.9 3.4 6.5L4.6 22l4.3-2.3c1 .3 2 .4 3.1.4 5.5 0 10-3.9 10-8.7S17.5 3 12 3z"/></svg>';

/**
 * `data-locale`, else the browser's languages: the first that is English, Portuguese or Russian
 * (any region: pt-PT gets pt-BR), else English. `pickLocale` of shared/ in fewer bytes; the app
 * picks again with it from this answer.
 */
const pick = (preferred: readonly (string | undefined)[]): Locale =>
  preferred.map((p) => (({ en: 'en', pt: 'pt-BR', ru: 'ru' }) as Record<string, Locale>)[(p || '').slice(0, 2).toLowerCase()]).find(Boolean) || 'en';

/** How long before a proactive message may show the app is fetched (it needs the config and its triggers). */
const LEAD_MS = 3000;

type Api = ((...args: unknown[]) => void) & { q?: ArrayLike<unknown>[] };
const w = window as unknown as { __atendoWidget?: boolean; Atendo?: Api };

function start(script: HTMLScriptElement, siteId: string): void {
  const origin = new URL(script.src, location.href).origin;
  const locale = pick([script.dataset.locale, ...(navigator.languages || []), navigator.language]);
  const api = origin + '/api/v1/widget/';
  const site = '?site=' + encodeURIComponent(siteId);

  const host = document.createElement('atendo-widget');
  const root = host.attachShadow({ mode: 'open' });
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'launcher';
  button.setAttribute('aria-haspopup', 'dialog');
  button.setAttribute('aria-expanded', 'false');
  button.setAttribute('aria-label', OPEN[locale]);
  button.innerHTML = ICON;
  // A constructed stylesheet is CSSOM, which a strict CSP (no 'unsafe-inline' styles) allows. The
  // site's look (colour, corner, label) is added to it when the server says it (`paint`); the app's
  // own sheet sits beside it.
  let sheet: CSSStyleSheet | undefined;
  const style = document.createElement('style');
  try {
    root.adoptedStyleSheets = [(sheet = new CSSStyleSheet())];
  } catch {
    root.append(style);
  }
  const paint = (extra: string) => (sheet ? sheet.replaceSync(css + extra) : (style.textContent = css + extra));
  paint('');
  root.append(button);
  document.body.appendChild(host);

  const options: MountOptions = { siteId, origin, locale, launcher: button };
  let app: Promise<AppModule> | undefined;
  let handle: Promise<WidgetHandle> | undefined;
  const load = () => {
    if (!app) {
      // The config travels beside the app (not after it): one round trip for both.
      const c = (options.config = fetch(api + 'config' + site, { credentials: 'omit' }));
      c.catch(() => 0);
    }
    return (app ||= import(/* @vite-ignore */ origin + '/widget/app.js') as Promise<AppModule>);
  };
  // The JS API: `Atendo('open')` etc. Calls queued by the snippet's stub before we arrived run first.
  // Only open / close / toggle need the app now; the others (identify, setAttributes, on, …) wait
  // for it, in order, so a page that calls them on every view does not load the chat for it.
  const queue: ArrayLike<unknown>[] = [...(w.Atendo?.q || [])];
  const needsApp = (a: ArrayLike<unknown>) => /^(open|close|toggle)$/.test(a[0] as string);
  const run = (then?: (h: WidgetHandle) => void, busy = 1) => {
    if (busy) button.classList.add('busy');
    (handle ||= load().then((m) => m.mount(root, options)))
      .then((h) => {
        queue.splice(0).forEach((a) => h.call(...([...(a as unknown as Iterable<unknown>)] as [string])));
        then?.(h);
      })
      .catch(() => {
        // Offline or blocked: let the next click (or call) try again.
        app = handle = undefined;
      })
      .finally(() => button.classList.remove('busy'));
  };
  /** Intent short of a click: fetch the app and paint the bubble in the site's colours (no socket). */
  const warm = () => {
    if (!handle)
      load().then(
        (m) => m.preload(root, options),
        () => (app = undefined),
      );
  };

  button.addEventListener('click', () => run((h) => h.toggle()));
  for (const e of ['pointerenter', 'touchstart', 'focus']) button.addEventListener(e, warm, { once: true, passive: true });
  w.Atendo = function () {
    queue.push(arguments);
    if (handle || needsApp(arguments)) run();
  };

  let token: string | null = null;
  let fired = '';
  try {
    token = localStorage.getItem('atendo:' + siteId + ':token');
    fired = localStorage.getItem('atendo:' + siteId + ':triggers') || '';
  } catch {
    /* storage blocked: a first-time visitor, as far as we can tell */
  }
  // A returning visitor (the app keeps tokens of 10-128 characters) connects at once, quietly.
  if (token && token.length > 9 && token.length < 129) return run(undefined, 0);
  if (queue.some(needsApp)) run();
  // Unless the visitor's browser asks to save data.
  if (script.dataset.prefetch == 'idle' && !(navigator as Navigator & { connection?: { saveData?: boolean } }).connection?.saveData) {
    if ('requestIdleCallback' in window) requestIdleCallback(warm, { timeout: 5000 });
    else setTimeout(warm, 2000);
  }
  // The bubble in the site's look, and its proactive messages: 204 when both are the default (none).
  // For the messages, [seconds, page pattern, id] of each: the app comes a little before the
  // earliest that may still show on this page (not seen by this visitor yet, pattern possibly matching).
  const url = location.href.toLowerCase();
  fetch(api + 'loader' + site, { credentials: 'omit' })
    .then((r) => (r.status == 200 ? r.json() : {}))
    .then(({ css: look = '', proactive = [] }: WidgetLoaderResponse) => {
      paint(look);
      // A pre-filter (the app checks exactly): every part of the page pattern is in the address.
      const due = proactive
        .filter(
          ([, p, id]) =>
            !fired.includes('"' + id + '"') &&
            p
              .toLowerCase()
              .split('*')
              .every((x) => url.includes(x.trim())),
        )
        .map((t) => t[0]);
      if (due.length) setTimeout(warm, Math.min(...due) * 1000 - performance.now() - LEAD_MS);
    })
    // Offline, blocked, or an answer that is not ours: the default look, messages wait for intent.
    .catch(() => 0);
}

if (!w.__atendoWidget) {
  const current = document.currentScript as HTMLScriptElement | null;
  const script = current?.dataset.site ? current : document.querySelector<HTMLScriptElement>('script[data-site][src*="widget.js"]');
  const siteId = script?.dataset.site;
  if (script && siteId) {
    w.__atendoWidget = true;
    // An async script in <head> may run before <body> exists.
    if (document.body) start(script, siteId);
    else document.addEventListener('DOMContentLoaded', () => start(script, siteId));
  }
}
