/** Loading the conversation list and applying live changes to it. */
import { batch } from '@preact/signals';
import type { Conversation, ConversationStatus, InboxScope, Message, ViewCounts } from '@atendo/shared';
import { signal } from '@preact/signals';
import { api, type ListFilter } from '../api';
import { errorText } from '../errors';
import {
  addMembers,
  applyMessage,
  conversationsById,
  listError,
  currentView,
  listFilter,
  listScope,
  listSite,
  listState,
  loadingMore,
  matchesFilter,
  memberIds,
  nextCursor,
  readSeqs,
  upsertConversations,
} from './conversations';
import { notify } from './notices';

// Each list load gets a number; an answer to an older load (the agent switched tabs) is dropped.
let loadToken = 0;

/** Show the first page of a list. `silent` keeps the current rows on screen while refreshing. */
export async function loadInbox(filter: ListFilter = listFilter.value, silent = false, view: { scope?: InboxScope; site?: string | null } = {}): Promise<void> {
  const token = ++loadToken;
  void loadCounts();
  batch(() => {
    const scope = view.scope ?? listScope.value;
    const site = view.site === undefined ? listSite.value : view.site;
    if (filter !== listFilter.value || scope !== listScope.value || site !== listSite.value) {
      listFilter.value = filter;
      listScope.value = scope;
      listSite.value = site;
      memberIds.value = [];
      nextCursor.value = null;
    }
    if (!silent) listState.value = 'loading';
    listError.value = null;
  });
  try {
    const page = await api.listConversations(filter, null, undefined, { scope: listScope.value, site: listSite.value });
    if (token !== loadToken) return;
    batch(() => {
      conversationsById.value = upsertConversations(conversationsById.value, page.items, readSeqs.value);
      // A row that arrived live while this page was on its way (a conversation created or assigned
      // after the server read the page) stays listed: the page is older than it.
      const byId = conversationsById.value;
      const live = memberIds.value.filter((id) => byId[id] && matchesFilter(byId[id], listFilter.value, currentView.value));
      memberIds.value = addMembers(
        page.items.map((c) => c.id),
        live,
      );
      nextCursor.value = page.nextCursor;
      listState.value = 'ready';
    });
  } catch (err) {
    if (token !== loadToken) return;
    if (silent && listState.value === 'ready') return;
    listError.value = errorText(err);
    listState.value = 'error';
  }
}

/** Append the next page. */
export async function loadMore(): Promise<void> {
  const cursor = nextCursor.value;
  if (!cursor || loadingMore.value) return;
  const token = loadToken;
  loadingMore.value = true;
  try {
    const page = await api.listConversations(listFilter.value, cursor, undefined, { scope: listScope.value, site: listSite.value });
    if (token !== loadToken) return;
    batch(() => {
      conversationsById.value = upsertConversations(conversationsById.value, page.items, readSeqs.value);
      memberIds.value = addMembers(
        memberIds.value,
        page.items.map((c) => c.id),
      );
      nextCursor.value = page.nextCursor;
    });
  } catch (err) {
    notify(errorText(err));
  } finally {
    loadingMore.value = false;
  }
}

/** A conversation from the server (socket frame or REST answer): store it, list it if it fits. */
export function receiveConversation(c: Conversation): void {
  batch(() => {
    conversationsById.value = upsertConversations(conversationsById.value, [c], readSeqs.value);
    const stored = conversationsById.value[c.id];
    if (stored && matchesFilter(stored, listFilter.value, currentView.value)) memberIds.value = addMembers(memberIds.value, [c.id]);
  });
  scheduleCounts();
}

/** A new message moves its row: update it now, or fetch the row when we have never seen it. */
export function receiveMessageForRow(m: Message): void {
  const c = conversationsById.value[m.conversationId];
  if (!c) {
    void fetchConversation(m.conversationId);
    return;
  }
  const updated = applyMessage(c, m, readSeqs.value[c.id]);
  if (updated !== c) receiveConversation(updated);
}

/** Fetch one conversation into the store; resolves to it, or null when it cannot be loaded. */
export async function fetchConversation(id: string): Promise<Conversation | null> {
  try {
    const res = await api.getConversation(id);
    receiveConversation(res.conversation);
    return conversationsById.value[id] ?? res.conversation;
  } catch {
    return null;
  }
}

/** Resolve or reopen. */
export async function setConversationStatus(id: string, status: ConversationStatus): Promise<void> {
  try {
    const res = await api.setStatus(id, status);
    receiveConversation(res.conversation);
  } catch (err) {
    notify(errorText(err));
  }
}

/** Conversations with unread messages per view (unassigned / mine / all × status), for the tab badges. */
export const viewCounts = signal<ViewCounts | null>(null);

let countsTimer: ReturnType<typeof setTimeout> | null = null;

/** Fetch the per-view unread counts (an indexed query on the server). */
export async function loadCounts(): Promise<void> {
  try {
    viewCounts.value = (await api.viewCounts(listSite.value)).unread;
  } catch {
    // Badges stay as they were; the next change refetches.
  }
}

/** Live changes arrive in bursts: refetch the counts at most about once a second. */
export function scheduleCounts(): void {
  if (countsTimer) return;
  countsTimer = setTimeout(() => {
    countsTimer = null;
    void loadCounts();
  }, 800);
}

/** Assign, transfer or (with null) unassign. */
export async function assignConversation(id: string, agentId: string | null): Promise<void> {
  try {
    receiveConversation((await api.assign(id, agentId)).conversation);
  } catch (err) {
    notify(errorText(err));
  }
}

/** Replace a conversation's tags. */
export async function setTags(id: string, tags: string[]): Promise<void> {
  try {
    receiveConversation((await api.setTags(id, tags)).conversation);
  } catch (err) {
    notify(errorText(err));
  }
}

/** Forget the counts and any pending refetch (logout, tests). */
export function resetCounts(): void {
  if (countsTimer) clearTimeout(countsTimer);
  countsTimer = null;
  viewCounts.value = null;
}
