/** Reading the JSON text columns of the rows (storage/types.ts): one definition for the domain and every store. */
import type { PageView } from '@atendo/shared';

/** A visitor's `sessionPages`: the pages of the current session, oldest first ([] when unreadable). */
export function parsePages(json: string): PageView[] {
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? (v as PageView[]) : [];
  } catch {
    return [];
  }
}
