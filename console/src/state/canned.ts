/** Canned replies: loaded once per session, matched by `/shortcut` in the composer. */
import { signal } from '@preact/signals';
import type { CannedReply } from '@atendo/shared';
import { api } from '../api';

export const cannedReplies = signal<readonly CannedReply[]>([]);

export async function loadCanned(): Promise<void> {
  try {
    cannedReplies.value = (await api.listCanned()).items;
  } catch {
    // The composer works without them.
  }
}

/**
 * The `/word` being typed at the caret, if any: `/` at the start of the text or after a space.
 * Returns the word (without `/`) and where it starts.
 */
export function slashQuery(text: string, caret: number): { query: string; start: number } | null {
  const before = text.slice(0, caret);
  const m = /(^|\s)\/([\p{L}\p{N}_-]*)$/u.exec(before);
  if (!m) return null;
  return { query: m[2]!.toLowerCase(), start: before.length - m[2]!.length - 1 };
}

/** Replies whose shortcut starts with the query, then those containing it (shortcut or text). */
export function matchCanned(list: readonly CannedReply[], query: string): CannedReply[] {
  const q = query.toLowerCase();
  const starts = list.filter((r) => r.shortcut.startsWith(q));
  const rest = list.filter((r) => !r.shortcut.startsWith(q) && (r.shortcut.includes(q) || r.body.toLowerCase().includes(q)));
  return [...starts, ...rest].slice(0, 8);
}

/** Replace `/query` at `start` with the reply's text. */
export function insertCanned(text: string, start: number, caret: number, body: string): { text: string; caret: number } {
  const next = text.slice(0, start) + body + text.slice(caret);
  return { text: next, caret: start + body.length };
}

export async function saveCanned(id: string | null, input: { shortcut: string; body: string }): Promise<void> {
  const { reply } = id ? await api.updateCanned(id, input) : await api.createCanned(input);
  cannedReplies.value = [...cannedReplies.value.filter((r) => r.id !== reply.id), reply].sort((a, b) => a.shortcut.localeCompare(b.shortcut));
}

export async function deleteCanned(id: string): Promise<void> {
  await api.deleteCanned(id);
  cannedReplies.value = cannedReplies.value.filter((r) => r.id !== id);
}
