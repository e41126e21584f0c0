/** Where the console is: hash-based, so the server only has to serve `/`. */
import { signal } from '@preact/signals';

export type Route = { page: 'inbox'; conversationId: string | null } | { page: 'settings'; section: 'install' };

/** Parse `#/conversations/<id>`, `#/settings/install`; anything else is the inbox. */
export function parseHash(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] === 'settings') return { page: 'settings', section: 'install' };
  if (parts[0] === 'conversations' && parts[1]) return { page: 'inbox', conversationId: parts[1] };
  return { page: 'inbox', conversationId: null };
}

export function conversationHref(id: string): string {
  return `#/conversations/${encodeURIComponent(id)}`;
}
export const inboxHref = '#/';
export const installHref = '#/settings/install';

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
