/**
 * Identity verification, host-page side: a site whose visitors are logged in sets
 * `window.AtendoIdentity = { userId, hash, name?, email? }` (hash computed on its backend, see
 * docs/widget.md, "Identity verification"). The widget reads it each time it says hello; the server
 * alone decides if it is valid.
 * Checked by hand (no schema library in the widget bundle) against the same bounds as IdentitySchema.
 */
import type { Identity } from '@atendo/shared';

const text = (value: unknown, max: number): string | undefined => (typeof value === 'string' && value.length <= max ? value : undefined);

/** The host page's identity, when it set a well-formed one. */
export function hostIdentity(source: unknown = (globalThis as { AtendoIdentity?: unknown }).AtendoIdentity): Identity | undefined {
  if (typeof source !== 'object' || source === null) return undefined;
  const raw = source as Record<string, unknown>;
  const userId = typeof raw.userId === 'number' && Number.isFinite(raw.userId) ? String(raw.userId) : text(raw.userId, 128);
  if (!userId) return undefined;
  const hash = text(raw.hash, 128);
  const name = text(raw.name, 120);
  const email = text(raw.email, 254);
  return { userId, ...(hash ? { hash } : {}), ...(name ? { name } : {}), ...(email ? { email } : {}) };
}
