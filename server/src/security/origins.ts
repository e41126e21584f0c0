import { isLoopbackOrigin, normalizeOrigin } from '@atendo/shared';

/** The allowed-origins column (JSON text) as a list of canonical origins; garbage yields an empty list. */
export function parseAllowedOrigins(json: string): string[] {
  try {
    const list: unknown = JSON.parse(json);
    if (!Array.isArray(list)) return [];
    return list.flatMap((o) => (typeof o === 'string' && normalizeOrigin(o) === o ? [o] : []));
  } catch {
    return [];
  }
}

export interface OriginPolicy {
  /** Atendo's own origin (ATENDO_PUBLIC_URL): its /demo pages always work. */
  ownOrigin: string;
  /** Development mode: a site without a list accepts localhost origins. */
  dev: boolean;
}

/**
 * May a page at `origin` run the widget of a site whose list is `allowed`? Exact string equality
 * against canonical origins, so `https://shop.example.com.evil.net` never matches `https://shop.example.com`.
 * A missing origin is refused: browsers always send one on WebSocket upgrades.
 */
export function originAllowed(origin: string | undefined, allowed: readonly string[], policy: OriginPolicy): boolean {
  if (!origin) return false;
  if (origin === policy.ownOrigin) return true;
  if (allowed.length > 0) return allowed.includes(origin);
  return policy.dev && isLoopbackOrigin(origin);
}

/** Lines to print at start for sites that would accept any localhost page (dev mode, empty list). */
export function originWarnings(sites: readonly { id: string; name: string; allowedOrigins: string }[], policy: OriginPolicy): string[] {
  const open = sites.filter((s) => parseAllowedOrigins(s.allowedOrigins).length === 0);
  if (open.length === 0) return [];
  if (!policy.dev) {
    return open.map(
      (s) =>
        `  Note: site "${s.name}" (${s.id}) has no allowed origins: its widget works only on ${policy.ownOrigin}. Add your site's origin in the console (Settings).`,
    );
  }
  return [
    '  !!! WARNING: development mode. These sites have no allowed origins, so their widget accepts ANY',
    '  !!! page on localhost / 127.0.0.1. Set NODE_ENV=production and add your origins before going live:',
    ...open.map((s) => `  !!!   "${s.name}" (${s.id})`),
  ];
}
