import { describe, expect, it } from 'vitest';
import type { Conversation, Message } from '@atendo/shared';
import type { Connection } from './connection';
import { Hub } from './hub';
import { holdLive, release } from './replay';

/** A socket that records what it was sent and whether its writes were held (corked) at the time. */
function fakeConn(id: string, kind: 'agent' | 'visitor', visitorId = 'v1') {
  const sent: { data: string; binary: boolean; corked: boolean }[] = [];
  let corks = 0;
  const socket = { cork: () => corks++, uncork: () => corks-- };
  const ws = {
    OPEN: 1,
    readyState: 1,
    _socket: socket,
    send: (data: string | Buffer, opts?: { binary?: boolean }) =>
      sent.push({ data: String(data), binary: opts?.binary ?? typeof data !== 'string', corked: corks > 0 }),
  };
  const state = kind === 'agent' ? { kind, agentId: id, sessionHash: 'h' } : { kind, siteId: 's', visitorId };
  const conn = { id, ws, origin: undefined, ip: '127.0.0.1', cookieHeader: undefined, alive: true, state } as unknown as Connection;
  return { conn, sent, frames: () => sent.map((s) => JSON.parse(s.data) as { type: string; message?: Message; conversation?: Conversation }) };
}

const conversation = (lastSeq: number) => ({ id: 'c1', visitorId: 'v1', lastSeq }) as Conversation;
const message = (seq: number) => ({ id: `m${seq}`, conversationId: 'c1', seq, clientId: `k${seq}`, author: 'visitor', body: `hello ${seq}` }) as Message;

describe('hub fan-out', () => {
  it('in a batch: every agent gets each message once, the newest carrying the committed row, as text, in one write', () => {
    const hub = new Hub();
    const agents = [fakeConn('a1', 'agent'), fakeConn('a2', 'agent')];
    const sender = fakeConn('tab1', 'visitor');
    const otherTab = fakeConn('tab2', 'visitor');
    for (const a of agents) hub.addAgent(a.conn);
    hub.addVisitor('v1', sender.conn);
    hub.addVisitor('v1', otherTab.conn);
    const row = conversation(3);
    hub.corked(() => {
      for (const seq of [1, 2, 3]) hub.handle({ type: 'message.created', message: message(seq), conversation: row, origin: 'tab1' });
    });
    for (const a of agents) {
      expect(a.frames().map((f) => [f.type, f.message?.seq, f.conversation?.lastSeq])).toEqual([
        ['message', 1, undefined],
        ['message', 2, undefined],
        ['message', 3, 3],
      ]);
      expect(a.sent.every((s) => !s.binary && s.corked)).toBe(true);
    }
    // The visitor's other tab gets the copies, never the agents' row; the sending tab gets none (it gets acks).
    expect(otherTab.frames().map((f) => [f.message?.seq, f.conversation])).toEqual([
      [1, undefined],
      [2, undefined],
      [3, undefined],
    ]);
    expect(sender.sent).toEqual([]);
  });

  it("an agent's own message: the other agents get it with the row, the sender the row alone", () => {
    const hub = new Hub();
    const sender = fakeConn('a1', 'agent');
    const other = fakeConn('a2', 'agent');
    hub.addAgent(sender.conn);
    hub.addAgent(other.conn);
    hub.corked(() => hub.handle({ type: 'message.created', message: message(4), conversation: conversation(4), origin: 'a1' }));
    expect(other.frames().map((f) => [f.type, f.message?.seq, f.conversation?.lastSeq])).toEqual([['message', 4, 4]]);
    expect(sender.frames().map((f) => [f.type, f.message?.seq, f.conversation?.lastSeq])).toEqual([['conversation', undefined, 4]]);
  });

  it('a row sent otherwise during the batch is not followed by an older deferred one; outside a batch nothing waits', () => {
    const hub = new Hub();
    const agent = fakeConn('a1', 'agent');
    hub.addAgent(agent.conn);
    hub.corked(() => {
      hub.handle({ type: 'conversation.created', conversation: conversation(1) });
      hub.handle({ type: 'message.created', message: message(1), conversation: conversation(1) });
    });
    expect(agent.frames().map((f) => [f.type, f.conversation?.lastSeq])).toEqual([
      ['conversation', 1],
      ['message', undefined],
    ]);
    agent.sent.length = 0;
    hub.handle({ type: 'message.created', message: message(2), conversation: conversation(2) });
    expect(agent.frames().map((f) => [f.type, f.conversation?.lastSeq])).toEqual([['message', 2]]);
    expect(agent.sent.every((s) => !s.corked)).toBe(true);
  });

  it('in a batch, each socket gets acks and live copies in seq order (an ack never overtakes an earlier copy)', () => {
    const hub = new Hub();
    const agent = fakeConn('a1', 'agent');
    const visitor = fakeConn('tab1', 'visitor');
    hub.addAgent(agent.conn);
    hub.addVisitor('v1', visitor.conn);
    const m1 = { ...message(1), author: 'agent' } as Message;
    const m2 = message(2);
    hub.corked(() => {
      // The commit published both, then the senders were answered: the agent wrote 1, the visitor 2.
      hub.handle({ type: 'message.created', message: m1, conversation: conversation(2), origin: 'a1' });
      hub.handle({ type: 'message.created', message: m2, conversation: conversation(2), origin: 'tab1' });
      hub.ack(agent.conn, 'k1', m1);
      hub.ack(visitor.conn, 'k2', m2);
    });
    expect(visitor.frames().map((f) => [f.type, f.message?.seq])).toEqual([
      ['message', 1],
      ['ack', 2],
    ]);
    expect(agent.frames().map((f) => [f.type, f.message?.seq ?? f.conversation?.lastSeq])).toEqual([
      ['ack', 1],
      ['message', 2],
    ]);
  });

  it("skips a live copy the socket's resume replay already sent, and nothing else", () => {
    const hub = new Hub();
    const agent = fakeConn('a1', 'agent');
    (agent.conn as { replayed?: Map<string, number> }).replayed = new Map([['c1', 2]]);
    hub.addAgent(agent.conn);
    for (const seq of [2, 3]) hub.handle({ type: 'message.created', message: message(seq), conversation: conversation(seq) });
    expect(agent.frames().map((f) => [f.type, f.message?.seq ?? f.conversation?.lastSeq])).toEqual([
      ['conversation', 2],
      ['message', 3],
    ]);
  });
});

describe('live copies held during a replay (ws/replay.ts)', () => {
  it('holds a conversation’s live copies while it is replayed, then sends those the replay did not, in order', () => {
    const hub = new Hub();
    const tab = fakeConn('tab1', 'visitor');
    holdLive(tab.conn, ['c1']);
    hub.addVisitor('v1', tab.conn);
    // Published while the replay reads storage: nothing goes out yet.
    for (const seq of [3, 4]) hub.handle({ type: 'message.created', message: message(seq), conversation: conversation(seq), origin: 'other' });
    expect(tab.frames().filter((f) => f.type === 'message')).toEqual([]);
    // The replay sent up to seq 3 (it read 3 from storage); 4 comes from the held copies, 3 not again.
    tab.conn.replayed = new Map([['c1', 3]]);
    release(tab.conn, 'c1');
    hub.handle({ type: 'message.created', message: message(5), conversation: conversation(5), origin: 'other' });
    expect(tab.frames().flatMap((f) => (f.type === 'message' ? [f.message!.seq] : []))).toEqual([4, 5]);
    expect(tab.conn.held?.size).toBe(0);
  });
});
