/** Visitor profiles for the sidebar and the live list of who is on the site right now. */
import { computed, signal } from '@preact/signals';
import type { LiveVisitor, PageView, VisitorProfile } from '@atendo/shared';
import { api } from '../api';

export const profiles = signal<Readonly<Record<string, VisitorProfile>>>({});
export const liveById = signal<Readonly<Record<string, LiveVisitor>>>({});
export const liveState = signal<'idle' | 'loading' | 'ready' | 'error'>('idle');
/** Longest on the site first. */
export const liveList = computed(() => Object.values(liveById.value).sort((a, b) => a.since - b.since));

export async function loadProfile(visitorId: string): Promise<void> {
  try {
    const { visitor } = await api.visitorProfile(visitorId);
    // A `visitor.live` frame that came while the profile was on its way is newer than what it says.
    const live = liveById.value[visitorId]?.currentPage;
    const newer = live && live.at > (visitor.currentPage?.at ?? 0) ? live : null;
    profiles.value = { ...profiles.value, [visitorId]: newer ? withPage({ ...visitor, online: true }, newer) : visitor };
  } catch {
    // The sidebar shows what the conversation row knows.
  }
}

export async function loadLive(): Promise<void> {
  if (liveState.value !== 'ready') liveState.value = 'loading';
  try {
    const { items } = await api.liveVisitors();
    liveById.value = Object.fromEntries(items.map((v) => [v.visitorId, v]));
    liveState.value = 'ready';
  } catch {
    liveState.value = 'error';
  }
}

/** A `visitor.live` frame: the visitor arrived, moved or gave a name or e-mail; their profile (if loaded) follows live. */
export function receiveLive(v: LiveVisitor): void {
  liveById.value = { ...liveById.value, [v.visitorId]: v };
  const p = profiles.value[v.visitorId];
  if (p)
    profiles.value = { ...profiles.value, [v.visitorId]: withPage({ ...p, online: true, name: v.name ?? p.name, email: v.email ?? p.email }, v.currentPage) };
}

/** The profile with `page` as its current page, added to this visit's pages unless it is the last one already. */
function withPage(p: VisitorProfile, page: PageView | null): VisitorProfile {
  if (!page) return p;
  const pages = p.pages[p.pages.length - 1]?.url !== page.url ? [...p.pages, page] : p.pages;
  return { ...p, currentPage: page, pages };
}

export function receiveLeft(visitorId: string): void {
  if (liveById.value[visitorId]) {
    const next = { ...liveById.value };
    delete next[visitorId];
    liveById.value = next;
  }
  const p = profiles.value[visitorId];
  if (p) profiles.value = { ...profiles.value, [visitorId]: { ...p, online: false } };
}

export function resetVisitors(): void {
  profiles.value = {};
  liveById.value = {};
  liveState.value = 'idle';
}
