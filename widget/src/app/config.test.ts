import { describe, expect, it, vi } from 'vitest';
import { accentColors, DEFAULT_ACCENT, loadConfig } from './config';

describe('accentColors', () => {
  it('puts white text on dark colours and dark text on light ones', () => {
    expect(accentColors('#1d4ed8')).toEqual({ accent: '#1d4ed8', onAccent: '#ffffff' });
    expect(accentColors('#000')).toEqual({ accent: '#000', onAccent: '#ffffff' });
    expect(accentColors('#fde047')).toEqual({ accent: '#fde047', onAccent: '#111111' });
    expect(accentColors('#FFFFFF').onAccent).toBe('#111111');
  });

  it('falls back to the default for anything that is not a hex colour', () => {
    for (const bad of ['red', 'url(javascript:alert(1))', '#12', '#1234567', '', undefined]) {
      expect(accentColors(bad).accent).toBe(DEFAULT_ACCENT);
    }
  });
});

describe('loadConfig', () => {
  const config = { siteId: 's1', teamName: 'T', greeting: 'G', color: '#123456' };

  it('fetches the public config once per site', async () => {
    const fetch = vi.fn(async () => new Response(JSON.stringify({ config })));
    const a = await loadConfig('https://a.example', 's1', fetch);
    const b = await loadConfig('https://a.example', 's1', fetch);
    expect(a).toEqual({ status: 'ready', config });
    expect(b).toBe(a);
    expect(fetch).toHaveBeenCalledOnce();
  });

  it('tells an unknown site or a refused origin from a network failure, and retries after a failure', async () => {
    const notFound = vi.fn(async () => new Response('{"error":{"code":"unknown_site"}}', { status: 404 }));
    expect(await loadConfig('https://b.example', 'nope', notFound)).toEqual({ status: 'unavailable' });
    const forbidden = vi.fn(async () => new Response('{"error":{"code":"forbidden"}}', { status: 403 }));
    expect(await loadConfig('https://b.example', 'not-on-this-page', forbidden)).toEqual({ status: 'unavailable' });

    const offline = vi.fn(async () => {
      throw new TypeError('Failed to fetch');
    });
    expect(await loadConfig('https://c.example', 's1', offline)).toEqual({ status: 'error' });
    const online = vi.fn(async () => new Response(JSON.stringify({ config })));
    expect(await loadConfig('https://c.example', 's1', online)).toEqual({ status: 'ready', config });
  });
});
