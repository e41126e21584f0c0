/**
 * Origins as sites list them in "allowed origins": `scheme://host[:port]`, nothing else. Parsing is
 * strict so that a list entry can only ever match one origin exactly (no wildcards, no substrings).
 */

/** The canonical form of an origin (`https://shop.example.com`), or null when it is not one. */
export function normalizeOrigin(input: string): string | null {
  const s = input.trim().replace(/\/$/, '');
  if (s.length === 0 || s.length > 200) return null;
  // Scheme and host are case-insensitive (URL lowercases them): `HTTP://Shop.Example.com` is fine.
  if (!/^https?:\/\/[A-Za-z0-9.\-[\]:]+$/i.test(s)) return null;
  let url: URL;
  try {
    url = new URL(s);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (url.username || url.password || url.pathname !== '/' || url.search || url.hash) return null;
  if (!url.hostname || url.hostname.startsWith('.') || url.hostname.endsWith('.')) return null;
  return url.origin;
}

/** True for origins on the developer's own machine (localhost, 127.0.0.1, [::1]). */
export function isLoopbackOrigin(origin: string): boolean {
  const o = normalizeOrigin(origin);
  if (!o || o !== origin) return false;
  const host = new URL(o).hostname;
  return host === 'localhost' || host === '127.0.0.1' || host === '[::1]';
}
