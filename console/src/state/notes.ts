/** Internal notes per conversation: agents only, shown in the transcript in their own colour. */
import { signal } from '@preact/signals';
import type { Note } from '@atendo/shared';
import { api } from '../api';
import { errorText } from '../errors';
import { notify } from './notices';

export const notesByConversation = signal<Readonly<Record<string, readonly Note[]>>>({});

/** Add notes, each id once, oldest first. */
export function mergeNotes(list: readonly Note[], incoming: readonly Note[]): readonly Note[] {
  const byId = new Map(list.map((n) => [n.id, n]));
  for (const n of incoming) byId.set(n.id, n);
  return [...byId.values()].sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
}

export function receiveNotes(conversationId: string, notes: readonly Note[]): void {
  const current = notesByConversation.value[conversationId] ?? [];
  notesByConversation.value = { ...notesByConversation.value, [conversationId]: mergeNotes(current, notes) };
}

export async function loadNotes(conversationId: string): Promise<void> {
  try {
    receiveNotes(conversationId, (await api.listNotes(conversationId)).items);
  } catch {
    // Shown when the next note frame or reopen brings them.
  }
}

/** Save a note; true when stored. */
export async function addNote(conversationId: string, body: string): Promise<boolean> {
  try {
    receiveNotes(conversationId, [(await api.addNote(conversationId, body)).note]);
    return true;
  } catch (err) {
    notify(errorText(err));
    return false;
  }
}

export function resetNotes(): void {
  notesByConversation.value = {};
}
