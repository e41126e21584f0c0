/** The sites this server hosts, with their install snippets. */
import { signal } from '@preact/signals';
import type { Site } from '@atendo/shared';
import { api } from '../api';
import { errorText } from '../errors';
import type { LoadState } from './conversations';

export const sites = signal<readonly Site[]>([]);
export const sitesState = signal<LoadState>('idle');
export const sitesError = signal<string | null>(null);

export async function loadSites(): Promise<void> {
  sitesState.value = 'loading';
  sitesError.value = null;
  try {
    const res = await api.listSites();
    sites.value = res.items;
    sitesState.value = 'ready';
  } catch (err) {
    sitesError.value = errorText(err);
    sitesState.value = 'error';
  }
}

export function resetSites(): void {
  sites.value = [];
  sitesState.value = 'idle';
  sitesError.value = null;
}
