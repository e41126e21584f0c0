/**
 * The contract between the loader (`/widget.js`) and the app (`/widget/app.js`). Type-only: the
 * loader imports nothing at runtime from the app, it `import()`s the built module by URL.
 */
import type { Locale } from '@atendo/shared/i18n';

/** What the loader hands to `mount` and `preload`. */
export interface MountOptions {
  /** `data-site` of the snippet. */
  siteId: string;
  /** Origin of the Atendo server (scheme://host[:port], no trailing slash), taken from the script's src. */
  origin: string;
  /** `data-locale`, else the browser's languages, resolved to a supported locale. */
  locale: Locale;
  /**
   * The loader's bubble button. The app owns its state from then on: `aria-expanded`, the label
   * ("Open chat" / "Close chat", with the unread count), the badge (`.badge`), the text beside the
   * bubble (`.label`), and it returns focus to it when the panel closes.
   */
  launcher: HTMLButtonElement;
  /**
   * `GET /api/v1/widget/config`, started by the loader together with the app's import, so the
   * site's appearance costs no round trip after the app arrives. Used once; later loads fetch anew.
   */
  config?: Promise<Response> | undefined;
}

/** What `mount` returns; the loader calls `toggle` on every launcher click. */
export interface WidgetHandle {
  open(): void;
  close(): void;
  toggle(): void;
  /** The JS API (`Atendo('open')`, `Atendo('on', 'message', fn)`, …): see docs/widget.md, "JavaScript API". */
  call(command: string, ...args: unknown[]): void;
}

/** The module `/widget/app.js` exports. */
export interface AppModule {
  /**
   * Render the (closed) panel into the loader's shadow root. Called once: on the first click or JS
   * API call, or at once for a returning visitor. Opens a socket at once when a saved token means a
   * resume; otherwise when the panel opens, a proactive message shows or the visitor sends.
   */
  mount(root: ShadowRoot, options: MountOptions): WidgetHandle;
  /**
   * Intent short of a click (pointer or focus on the bubble, a proactive message due soon,
   * `data-prefetch="idle"`): fetch the public config and paint the bubble in the site's colour. Opens no
   * socket; stores nothing unless the site enabled proactive triggers (a visit count and the fired
   * trigger ids), which it arms. A trigger that fires calls `mount` itself; `mount` on the same root
   * returns the same handle.
   */
  preload(root: ShadowRoot, options: MountOptions): void;
}
