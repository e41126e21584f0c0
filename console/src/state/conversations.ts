/**
 * The inbox as normalized data: every known conversation by id, which of them belong to the list
 * being shown, and the pure functions that merge server updates into it.
 */
import { computed, signal } from '@preact/signals';
import { preview, type Conversation, type InboxScope, type Message } from '@atendo/shared';
import type { ListFilter } from '../api';

export type ById = Readonly<Record<string, Conversation>>;

/**
 * Merge a server copy into what we hold. A copy with a lower `lastSeq` is older than ours and only
 * loses; otherwise the server's copy wins. `readSeq` is how far this client has marked the
 * conversation read, so a frame sent before our read lands does not bring the badge back.
 */
export function mergeConversation(existing: Conversation | undefined, incoming: Conversation, readSeq = 0): Conversation {
  if (existing && incoming.lastSeq < existing.lastSeq) return existing;
  if (incoming.unreadCount > 0 && readSeq >= incoming.lastSeq) return { ...incoming, unreadCount: 0 };
  return incoming;
}

/** Upsert many conversations; returns a new map. */
export function upsertConversations(byId: ById, incoming: readonly Conversation[], readSeqs: Readonly<Record<string, number>> = {}): ById {
  if (!incoming.length) return byId;
  const next: Record<string, Conversation> = { ...byId };
  for (const c of incoming) next[c.id] = mergeConversation(next[c.id], c, readSeqs[c.id]);
  return next;
}

/** Newest activity first; ties broken by id so the order is stable. */
export function compareByActivity(a: Conversation, b: Conversation): number {
  return b.lastActivityAt - a.lastActivityAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

/** Who and where a view is about, besides status: scope (with the viewing agent) and site. */
export interface ViewScope {
  scope: InboxScope;
  me: string | null;
  site: string | null;
}
const ANY: ViewScope = { scope: 'all', me: null, site: null };

export function matchesFilter(c: Conversation, filter: ListFilter, view: ViewScope = ANY): boolean {
  if (filter !== 'all' && c.status !== filter) return false;
  if (view.site && c.siteId !== view.site) return false;
  if (view.scope === 'unassigned') return !c.assigneeId;
  if (view.scope === 'mine') return Boolean(view.me) && c.assigneeId === view.me;
  return true;
}

/** The ids to show: members of the list that still match the filter, newest activity first. */
export function sortedIds(byId: ById, members: readonly string[], filter: ListFilter, view: ViewScope = ANY): string[] {
  const rows: Conversation[] = [];
  for (const id of new Set(members)) {
    const c = byId[id];
    if (c && matchesFilter(c, filter, view)) rows.push(c);
  }
  return rows.sort(compareByActivity).map((c) => c.id);
}

/** Add ids to the list's members, keeping each once. */
export function addMembers(members: readonly string[], ids: readonly string[]): readonly string[] {
  const seen = new Set(members);
  const next = [...members];
  for (const id of ids) {
    if (seen.has(id)) continue;
    seen.add(id);
    next.push(id);
  }
  return next.length === members.length ? members : next;
}

/**
 * Reflect a new message in its conversation row right away (preview, time, unread); the server's
 * own `conversation` frame for the same change carries the same `lastSeq` and replaces this.
 */
export function applyMessage(c: Conversation, m: Message, readSeq = 0): Conversation {
  if (m.seq <= c.lastSeq) return c;
  const unread = m.author === 'visitor' ? (m.seq > readSeq ? c.unreadCount + 1 : 0) : m.author === 'agent' ? 0 : c.unreadCount;
  return {
    ...c,
    lastSeq: m.seq,
    lastMessagePreview: preview(m.body),
    lastMessageAuthor: m.author,
    lastActivityAt: Math.max(c.lastActivityAt, m.createdAt),
    unreadCount: unread,
  };
}

/** The row after this client marked it read up to `seq`. */
export function applyRead(c: Conversation, seq: number): Conversation {
  return seq >= c.lastSeq && c.unreadCount > 0 ? { ...c, unreadCount: 0 } : c;
}

/** Conversations with unread messages among the given ones. */
export function unreadConversations(byId: ById): number {
  let n = 0;
  for (const c of Object.values(byId)) if (c.unreadCount > 0 && c.status === 'open') n++;
  return n;
}

export type LoadState = 'idle' | 'loading' | 'ready' | 'error';

export const conversationsById = signal<ById>({});
/** Ids that belong to the current list: its fetched pages plus live arrivals. */
export const memberIds = signal<readonly string[]>([]);
export const listFilter = signal<ListFilter>('open');
export const nextCursor = signal<string | null>(null);
export const listState = signal<LoadState>('idle');
export const listError = signal<string | null>(null);
export const loadingMore = signal(false);
/** Per conversation, the highest seq this client has marked read. */
export const readSeqs = signal<Readonly<Record<string, number>>>({});

/** Unassigned / mine / all, and the site filter (null = every site). */
export const listScope = signal<InboxScope>('all');
export const listSite = signal<string | null>(null);
/** The signed-in agent's id, for "mine". */
export const myId = signal<string | null>(null);
export const currentView = computed<ViewScope>(() => ({ scope: listScope.value, me: myId.value, site: listSite.value }));

export const visibleIds = computed(() => sortedIds(conversationsById.value, memberIds.value, listFilter.value, currentView.value));
export const unreadTotal = computed(() => unreadConversations(conversationsById.value));

/** Forget everything (logout). */
export function resetConversations(): void {
  conversationsById.value = {};
  memberIds.value = [];
  listFilter.value = 'open';
  listScope.value = 'all';
  listSite.value = null;
  myId.value = null;
  nextCursor.value = null;
  listState.value = 'idle';
  listError.value = null;
  loadingMore.value = false;
  readSeqs.value = {};
}
