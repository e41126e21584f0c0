import { describe, expect, it } from 'vitest';
import type { Note } from '@atendo/shared';
import { conversation, message } from '../../test/fakes';
import { interleave } from '../conversation/Transcript';
import { describeUserAgent, waitingTime } from '../format';
import { alertFor } from './alerts';
import { insertCanned, matchCanned, slashQuery } from './canned';
import { matchesFilter, myId } from './conversations';
import { neighbour } from './keyboard';
import { mergeNotes } from './notes';

const replies = [
  { id: '1', shortcut: 'refund', body: 'Refunds take 5 days.', createdAt: 0 },
  { id: '2', shortcut: 'thanks', body: 'Thanks for waiting!', createdAt: 0 },
  { id: '3', shortcut: 'hours', body: 'We answer from 9 to 18, thanks.', createdAt: 0 },
];

describe('canned replies in the composer', () => {
  it('opens on / at the start or after a space, not inside a word or a URL', () => {
    expect(slashQuery('/ref', 4)).toEqual({ query: 'ref', start: 0 });
    expect(slashQuery('Hi /th', 6)).toEqual({ query: 'th', start: 3 });
    expect(slashQuery('see http://x/y', 14)).toBeNull();
    expect(slashQuery('a/b', 3)).toBeNull();
  });
  it('ranks shortcut prefixes first, then text matches, and replaces /query with the text', () => {
    expect(matchCanned(replies, 'th').map((r) => r.shortcut)).toEqual(['thanks', 'hours']);
    expect(insertCanned('Hi /th!', 3, 6, 'Thanks!')).toEqual({ text: 'Hi Thanks!!', caret: 10 });
  });
});

describe('views and navigation', () => {
  it('matches rows to unassigned / mine / all and to the site', () => {
    const c = conversation({ assigneeId: 'me', siteId: 's1' });
    const free = conversation({ assigneeId: null });
    expect(matchesFilter(c, 'open', { scope: 'mine', me: 'me', site: null })).toBe(true);
    expect(matchesFilter(c, 'open', { scope: 'mine', me: 'other', site: null })).toBe(false);
    expect(matchesFilter(c, 'open', { scope: 'unassigned', me: 'me', site: null })).toBe(false);
    expect(matchesFilter(free, 'open', { scope: 'unassigned', me: 'me', site: null })).toBe(true);
    expect(matchesFilter(c, 'open', { scope: 'all', me: 'me', site: 's2' })).toBe(false);
    expect(matchesFilter(c, 'pending', { scope: 'all', me: 'me', site: null })).toBe(false);
  });
  it('moves to the next and previous conversation, staying inside the list', () => {
    expect(neighbour(['a', 'b', 'c'], null, 1)).toBe('a');
    expect(neighbour(['a', 'b', 'c'], 'b', 1)).toBe('c');
    expect(neighbour(['a', 'b', 'c'], 'c', 1)).toBe('c');
    expect(neighbour(['a', 'b', 'c'], 'a', -1)).toBe('a');
    expect(neighbour([], 'a', 1)).toBeNull();
  });
});

describe('notes and alerts', () => {
  const note = (id: string, createdAt: number): Note => ({ id, conversationId: 'c', agentId: 'a', authorName: 'A', body: id, createdAt });
  it('merges notes once each and places them between messages by time', () => {
    expect(mergeNotes([note('n1', 5)], [note('n1', 5), note('n0', 1)]).map((n) => n.id)).toEqual(['n0', 'n1']);
    const msgs = [message({ conversationId: 'c', seq: 1, createdAt: 10 }), message({ conversationId: 'c', seq: 2, createdAt: 30 })];
    const order = interleave(msgs, [note('n', 20)]).map((x) => ('seq' in x ? x.seq : x.id));
    expect(order).toEqual([1, 'n', 2]);
  });
  it('alerts for new conversations and visitor messages in mine or unassigned, not in others\u2019', () => {
    myId.value = 'me';
    const fresh = conversation({ lastSeq: 1, assigneeId: null, visitorName: 'Maria' });
    expect(alertFor('conversation', fresh, false)?.title).toBe('New conversation: Maria');
    expect(alertFor('conversation', fresh, true)).toBeNull();
    const theirs = conversation({ assigneeId: 'other', lastSeq: 3 });
    expect(alertFor('message', theirs, true, message({ conversationId: theirs.id, seq: 4 }))).toBeNull();
    const mine = conversation({ assigneeId: 'me', lastSeq: 3, visitorName: 'Maria' });
    expect(alertFor('message', mine, true, message({ conversationId: mine.id, seq: 4, body: 'hello?' }))).toEqual({
      title: 'New message from Maria',
      body: 'hello?',
    });
    expect(alertFor('message', mine, true, message({ conversationId: mine.id, seq: 4, author: 'agent' }))).toBeNull();
    // A transfer to me alerts; one away from me does not.
    expect(alertFor('conversation', mine, true, undefined, { ...mine, assigneeId: 'other' })?.title).toBe('Assigned to you: Maria');
    expect(alertFor('conversation', theirs, true, undefined, { ...theirs, assigneeId: 'me' })).toBeNull();
  });
});

describe('format', () => {
  it('names browser and OS and short waiting times', () => {
    expect(describeUserAgent('Mozilla/5.0 (Macintosh; Intel Mac OS X 14_1) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15')).toBe(
      'Safari 17 · macOS',
    );
    expect(describeUserAgent('Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0')).toBe('Firefox 125 · Windows');
    expect(describeUserAgent(null)).toBeNull();
    expect(waitingTime(0, 90_000, 'en')).toBe('1m');
    expect(waitingTime(0, 3 * 3600_000, 'en')).toBe('3h');
    // Through Intl in the agent's language, never English units (not "ждёт 8m").
    // (ICU versions differ in the space before the unit: plain, no-break or narrow no-break.)
    const sp = (s: string) => s.replace(/\s/g, ' ');
    expect(sp(waitingTime(0, 8 * 60_000, 'ru'))).toBe('8 мин');
    expect(sp(waitingTime(0, 7 * 60_000, 'pt-BR'))).toBe('7 min');
    expect(sp(waitingTime(0, 45_000, 'ru'))).toBe('45 с');
  });
});
