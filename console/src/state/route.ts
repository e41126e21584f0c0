/** Where the console is: hash-based, so the server only has to serve `/`. */
import { signal } from '@preact/signals';

export type SettingsSection =
  'install' | 'sites' | 'appearance' | 'prechat' | 'proactive' | 'articles' | 'bot' | 'canned' | 'agents' | 'security' | 'integrations' | 'account';
export const SETTINGS_SECTIONS: readonly SettingsSection[] = [
  'install',
  'sites',
  'appearance',
  'prechat',
  'proactive',
  'articles',
  'bot',
  'canned',
  'agents',
  'security',
  'integrations',
  'account',
];

export type Route =
  | { page: 'inbox'; conversationId: string | null }
  | { page: 'settings'; section: SettingsSection }
  | { page: 'visitors' }
  /** Ratings and volume over a period. */
  | { page: 'reports' }
  | { page: 'search'; q: string }
  /** An invitation or password link from an e-mail: shown whether or not someone is signed in. */
  | { page: 'password'; token: string };

/** Parse `#/conversations/<id>`, `#/settings/<section>`, `#/visitors`, `#/search/<q>`, `#/password/<token>`; anything else is the inbox. */
export function parseHash(hash: string): Route {
  const parts = hash
    .replace(/^#\/?/, '')
    .split('/')
    .filter(Boolean)
    .map((p) => {
      try {
        return decodeURIComponent(p);
      } catch {
        return p;
      }
    });
  if (parts[0] === 'settings') {
    const section = (SETTINGS_SECTIONS as readonly string[]).includes(parts[1] ?? '') ? (parts[1] as SettingsSection) : 'install';
    return { page: 'settings', section };
  }
  if (parts[0] === 'visitors') return { page: 'visitors' };
  if (parts[0] === 'password' && parts[1]) return { page: 'password', token: parts[1] };
  if (parts[0] === 'reports') return { page: 'reports' };
  if (parts[0] === 'search') return { page: 'search', q: parts.slice(1).join('/') };
  if (parts[0] === 'conversations' && parts[1]) return { page: 'inbox', conversationId: parts[1] };
  return { page: 'inbox', conversationId: null };
}

export function conversationHref(id: string): string {
  return `#/conversations/${encodeURIComponent(id)}`;
}
export const inboxHref = '#/';
export const installHref = '#/settings/install';
/** The agent's own password and sessions. */
export const accountHref = '#/settings/account';
export const visitorsHref = '#/visitors';
export const reportsHref = '#/reports';
export const settingsHref = (section: SettingsSection) => `#/settings/${section}`;
export const searchHref = (q: string) => `#/search/${encodeURIComponent(q)}`;

const initialHash = typeof location === 'undefined' ? '' : location.hash;
export const route = signal<Route>(parseHash(initialHash));

/** Go to a hash route (also updates the signal synchronously, without waiting for `hashchange`). */
export function navigate(hash: string): void {
  if (location.hash !== hash) location.hash = hash;
  route.value = parseHash(hash);
}

if (typeof window !== 'undefined') {
  window.addEventListener('hashchange', () => {
    route.value = parseHash(location.hash);
  });
}
