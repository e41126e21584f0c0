import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { shadowCss } from '../test/styles';

const APP_URL = 'https://chat.example/widget/app.js';

/** Paste the snippet, as a site owner would (parsed HTML, so the test DOM does not fetch it). */
function addSnippet(attrs: Record<string, string> = {}) {
  const extra = Object.entries(attrs)
    .map(([k, v]) => ` ${k}="${v}"`)
    .join('');
  document.head.insertAdjacentHTML('beforeend', `<script async src="https://chat.example/widget.js" data-site="site_1"${extra}></script>`);
  return document.head.lastElementChild as HTMLScriptElement;
}

async function runLoader() {
  vi.resetModules();
  await import('./loader');
}

const hosts = () => document.querySelectorAll('atendo-widget');
const launcher = () => hosts()[0]!.shadowRoot!.querySelector('button')!;

beforeEach(() => {
  vi.useFakeTimers();
  // The loader asks for the site config beside the app; never let that reach the network.
  vi.stubGlobal(
    'fetch',
    vi.fn(async () => new Response('{}')),
  );
  delete (window as unknown as Record<string, unknown>).__atendoWidget;
  document.head.innerHTML = '';
  document.body.innerHTML = '';
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  vi.doUnmock(APP_URL);
});

describe('loader', () => {
  it('draws a labelled launcher inside an open shadow root, and nothing in the page itself', async () => {
    addSnippet();
    await runLoader();
    expect(hosts()).toHaveLength(1);
    const root = hosts()[0]!.shadowRoot!;
    expect(root.mode).toBe('open');
    expect(launcher().getAttribute('aria-label')).toBe('Open chat');
    expect(launcher().getAttribute('aria-expanded')).toBe('false');
    expect(shadowCss(root)).toContain(':host');
    expect(document.body.children).toHaveLength(1);
  });

  it('speaks the locale data-locale asks for', async () => {
    addSnippet({ 'data-locale': 'ru' });
    await runLoader();
    expect(launcher().getAttribute('aria-label')).toBe('Открыть чат');
  });

  it("picks the same language as shared's pickLocale, in fewer bytes", async () => {
    const { pickLocale } = await import('@atendo/shared/i18n');
    const label = { en: 'Open chat', 'pt-BR': 'Abrir chat', ru: 'Открыть чат' } as const;
    for (const tag of ['pt-PT', 'pt', 'PT-br', 'ru-RU', 'RU', 'en-GB', 'fr', 'de-DE', 'zz']) {
      delete (window as unknown as Record<string, unknown>).__atendoWidget;
      document.head.innerHTML = '';
      document.body.innerHTML = '';
      addSnippet({ 'data-locale': tag });
      await runLoader();
      const expected = tag === 'fr' || tag === 'de-DE' || tag === 'zz' ? pickLocale([...navigator.languages, navigator.language]) : pickLocale([tag]);
      expect(launcher().getAttribute('aria-label'), tag).toBe(label[expected]);
    }
  });

  it('draws one bubble when the snippet is pasted twice', async () => {
    addSnippet();
    addSnippet();
    await runLoader();
    await runLoader();
    expect(hosts()).toHaveLength(1);
  });

  it('does nothing without data-site', async () => {
    const s = addSnippet();
    delete s.dataset.site;
    await runLoader();
    expect(hosts()).toHaveLength(0);
  });

  it('stores nothing and opens no socket before the visitor acts', async () => {
    const ws = vi.fn();
    vi.stubGlobal('WebSocket', ws);
    addSnippet();
    await runLoader();
    expect(localStorage.length).toBe(0);
    expect(ws).not.toHaveBeenCalled();
    vi.unstubAllGlobals();
  });

  it('loads the app from the server origin on click, mounts it once, and toggles it after', async () => {
    const handle = { open: vi.fn(), close: vi.fn(), toggle: vi.fn() };
    const mount = vi.fn(() => handle);
    vi.doMock(APP_URL, () => ({ mount, preload: vi.fn() }));
    addSnippet({ 'data-locale': 'pt-BR' });
    await runLoader();

    launcher().click();
    await vi.waitFor(() => expect(handle.toggle).toHaveBeenCalledTimes(1));
    expect(mount).toHaveBeenCalledWith(
      hosts()[0]!.shadowRoot,
      expect.objectContaining({ siteId: 'site_1', origin: 'https://chat.example', locale: 'pt-BR', launcher: launcher() }),
    );

    launcher().click();
    await vi.waitFor(() => expect(handle.toggle).toHaveBeenCalledTimes(2));
    expect(mount).toHaveBeenCalledTimes(1);
  });

  it('requests the site config beside the app, so the appearance costs no extra round trip', async () => {
    const fetch = vi.fn(async () => new Response('{}'));
    vi.stubGlobal('fetch', fetch);
    const handle = { open: vi.fn(), close: vi.fn(), toggle: vi.fn(), call: vi.fn() };
    const mount = vi.fn((_root: ShadowRoot, _options: { config?: Promise<Response> }) => handle);
    vi.doMock(APP_URL, () => ({ mount, preload: vi.fn() }));
    addSnippet();
    await runLoader();
    launcher().click();
    // Sent at once with the import, not after the app has arrived.
    expect(fetch).toHaveBeenCalledWith('https://chat.example/api/v1/widget/config?site=site_1', { credentials: 'omit' });
    await vi.waitFor(() => expect(mount).toHaveBeenCalledTimes(1));
    expect(mount.mock.calls[0]![1].config).toBeInstanceOf(Promise);
    vi.unstubAllGlobals();
  });

  it('fetches nothing but its hint (look and proactive messages) before the visitor shows intent, however long the page stays', async () => {
    const fetch = vi.fn(async (_url: string, _init?: RequestInit) => new Response(null, { status: 204 }));
    vi.stubGlobal('fetch', fetch);
    const preload = vi.fn();
    const mount = vi.fn();
    vi.doMock(APP_URL, () => ({ mount, preload }));
    addSnippet();
    await runLoader();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(fetch.mock.calls.map((c) => String(c[0]))).toEqual(['https://chat.example/api/v1/widget/loader?site=site_1']);
    expect(preload).not.toHaveBeenCalled();
    expect(mount).not.toHaveBeenCalled();
  });

  for (const [what, act] of [
    ['the pointer enters the bubble', () => launcher().dispatchEvent(new Event('pointerenter'))],
    ['a finger touches the bubble', () => launcher().dispatchEvent(new Event('touchstart'))],
    ['keyboard focus reaches the bubble', () => launcher().focus()],
  ] as const) {
    it(`fetches the app and the config (and paints, no socket) when ${what}`, async () => {
      const fetch = vi.fn(async (_url: string, _init?: RequestInit) => new Response(null, { status: 204 }));
      vi.stubGlobal('fetch', fetch);
      const preload = vi.fn();
      const mount = vi.fn();
      vi.doMock(APP_URL, () => ({ mount, preload }));
      addSnippet();
      await runLoader();
      act();
      await vi.waitFor(() => expect(preload).toHaveBeenCalledTimes(1));
      expect(preload).toHaveBeenCalledWith(hosts()[0]!.shadowRoot, expect.objectContaining({ siteId: 'site_1' }));
      expect(fetch).toHaveBeenCalledWith('https://chat.example/api/v1/widget/config?site=site_1', { credentials: 'omit' });
      expect(mount).not.toHaveBeenCalled();
      act();
      await vi.advanceTimersByTimeAsync(10);
      expect(preload).toHaveBeenCalledTimes(1);
    });
  }

  it('mounts at once for a visitor who has chatted before (a saved token), so replies reach every page', async () => {
    localStorage.setItem('atendo:site_1:token', 'tok_returning_visitor_1234');
    const handle = { open: vi.fn(), close: vi.fn(), toggle: vi.fn(), call: vi.fn() };
    const mount = vi.fn(() => handle);
    vi.doMock(APP_URL, () => ({ mount, preload: vi.fn() }));
    addSnippet();
    await runLoader();
    await vi.waitFor(() => expect(mount).toHaveBeenCalledTimes(1));
    expect(handle.open).not.toHaveBeenCalled();
    localStorage.clear();
  });

  it('with data-prefetch="idle" fetches the app when the page is idle', async () => {
    const preload = vi.fn();
    vi.doMock(APP_URL, () => ({ mount: vi.fn(), preload }));
    addSnippet({ 'data-prefetch': 'idle' });
    await runLoader();
    expect(preload).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(5_000);
    await vi.waitFor(() => expect(preload).toHaveBeenCalledTimes(1));
  });

  it('on a site with a proactive message fetches the app a few seconds before the first may show', async () => {
    const fetch = vi.fn(async (url: string) =>
      url.includes('/loader')
        ? Response.json({
            proactive: [
              [40, '', 'late'],
              [20, '', 'soon'],
            ],
          })
        : new Response('{}'),
    );
    vi.stubGlobal('fetch', fetch);
    const preload = vi.fn();
    vi.doMock(APP_URL, () => ({ mount: vi.fn(), preload }));
    addSnippet();
    await runLoader();
    await vi.advanceTimersByTimeAsync(15_000);
    expect(preload).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(3_000);
    await vi.waitFor(() => expect(preload).toHaveBeenCalledTimes(1));
  });

  it("paints the bubble in the site's look from its hint before any intent, so it does not change under the pointer", async () => {
    const look = ':host{--atendo-accent:#16a34a;--atendo-on-accent:#ffffff}.launcher:not([data-app]){left:max(20px,env(safe-area-inset-left));right:auto}';
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string) => (url.includes('/loader') ? Response.json({ css: look }) : new Response('{}'))),
    );
    addSnippet();
    await runLoader();
    await vi.waitFor(() => expect(shadowCss(hosts()[0]!.shadowRoot!)).toContain('#16a34a'));
    expect(shadowCss(hosts()[0]!.shadowRoot!)).toMatch(/\.launcher:not\(\[data-app\]\) \{ [^}]*right: auto/);
    // The loader's own rules are still there.
    expect(shadowCss(hosts()[0]!.shadowRoot!)).toContain(':host');
  });

  it('loads nothing for proactive messages of other pages, or ones this visitor has seen', async () => {
    localStorage.setItem('atendo:site_1:triggers', '["seen"]');
    const list = [
      [1, '*/pricing*', 'elsewhere'],
      [1, '', 'seen'],
      [1, 'checkout', 'part'],
    ];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string) => (url.includes('/loader') ? Response.json({ proactive: list }) : new Response('{}'))),
    );
    const preload = vi.fn();
    vi.doMock(APP_URL, () => ({ mount: vi.fn(), preload }));
    addSnippet();
    await runLoader();
    await vi.advanceTimersByTimeAsync(30_000);
    expect(preload).not.toHaveBeenCalled();
    localStorage.clear();
  });

  it('a JS API call that does not need the panel (setAttributes, identify, on) waits for intent instead of loading the app', async () => {
    const calls: unknown[][] = [];
    const handle = { open: vi.fn(), close: vi.fn(), toggle: vi.fn(), call: vi.fn((...a: unknown[]) => calls.push(a)) };
    const mount = vi.fn(() => handle);
    vi.doMock(APP_URL, () => ({ mount, preload: vi.fn() }));
    addSnippet();
    await runLoader();
    const w = window as unknown as { Atendo: (...a: unknown[]) => void };
    w.Atendo('setAttributes', { plan: 'pro' });
    w.Atendo('on', 'message', () => {});
    await vi.advanceTimersByTimeAsync(10_000);
    expect(mount).not.toHaveBeenCalled();
    // The visitor opens the bubble: the app gets the waiting calls first, in order, then the toggle.
    launcher().click();
    await vi.waitFor(() => expect(handle.toggle).toHaveBeenCalledTimes(1));
    expect(calls.map((c) => c[0])).toEqual(['setAttributes', 'on']);
    // Once mounted, calls go straight through.
    w.Atendo('setAttributes', { plan: 'max' });
    await vi.waitFor(() => expect(calls).toHaveLength(3));
    delete (window as { Atendo?: unknown }).Atendo;
  });

  it('with data-prefetch="idle" fetches nothing when the browser asks to save data', async () => {
    vi.stubGlobal('navigator', Object.assign(Object.create(navigator), { connection: { saveData: true } }));
    const preload = vi.fn();
    vi.doMock(APP_URL, () => ({ mount: vi.fn(), preload }));
    addSnippet({ 'data-prefetch': 'idle' });
    await runLoader();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(preload).not.toHaveBeenCalled();
  });

  it('queues JS API calls made before it arrived and hands them to the app in order', async () => {
    const calls: unknown[][] = [];
    const handle = { open: vi.fn(), close: vi.fn(), toggle: vi.fn(), call: vi.fn((...a: unknown[]) => calls.push(a)) };
    vi.doMock(APP_URL, () => ({ mount: vi.fn(() => handle), preload: vi.fn() }));
    // The snippet's stub, as docs/widget.md ("JavaScript API") shows it.
    const w = window as unknown as { Atendo: ((...a: unknown[]) => void) & { q?: unknown[] } };
    w.Atendo = function (...a: unknown[]) {
      (w.Atendo.q = w.Atendo.q || []).push(a);
    };
    w.Atendo('setAttributes', { plan: 'pro' });
    w.Atendo('open');
    addSnippet();
    await runLoader();
    await vi.waitFor(() => expect(calls).toEqual([['setAttributes', { plan: 'pro' }], ['open']]));
    w.Atendo('close');
    await vi.waitFor(() => expect(calls.at(-1)).toEqual(['close']));
    delete (w as { Atendo?: unknown }).Atendo;
  });
});
