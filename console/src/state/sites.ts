/** The sites this server hosts, with their install snippets. */
import { signal } from '@preact/signals';
import type { Site } from '@atendo/shared';
import { api } from '../api';
import { errorText } from '../errors';
import type { LoadState } from './conversations';

export const sites = signal<readonly Site[]>([]);
export const sitesState = signal<LoadState>('idle');
export const sitesError = signal<string | null>(null);

/** Read the sites again without showing a loading state (another admin changed one): a failure keeps what is shown. */
export async function refreshSites(): Promise<void> {
  try {
    sites.value = (await api.listSites()).items;
    sitesState.value = 'ready';
  } catch {
    // The next change, or a reload, reads them again.
  }
}

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

/** A new site (admins), added to the list every site picker reads. */
export async function createSite(name: string): Promise<Site> {
  const { site } = await api.createSite(name);
  sites.value = [...sites.value.filter((s) => s.siteId !== site.siteId), site];
  return site;
}

export async function renameSite(siteId: string, name: string): Promise<Site> {
  const { site } = await api.renameSite(siteId, name);
  // The list's rows carry what only GET /sites says (maxUploadBytes): keep it.
  sites.value = sites.value.map((s) => (s.siteId === siteId ? { ...s, ...site } : s));
  return site;
}

/** Delete a site (admins); `confirm` is its name, typed back. Everything else of it goes with the `site.deleted` frame (site-gone.ts). */
export async function deleteSite(siteId: string, confirm: string): Promise<void> {
  await api.deleteSite(siteId, confirm);
  removeSite(siteId);
}

/** Take a site out of the list (deleted here, or on the server: the `site.deleted` frame). */
export function removeSite(siteId: string): void {
  if (sites.value.some((s) => s.siteId === siteId)) sites.value = sites.value.filter((s) => s.siteId !== siteId);
}
