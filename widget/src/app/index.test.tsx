import { act, fireEvent, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { MountOptions, WidgetHandle } from '../contract';
import { shadowCss } from '../../test/styles';
import { mount } from './index';

function shadowWithLauncher() {
  const host = document.createElement('atendo-widget');
  document.body.appendChild(host);
  const root = host.attachShadow({ mode: 'open' });
  const launcher = document.createElement('button');
  launcher.textContent = 'bubble';
  root.appendChild(launcher);
  return { host, root, launcher };
}

function stubConfig(color = '#ffd400') {
  const fetch = vi.fn(async () => new Response(JSON.stringify({ config: { siteId: 's1', teamName: 'Suporte', greeting: 'Oi!', color } }), { status: 200 }));
  vi.stubGlobal('fetch', fetch);
  return fetch;
}

afterEach(() => {
  vi.unstubAllGlobals();
  document.body.innerHTML = '';
});

describe('mount', () => {
  it('draws the panel inside the shadow root, opens it, and on Escape closes it and returns focus to the launcher', async () => {
    const fetch = stubConfig();
    const { host, root, launcher } = shadowWithLauncher();
    const options: MountOptions = { siteId: 's1', origin: 'https://chat.example', locale: 'pt-BR', launcher };

    let handle!: WidgetHandle;
    await act(() => {
      handle = mount(root, options);
    });
    expect(fetch).toHaveBeenCalledWith('https://chat.example/api/v1/widget/config?site=s1', expect.anything());
    const panel = within(root as unknown as HTMLElement);
    // Closed until the loader toggles it.
    expect(panel.queryByRole('dialog')).toBeNull();
    expect(shadowCss(root)).toContain('.panel');

    await act(() => handle.toggle());
    // The app owns the launcher's state: expanded, and labelled to close.
    expect(launcher.getAttribute('aria-expanded')).toBe('true');
    expect(launcher.getAttribute('aria-label')).toBe('Fechar chat');
    await vi.waitFor(() => expect(panel.getByRole('heading', { name: 'Suporte' })).toBeTruthy());
    const box = panel.getByRole('textbox', { name: 'Mensagem' });
    await vi.waitFor(() => expect(root.activeElement).toBe(box));

    // A yellow brand colour gets dark text; white would be unreadable.
    expect(host.style.getPropertyValue('--atendo-accent')).toBe('#ffd400');
    expect(host.style.getPropertyValue('--atendo-on-accent')).toBe('#111111');

    await act(() => {
      fireEvent.keyDown(box, { key: 'Escape' });
    });
    expect(launcher.getAttribute('aria-expanded')).toBe('false');
    expect(launcher.getAttribute('aria-label')).toBe('Abrir chat');
    expect(panel.queryByRole('dialog')).toBeNull();
    expect(root.activeElement).toBe(launcher);
  });
});
