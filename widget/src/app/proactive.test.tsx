import type { Trigger } from '@atendo/shared';
import { DEFAULT_WIDGET_SETTINGS } from '@atendo/shared';
import { act, fireEvent, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { socketFactory, welcome } from '../../test/fake-socket';
import type { MountOptions } from '../contract';
import { createChat } from './chat';
import { mount, preload } from './index';
import { firedKey } from './triggers';

function page(siteId: string) {
  const input = document.createElement('input');
  input.setAttribute('aria-label', 'Search the shop');
  document.body.appendChild(input);
  const host = document.createElement('atendo-widget');
  document.body.appendChild(host);
  const root = host.attachShadow({ mode: 'open' });
  const launcher = document.createElement('button');
  launcher.innerHTML = '<span class="label"></span><span class="badge"></span>';
  root.appendChild(launcher);
  const options: MountOptions = { siteId, origin: 'https://chat.example', locale: 'en', launcher };
  return { input, root, launcher, options, ui: within(root as unknown as HTMLElement) };
}

function stubConfig(siteId: string, triggers: Trigger[]) {
  const config = { siteId, teamName: 'Lumen', greeting: 'Hi', color: '#2563eb', settings: { ...DEFAULT_WIDGET_SETTINGS, triggers } };
  vi.stubGlobal(
    'fetch',
    vi.fn(async () => new Response(JSON.stringify({ config }), { status: 200 })),
  );
}

const welcomeTrigger: Trigger = { id: 'welcome', name: 'Welcome', enabled: true, message: 'Looking for a grinder? Ask us!', timeOnPageSec: 0 };

afterEach(() => {
  vi.unstubAllGlobals();
  document.body.innerHTML = '';
  localStorage.clear();
});

describe('proactive messages', () => {
  it('show a greeting beside the launcher without taking focus, once per visitor', async () => {
    stubConfig('p1', [welcomeTrigger]);
    const { input, root, launcher, options, ui } = page('p1');
    input.focus();
    preload(root, options);
    const greeting = await vi.waitFor(() => ui.getByRole('button', { name: /Looking for a grinder/ }));
    expect(document.activeElement).toBe(input);
    expect(launcher.getAttribute('aria-label')).toBe('Open chat (1 unread)');
    expect(JSON.parse(localStorage.getItem(firedKey('p1'))!)).toEqual(['welcome']);
    // The live region says it for screen-reader users.
    await vi.waitFor(() => expect(root.querySelector('[aria-live="polite"][role="status"]')?.textContent).toBe('Lumen: Looking for a grinder? Ask us!'));

    // The loader's later mount gets the same widget; clicking the greeting opens it with the message from the team.
    const handle = mount(root, options);
    await act(() => {
      fireEvent.click(greeting);
    });
    const log = ui.getByRole('log');
    expect(within(log).getByText('Looking for a grinder? Ask us!')).toBeTruthy();
    expect(ui.queryByRole('button', { name: /Looking for a grinder/ })).toBeNull();
    await act(() => handle.close());
    expect(ui.queryByRole('button', { name: /Looking for a grinder/ })).toBeNull();
  });

  it('stay away on a site without enabled triggers and store nothing', async () => {
    stubConfig('p2', [{ ...welcomeTrigger, enabled: false }]);
    const { root, options, ui } = page('p2');
    mount(root, options);
    await new Promise((r) => setTimeout(r, 30));
    expect(ui.queryByRole('button', { name: /Looking for a grinder/ })).toBeNull();
    expect(localStorage.length).toBe(0);
  });

  it('can be dismissed: the badge goes, the message stays in the panel', async () => {
    stubConfig('p3', [welcomeTrigger]);
    const { root, launcher, options, ui } = page('p3');
    let handle!: ReturnType<typeof mount>;
    await act(() => {
      handle = mount(root, options);
    });
    await vi.waitFor(() => ui.getByRole('button', { name: /Looking for a grinder/ }));
    await act(() => {
      fireEvent.click(ui.getByRole('button', { name: 'Dismiss' }));
    });
    expect(ui.queryByRole('button', { name: /Looking for a grinder/ })).toBeNull();
    expect(launcher.getAttribute('aria-label')).toBe('Open chat');
    await act(() => handle.open());
    expect(within(ui.getByRole('log')).getByText('Looking for a grinder? Ask us!')).toBeTruthy();
  });

  it('tell the agents which trigger started the conversation when the visitor replies', () => {
    const factory = socketFactory();
    const chat = createChat({ siteId: 's', origin: 'https://chat.example', locale: 'en', createSocket: factory.create });
    chat.showProactive({ triggerId: 'welcome', name: 'Welcome', body: 'Ask us!', createdAt: 1 });
    // The greeting makes the visitor live (agents see who got it).
    expect(factory.sockets).toHaveLength(1);
    chat.send('Do you sell grinders?');
    factory.last.open();
    expect(factory.last.ofType('hello')[0]).toMatchObject({ attributes: { trigger: 'Welcome' } });
    // Already welcomed when the visitor replies: the attribute goes out on its own, before the message.
    const again = createChat({ siteId: 's', origin: 'https://chat.example', locale: 'en', createSocket: factory.create });
    again.showProactive({ triggerId: 'welcome', name: 'Welcome', body: 'Ask us!', createdAt: 1 });
    factory.last.open();
    factory.last.frame(welcome(null));
    again.send('And mills?');
    expect(factory.last.sent.map((f) => f.type)).toEqual(['hello', 'session.start', 'attributes', 'message.send']);
    expect(factory.last.ofType('attributes')[0]).toEqual({ type: 'attributes', attributes: { trigger: 'Welcome' } });
  });
});

describe('panel accessibility', () => {
  it('cycles Tab and Shift+Tab within the open panel', async () => {
    stubConfig('a1', []);
    const { root, options, ui } = page('a1');
    let handle!: ReturnType<typeof mount>;
    await act(() => {
      handle = mount(root, options);
    });
    await act(() => handle.open());
    const dialog = within(ui.getByRole('dialog'));
    const close = dialog.getByRole('button', { name: 'Close chat' });
    const box = dialog.getByRole('textbox', { name: 'Message' });
    await vi.waitFor(() => expect(root.activeElement).toBe(box));
    // The send button is disabled while the field is empty: the field is the last stop.
    const tab = fireEvent.keyDown(box, { key: 'Tab' });
    expect(tab).toBe(false); // default prevented
    expect(root.activeElement).toBe(close);
    fireEvent.keyDown(close, { key: 'Tab', shiftKey: true });
    expect(root.activeElement).toBe(box);
  });
});

describe('the closed bubble', () => {
  it("takes the site's corner and label as soon as the app is prefetched, before any open", async () => {
    const config = {
      siteId: 'b1',
      teamName: 'Lumen',
      greeting: 'Hi',
      color: '#2563eb',
      position: 'left',
      launcherLabel: 'Chat with us',
      settings: DEFAULT_WIDGET_SETTINGS,
    };
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response(JSON.stringify({ config }), { status: 200 })),
    );
    const { root, launcher, options } = page('b1');
    preload(root, options);
    await vi.waitFor(() => expect(launcher.querySelector('.label')?.textContent).toBe('Chat with us'));
    expect(launcher.classList.contains('left')).toBe(true);
    expect(launcher.classList.contains('labelled')).toBe(true);
    expect(launcher.getAttribute('aria-label')).toBe('Open chat');
    // Styled by the app's sheet, adopted once even when the loader mounts afterwards.
    const sheets = root.adoptedStyleSheets.length;
    expect(sheets).toBeGreaterThan(0);
    mount(root, options);
    expect(root.adoptedStyleSheets.length).toBe(sheets);
  });
});
