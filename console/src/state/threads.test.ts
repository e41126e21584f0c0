import { describe, expect, it } from 'vitest';
import type { Message } from '@atendo/shared';
import { message } from '../../test/fakes';
import {
  addMessages,
  addPending,
  contiguousSeqOf,
  emptyThread,
  hasGap,
  lastSeqOf,
  mergeMessages,
  removePending,
  updatePending,
  type PendingMessage,
} from './threads';

const m = (seq: number, over: Partial<Message> = {}) => message({ conversationId: 'c1', seq, ...over });

const pending = (clientId: string): PendingMessage => ({
  clientId,
  conversationId: 'c1',
  body: 'hi',
  createdAt: 0,
  state: 'sending',
  error: null,
});

describe('thread messages', () => {
  it('merges by seq: sorted, each seq once', () => {
    const merged = mergeMessages([m(1), m(3)], [m(2), m(3), m(5), m(4)]);
    expect(merged.map((x) => x.seq)).toEqual([1, 2, 3, 4, 5]);
  });

  it('appends a newer message without reordering and ignores a replay', () => {
    const list = [m(1), m(2)];
    expect(mergeMessages(list, [m(3)]).map((x) => x.seq)).toEqual([1, 2, 3]);
    expect(mergeMessages(list, [m(2)]).map((x) => x.seq)).toEqual([1, 2]);
    expect(mergeMessages(list, [])).toBe(list);
  });

  it('turns a pending message into a sent one when its clientId arrives', () => {
    let t = addPending(emptyThread, pending('abc'));
    t = addPending(t, pending('def'));
    t = addMessages(t, [m(7, { clientId: 'abc', author: 'agent' })]);
    expect(t.pending.map((p) => p.clientId)).toEqual(['def']);
    expect(t.messages.map((x) => x.clientId)).toEqual(['abc']);
    // A second copy (ack and then the broadcast) changes nothing.
    const again = addMessages(t, [m(7, { clientId: 'abc', author: 'agent' })]);
    expect(again.messages).toHaveLength(1);
  });

  it('does not add the same pending message twice, nor one already sent', () => {
    let t = addPending(emptyThread, pending('abc'));
    expect(addPending(t, pending('abc'))).toBe(t);
    t = addMessages(emptyThread, [m(1, { clientId: 'xyz' })]);
    expect(addPending(t, pending('xyz')).pending).toHaveLength(0);
  });

  it('marks, and removes, a pending message', () => {
    let t = addPending(emptyThread, pending('abc'));
    t = updatePending(t, 'abc', { state: 'failed', error: 'Too fast' });
    expect(t.pending[0]).toMatchObject({ state: 'failed', error: 'Too fast' });
    expect(removePending(t, 'abc').pending).toHaveLength(0);
  });

  it('knows the last seq, the contiguous seq, and when a message is missing below one it holds', () => {
    const t = addMessages(emptyThread, [m(1), m(2)]);
    expect(lastSeqOf(emptyThread)).toBe(0);
    expect(contiguousSeqOf(emptyThread)).toBe(0);
    expect(lastSeqOf(t)).toBe(2);
    expect(contiguousSeqOf(t)).toBe(2);
    expect(hasGap(addMessages(t, [m(3)]))).toBe(false);
    const holed = addMessages(t, [m(5), m(4)]);
    expect(hasGap(holed)).toBe(true);
    expect(lastSeqOf(holed)).toBe(5);
    // A resume or catch-up starts below the hole, so seq 3 is fetched, not skipped.
    expect(contiguousSeqOf(holed)).toBe(2);
    expect(contiguousSeqOf(addMessages(holed, [m(3)]))).toBe(5);
  });
});
