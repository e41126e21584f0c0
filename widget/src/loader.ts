/**
 * The loader the snippet points at (`/widget.js`): it draws the chat bubble in a shadow root and
 * loads the chat app only when the visitor opens it (or, as a prefetch, when the browser is idle).
 * It stores nothing and opens no socket. Budget: 2 KB gzipped, so no framework and no helpers.
 */
import { pickLocale, type Locale } from '@atendo/shared/i18n';
import type { AppModule, MountOptions, WidgetHandle } from './contract';
import css from './loader.css?inline';

/** Launcher strings: [open, close, unread count]. The app carries every other string. */
const LABELS: Record<Locale, readonly [string, string, string]> = {
  en: ['Open chat', 'Close chat', '{n} unread'],
  'pt-BR': ['Abrir chat', 'Fechar chat', 'não lidas: {n}'],
  ru: ['Открыть чат', 'Закрыть чат', 'Непрочитанных: {n}'],
};

const CHAT_ICON =
  '<svg class="i-chat" viewBox="0 0 24 24" aria-hidden="true"><path d="M12 3C6.5 3 2 6.9 2 11.7c0 2.6 1.3 4.9 3.4 6.5L4.6 22l4.3-2.3c1 .3 2 .4 3.1.4 5.5 0 10-3.9 10-8.7S17.5 3 12 3z"/></svg>';
const CLOSE_ICON =
  '<svg class="i-close" viewBox="0 0 24 24" aria-hidden="true"><path d="M6.4 8.6 12 14.2l5.6-5.6L19 10l-7 7-7-7z"/></svg>';

/** Marks the page once, so pasting the snippet twice draws one bubble. */
const GUARD = '__atendoWidget';

function findScript(): HTMLScriptElement | null {
  const current = document.currentScript as HTMLScriptElement | null;
  if (current?.dataset.site) return current;
  return document.querySelector<HTMLScriptElement>('script[data-site][src*="widget.js"]');
}

function start(script: HTMLScriptElement, siteId: string): void {
  const origin = new URL(script.src, location.href).origin;
  const locale = pickLocale([script.dataset.locale, ...(navigator.languages || []), navigator.language]);
  const [openLabel, closeLabel, unreadLabel] = LABELS[locale];

  const host = document.createElement('atendo-widget');
  const root = host.attachShadow({ mode: 'open' });
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'launcher';
  button.setAttribute('aria-haspopup', 'dialog');
  button.setAttribute('aria-expanded', 'false');
  button.setAttribute('aria-label', openLabel);
  button.innerHTML = CHAT_ICON + CLOSE_ICON + '<span class="badge" aria-hidden="true"></span>';
  // A constructed stylesheet is CSSOM, which a strict CSP (no 'unsafe-inline' styles) allows.
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    root.adoptedStyleSheets = [sheet];
  } catch {
    const style = document.createElement('style');
    style.textContent = css;
    root.append(style);
  }
  root.append(button);
  document.body.appendChild(host);

  let open = false;
  let unread = 0;
  const label = () => {
    const base = open ? closeLabel : openLabel;
    button.setAttribute('aria-label', unread && !open ? base + ' (' + unreadLabel.replace('{n}', String(unread)) + ')' : base);
  };

  const options: MountOptions = {
    siteId,
    origin,
    locale,
    launcher: button,
    onOpenChange(value) {
      open = value;
      button.setAttribute('aria-expanded', String(value));
      label();
    },
    onUnread(count) {
      unread = count;
      (button.lastChild as HTMLElement).textContent = count ? (count > 9 ? '9+' : String(count)) : '';
      label();
    },
  };

  let app: Promise<AppModule> | undefined;
  let handle: Promise<WidgetHandle> | undefined;
  const load = () => (app ||= import(/* @vite-ignore */ origin + '/widget/app.js') as Promise<AppModule>);

  button.addEventListener('click', () => {
    button.classList.add('busy');
    (handle ||= load().then((m) => m.mount(root, options)))
      .then((h) => h.toggle())
      .catch(() => {
        // Offline or blocked: let the next click try again.
        app = handle = undefined;
      })
      .finally(() => button.classList.remove('busy'));
  });

  // Prefetch the app and the site's colours when the page is idle, unless the visitor saves data.
  const saveData = (navigator as Navigator & { connection?: { saveData?: boolean } }).connection?.saveData;
  if (!saveData) {
    const prefetch = () => {
      if (!handle) load().then((m) => m.preload(root, options), () => (app = undefined));
    };
    if ('requestIdleCallback' in window) requestIdleCallback(prefetch, { timeout: 5000 });
    else setTimeout(prefetch, 2000);
  }
}

const flags = window as unknown as Record<string, unknown>;
if (!flags[GUARD]) {
  const script = findScript();
  const siteId = script?.dataset.site;
  if (script && siteId) {
    flags[GUARD] = true;
    // An async script in <head> may run before <body> exists.
    if (document.body) start(script, siteId);
    else document.addEventListener('DOMContentLoaded', () => start(script, siteId));
  }
}
