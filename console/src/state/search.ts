/** Full-text search over messages and visitors (server-side FTS5). */
import { signal } from '@preact/signals';
import type { SearchHit } from '@atendo/shared';
import { api } from '../api';
import { errorText } from '../errors';

export const searchQuery = signal('');
export const searchHits = signal<readonly SearchHit[]>([]);
export const searchState = signal<'idle' | 'loading' | 'ready' | 'error'>('idle');
export const searchError = signal<string | null>(null);

let token = 0;

export async function runSearch(q: string): Promise<void> {
  const query = q.trim();
  searchQuery.value = q;
  const mine = ++token;
  if (!query) {
    searchHits.value = [];
    searchState.value = 'idle';
    return;
  }
  searchState.value = 'loading';
  try {
    const { items } = await api.search(query);
    if (mine !== token) return;
    searchHits.value = items;
    searchState.value = 'ready';
  } catch (err) {
    if (mine !== token) return;
    searchError.value = errorText(err);
    searchState.value = 'error';
  }
}
