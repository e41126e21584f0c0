import { describe, expect, it } from 'vitest';
import { conversation, message } from '../../test/fakes';
import { addMembers, applyMessage, applyRead, mergeConversation, sortedIds, unreadConversations, upsertConversations } from './conversations';

describe('conversation store', () => {
  it('upserts by id and sorts newest activity first', () => {
    const a = conversation({ id: 'a', lastActivityAt: 100 });
    const b = conversation({ id: 'b', lastActivityAt: 300 });
    const c = conversation({ id: 'c', lastActivityAt: 200 });
    let byId = upsertConversations({}, [a, b, c]);
    expect(sortedIds(byId, ['a', 'b', 'c'], 'all')).toEqual(['b', 'c', 'a']);

    byId = upsertConversations(byId, [{ ...a, lastSeq: 2, lastActivityAt: 400 }]);
    expect(Object.keys(byId)).toHaveLength(3);
    expect(sortedIds(byId, ['a', 'b', 'c'], 'all')).toEqual(['a', 'b', 'c']);
  });

  it('keeps ties in a stable order', () => {
    const byId = upsertConversations({}, [conversation({ id: 'x', lastActivityAt: 5 }), conversation({ id: 'y', lastActivityAt: 5 })]);
    expect(sortedIds(byId, ['x', 'y'], 'all')).toEqual(sortedIds(byId, ['y', 'x'], 'all'));
  });

  it('filters the list by status and ignores ids it does not know', () => {
    const byId = upsertConversations({}, [conversation({ id: 'open1', status: 'open' }), conversation({ id: 'done1', status: 'resolved' })]);
    expect(sortedIds(byId, ['open1', 'done1', 'ghost'], 'open')).toEqual(['open1']);
    expect(sortedIds(byId, ['open1', 'done1'], 'resolved')).toEqual(['done1']);
  });

  it('does not let an older copy overwrite a newer one', () => {
    const newer = conversation({ id: 'a', lastSeq: 5, lastMessagePreview: 'five' });
    const older = { ...newer, lastSeq: 4, lastMessagePreview: 'four' };
    expect(mergeConversation(newer, older)).toBe(newer);
    // Same seq, changed status: the server's copy wins.
    expect(mergeConversation(newer, { ...newer, status: 'resolved' }).status).toBe('resolved');
  });

  it('keeps the badge cleared when a frame predates our read', () => {
    const stale = conversation({ id: 'a', lastSeq: 3, unreadCount: 2 });
    expect(mergeConversation(undefined, stale, 3).unreadCount).toBe(0);
    expect(mergeConversation(undefined, { ...stale, lastSeq: 4 }, 3).unreadCount).toBe(2);
  });

  it('adds members once', () => {
    const m = ['a', 'b'];
    expect(addMembers(m, ['b'])).toBe(m);
    expect(addMembers(m, ['c', 'a', 'c'])).toEqual(['a', 'b', 'c']);
  });

  it('applies a new message to its row: preview, time, unread', () => {
    const c = conversation({ id: 'a', lastSeq: 1, unreadCount: 0, lastActivityAt: 10 });
    const fromVisitor = applyMessage(c, message({ conversationId: 'a', seq: 2, body: 'Need   help\nplease', createdAt: 50 }));
    expect(fromVisitor).toMatchObject({ lastSeq: 2, unreadCount: 1, lastMessagePreview: 'Need help please', lastActivityAt: 50 });

    const fromAgent = applyMessage(fromVisitor, message({ conversationId: 'a', seq: 3, author: 'agent', createdAt: 60 }));
    expect(fromAgent).toMatchObject({ lastSeq: 3, unreadCount: 0, lastMessageAuthor: 'agent' });

    // The same message twice (live frame, then replay) counts once.
    expect(applyMessage(fromAgent, message({ conversationId: 'a', seq: 3 }))).toBe(fromAgent);
  });

  it('does not count a visitor message as unread when it is already read', () => {
    const c = conversation({ id: 'a', lastSeq: 1, unreadCount: 0 });
    expect(applyMessage(c, message({ conversationId: 'a', seq: 2 }), 2).unreadCount).toBe(0);
  });

  it('clears unread only when the read covers the newest message', () => {
    const c = conversation({ id: 'a', lastSeq: 4, unreadCount: 2 });
    expect(applyRead(c, 3).unreadCount).toBe(2);
    expect(applyRead(c, 4).unreadCount).toBe(0);
  });

  it('counts open conversations with unread messages', () => {
    const byId = upsertConversations({}, [
      conversation({ id: 'a', unreadCount: 3 }),
      conversation({ id: 'b', unreadCount: 0 }),
      conversation({ id: 'c', unreadCount: 1, status: 'resolved' }),
    ]);
    expect(unreadConversations(byId)).toBe(1);
  });
});
