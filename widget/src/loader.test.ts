import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { shadowCss } from '../test/styles';

const APP_URL = 'https://chat.example/widget/app.js';

/** Paste the snippet, as a site owner would (parsed HTML, so the test DOM does not fetch it). */
function addSnippet(attrs: Record<string, string> = {}) {
  const extra = Object.entries(attrs).map(([k, v]) => ` ${k}="${v}"`).join('');
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
  vi.stubGlobal('fetch', vi.fn(async () => new Response('{}')));
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

  it('queues JS API calls made before it arrived and hands them to the app in order', async () => {
    const calls: unknown[][] = [];
    const handle = { open: vi.fn(), close: vi.fn(), toggle: vi.fn(), call: vi.fn((...a: unknown[]) => calls.push(a)) };
    vi.doMock(APP_URL, () => ({ mount: vi.fn(() => handle), preload: vi.fn() }));
    // The snippet's stub, as the README shows it.
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
