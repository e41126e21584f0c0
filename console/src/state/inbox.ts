/** Loading the conversation list and applying live changes to it. */
import { batch } from '@preact/signals';
import type { Conversation, ConversationStatus, Message } from '@atendo/shared';
import { api, type ListFilter } from '../api';
import { errorText } from '../errors';
import {
  addMembers,
  applyMessage,
  conversationsById,
  listError,
  listFilter,
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
export async function loadInbox(filter: ListFilter = listFilter.value, silent = false): Promise<void> {
  const token = ++loadToken;
  batch(() => {
    if (filter !== listFilter.value) {
      listFilter.value = filter;
      memberIds.value = [];
      nextCursor.value = null;
    }
    if (!silent) listState.value = 'loading';
    listError.value = null;
  });
  try {
    const page = await api.listConversations(filter);
    if (token !== loadToken) return;
    batch(() => {
      conversationsById.value = upsertConversations(conversationsById.value, page.items, readSeqs.value);
      memberIds.value = page.items.map((c) => c.id);
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
    const page = await api.listConversations(listFilter.value, cursor);
    if (token !== loadToken) return;
    batch(() => {
      conversationsById.value = upsertConversations(conversationsById.value, page.items, readSeqs.value);
      memberIds.value = addMembers(memberIds.value, page.items.map((c) => c.id));
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
    if (stored && matchesFilter(stored, listFilter.value)) memberIds.value = addMembers(memberIds.value, [c.id]);
  });
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
