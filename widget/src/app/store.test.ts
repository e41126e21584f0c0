import type { Message } from '@atendo/shared';
import { describe, expect, it } from 'vitest';
import {
  addPending,
  emptyChat,
  markFailed,
  mergeConversations,
  openConversationId,
  receiveMessage,
  resumeMap,
  holes,
  setStatus,
  timeline,
  type ChatState,
} from './store';

let n = 0;
function msg(over: Partial<Message> & Pick<Message, 'seq'>): Message {
  n++;
  return {
    id: `m${n}`,
    conversationId: 'c1',
    clientId: `k${n}`,
    author: 'agent',
    agentId: 'a1',
    authorName: 'Ana',
    body: `body ${over.seq}`,
    createdAt: 1_000 + over.seq,
    ...over,
  };
}

const bodies = (s: ChatState) =>
  timeline(s).map((i) => (i.kind === 'message' ? i.message.body : i.kind === 'pending' ? `pending:${i.pending.body}` : `resolved:${i.conversationId}`));

describe('store', () => {
  it('orders messages by seq whatever order they arrive in', () => {
    let s = emptyChat;
    for (const seq of [3, 1, 4, 2]) s = receiveMessage(s, msg({ seq }));
    expect(bodies(s)).toEqual(['body 1', 'body 2', 'body 3', 'body 4']);
  });

  it("waits on the bot's buttons only while nothing was said after its answer, live or read from history", () => {
    const card = { articles: [{ id: 'x', title: 'Delivery', excerpt: '…' }] };
    const bot = (seq: number) => msg({ seq, author: 'bot', agentId: null, authorName: null, bot: card });
    const botState = (s: ChatState) => s.conversations.find((c) => c.id === 'c1')?.botState;
    // Live: the visitor's question, then the bot's answer: the buttons wait.
    let live = receiveMessage(emptyChat, msg({ seq: 1, author: 'visitor', agentId: null }));
    live = receiveMessage(live, bot(2));
    expect(botState(live)).toBe('answered');
    // The visitor writes instead of choosing: the buttons go.
    expect(botState(receiveMessage(live, msg({ seq: 3, author: 'visitor', agentId: null })))).toBeNull();
    // An older conversation's history, in order: the agent's reply after the bot's answer leaves no buttons.
    let read = receiveMessage(emptyChat, msg({ seq: 1, author: 'visitor', agentId: null }));
    for (const m of [bot(2), msg({ seq: 3 })]) read = receiveMessage(read, m);
    expect(botState(read)).toBeNull();
    // Out of order (the reply first): the bot's answer is not the newest message, so nothing waits.
    let late = receiveMessage(emptyChat, msg({ seq: 3 }));
    late = receiveMessage(late, bot(2));
    expect(botState(late)).toBeUndefined();
  });

  it('ignores a message it already holds, by id or by clientId, and says so by returning the same state', () => {
    const m = msg({ seq: 1 });
    const s1 = receiveMessage(emptyChat, m);
    expect(receiveMessage(s1, { ...m })).toBe(s1);
    expect(receiveMessage(s1, { ...m, id: 'other-id' })).toBe(s1);
    expect(receiveMessage(s1, { ...m, clientId: 'other-client' })).toBe(s1);
    expect(bodies(s1)).toEqual(['body 1']);
  });

  it('keeps pending messages after every stored one and replaces them on ack', () => {
    let s = receiveMessage(emptyChat, msg({ seq: 1 }));
    s = addPending(s, { clientId: 'mine', body: 'hello', createdAt: 5 });
    s = receiveMessage(s, msg({ seq: 2, body: 'agent reply' }));
    expect(bodies(s)).toEqual(['body 1', 'agent reply', 'pending:hello']);

    s = receiveMessage(s, msg({ seq: 3, clientId: 'mine', author: 'visitor', agentId: null, authorName: null, body: 'hello' }));
    expect(bodies(s)).toEqual(['body 1', 'agent reply', 'hello']);
    expect(s.pending).toEqual([]);
  });

  it('keeps the same list key when a pending message is acknowledged', () => {
    const pending = addPending(emptyChat, { clientId: 'mine', body: 'hi', createdAt: 1 });
    const acked = receiveMessage(pending, msg({ seq: 1, clientId: 'mine', author: 'visitor', body: 'hi' }));
    expect(timeline(acked)[0]!.key).toBe(timeline(pending)[0]!.key);
  });

  it('drops a pending message when its echo arrives even if it is already stored', () => {
    const m = msg({ seq: 1, clientId: 'mine', author: 'visitor' });
    let s = receiveMessage(emptyChat, m);
    s = addPending(s, { clientId: 'mine', body: 'x', createdAt: 1 });
    expect(receiveMessage(s, m).pending).toEqual([]);
  });

  it('marks pending messages failed and back', () => {
    let s = addPending(emptyChat, { clientId: 'p', body: 'x', createdAt: 1 });
    s = markFailed(s, 'p');
    expect(s.pending[0]!.failed).toBe(true);
    expect(markFailed(s, 'p')).toBe(s);
    expect(markFailed(s, 'p', false).pending[0]!.failed).toBe(false);
  });

  it('shows a resolved note after a resolved conversation and sends the next message to a new one', () => {
    let s = receiveMessage(emptyChat, msg({ seq: 1 }));
    expect(openConversationId(s)).toBe('c1');
    s = setStatus(s, 'c1', 'resolved');
    expect(openConversationId(s)).toBeNull();
    s = addPending(s, { clientId: 'p', body: 'again', createdAt: 2_000 });
    expect(bodies(s)).toEqual(['body 1', 'resolved:c1', 'pending:again']);

    s = receiveMessage(s, msg({ conversationId: 'c2', seq: 1, clientId: 'p', author: 'visitor', body: 'again', createdAt: 2_000 }));
    expect(openConversationId(s)).toBe('c2');
    expect(bodies(s)).toEqual(['body 1', 'resolved:c1', 'again']);
  });

  it('sends the answer to a pending conversation into it (the agent waits on the visitor), not to a new one', () => {
    let s = receiveMessage(emptyChat, msg({ seq: 1 }));
    s = setStatus(s, 'c1', 'pending');
    expect(openConversationId(s)).toBe('c1');
    s = mergeConversations(s, [{ id: 'c1', status: 'pending', lastSeq: 1 }]);
    expect(openConversationId(s)).toBe('c1');
  });

  it('orders conversations by their first message', () => {
    let s = receiveMessage(emptyChat, msg({ conversationId: 'new', seq: 1, createdAt: 9_000, body: 'newer' }));
    s = receiveMessage(s, msg({ conversationId: 'old', seq: 1, createdAt: 1_000, body: 'older' }));
    expect(bodies(s)).toEqual(['older', 'newer']);
  });

  it('learns conversations and their status from welcome', () => {
    let s = receiveMessage(emptyChat, msg({ seq: 2 }));
    s = mergeConversations(s, [
      { id: 'c1', status: 'resolved', lastSeq: 5 },
      { id: 'c2', status: 'open', lastSeq: 1 },
    ]);
    expect(s.conversations.map((c) => [c.id, c.status])).toEqual([
      ['c1', 'resolved'],
      ['c2', 'open'],
    ]);
    expect(openConversationId(s)).toBe('c2');
  });

  it('resumes each conversation from the highest contiguous seq it holds, not the highest or the one the server announced', () => {
    let s = mergeConversations(emptyChat, [{ id: 'c9', status: 'open', lastSeq: 40 }]);
    s = receiveMessage(s, msg({ seq: 1 }));
    s = receiveMessage(s, msg({ seq: 3 }));
    expect(resumeMap(s)).toEqual({ c1: 1 });
    expect(holes(s)).toEqual([{ conversationId: 'c1', after: 1 }]);
    s = receiveMessage(s, msg({ id: 'm2', clientId: 'k2', seq: 2 }));
    expect(resumeMap(s)).toEqual({ c1: 3 });
    expect(holes(s)).toEqual([]);
  });
});
