/**
 * The chat app (`/widget/app.js`), loaded by the loader on the first click. See `../contract.ts`
 * for the contract: `mount` draws the panel into the loader's shadow root, `preload` only paints.
 */
import { pickLocale } from '@atendo/shared';
import { render } from 'preact';
import type { AppModule, MountOptions, WidgetHandle } from '../contract';
import { createChat } from './chat';
import { Widget } from './components/Widget';
import { applyTheme, loadConfig } from './config';
import { makeT } from './i18n';
import css from './styles.css?inline';

/**
 * Add a stylesheet to the shadow root. A constructed stylesheet is CSSOM, which a strict CSP
 * (no 'unsafe-inline' styles) still allows; older browsers get a <style> element.
 */
function adoptStyles(root: ShadowRoot, text: string): void {
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(text);
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  } catch {
    const style = document.createElement('style');
    style.textContent = text;
    root.append(style);
  }
}

function theme(root: ShadowRoot, origin: string, siteId: string) {
  return loadConfig(origin, siteId).then((state) => {
    if (state.status === 'ready') applyTheme(root, state.config.color);
    return state;
  });
}

export const preload: AppModule['preload'] = (root, { origin, siteId }) => {
  void theme(root, origin, siteId);
};

export const mount: AppModule['mount'] = (root: ShadowRoot, options: MountOptions): WidgetHandle => {
  const { siteId, origin, launcher } = options;
  const locale = pickLocale([options.locale]);
  const t = makeT(locale);
  const chat = createChat({ siteId, origin, locale });
  void theme(root, origin, siteId).then((state) => chat.setConfig(state));

  let unread = 0;
  chat.subscribe(() => {
    const now = chat.getSnapshot().unread;
    if (now !== unread) options.onUnread((unread = now));
  });

  const handle: WidgetHandle = {
    open() {
      chat.setOpen(true);
      options.onOpenChange(true);
    },
    close() {
      if (!chat.getSnapshot().open) return;
      chat.setOpen(false);
      options.onOpenChange(false);
      launcher.focus();
    },
    toggle() {
      if (chat.getSnapshot().open) handle.close();
      else handle.open();
    },
  };

  adoptStyles(root, css);
  const container = document.createElement('div');
  container.className = 'atendo';
  container.lang = locale;
  root.append(container);
  render(<Widget chat={chat} t={t} locale={locale} onClose={handle.close} />, container);
  return handle;
};
