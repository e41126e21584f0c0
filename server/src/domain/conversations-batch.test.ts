import { afterEach, describe, expect, it } from 'vitest';
import { aSite, aVisitor, anAgent } from '../storage/contract/fixtures';
import { openSqliteStorage, type SqliteStorage } from '../storage/sqlite';
import { ConversationService } from './conversations';
import { EventBus, type DomainEvent } from './events';

const opened: SqliteStorage[] = [];
afterEach(async () => {
  for (const s of opened.splice(0)) await s.close();
});

/** Group commit updates each conversation's row once per batch: the result must equal one by one. */
async function setup() {
  const storage = openSqliteStorage(':memory:');
  opened.push(storage);
  const bus = new EventBus();
  const conversations = new ConversationService(storage.conversations, bus, () => 'Ana');
  const site = await aSite(storage);
  const events: DomainEvent[] = [];
  bus.on((e) => events.push(e));
  const agentRow = await anAgent(storage, { name: 'Ana' });
  const agent = { kind: 'agent' as const, agentId: agentRow.id, agentName: 'Ana' };
  const visitor = async () => ({ kind: 'visitor' as const, visitorId: (await aVisitor(storage, site.id)).id, siteId: site.id });
  return { services: { conversations }, events, agent, visitor };
}

describe('one conversation update per batch', () => {
  it('ends with the last message, unread counted after the last agent reply, as if stored one by one', async () => {
    const { services, events, agent, visitor } = await setup();
    const v = await visitor();
    const id = (await services.conversations.send(v, { clientId: 'v1', body: 'hi' })).message.conversationId;
    events.length = 0;
    const out = await services.conversations.sendMany([
      { sender: v, input: { conversationId: id, clientId: 'v2', body: 'anyone?' } },
      { sender: agent, input: { conversationId: id, clientId: 'a1', body: 'Hello!' } },
      { sender: v, input: { conversationId: id, clientId: 'v3', body: 'my order' } },
      { sender: v, input: { conversationId: id, clientId: 'v4', body: 'is late' } },
    ]);
    expect(out.map((o) => o.ok && o.result.message.seq)).toEqual([2, 3, 4, 5]);
    const c = await services.conversations.get(id);
    expect(c).toMatchObject({ lastSeq: 5, lastMessagePreview: 'is late', lastMessageAuthor: 'visitor', unreadCount: 2, status: 'open' });
    // Every event of the batch carries the conversation as committed.
    const created = events.filter((e) => e.type === 'message.created');
    expect(created.map((e) => e.type === 'message.created' && [e.message.seq, e.conversation.lastSeq])).toEqual([
      [2, 5],
      [3, 5],
      [4, 5],
      [5, 5],
    ]);

    // Unread keeps counting across batches until an agent writes; an agent's batch ends it at 0.
    await services.conversations.sendMany([{ sender: v, input: { conversationId: id, clientId: 'v5', body: 'hello?' } }]);
    expect((await services.conversations.get(id)).unreadCount).toBe(3);
    await services.conversations.sendMany([
      { sender: v, input: { conversationId: id, clientId: 'v6', body: 'still there?' } },
      { sender: agent, input: { conversationId: id, clientId: 'a2', body: 'Checking now' } },
    ]);
    expect(await services.conversations.get(id)).toMatchObject({ lastSeq: 8, unreadCount: 0, lastMessageAuthor: 'agent', lastMessagePreview: 'Checking now' });
  });

  it('a visitor message reopens a resolved conversation; an agent message does not', async () => {
    const { services, agent, visitor } = await setup();
    const v = await visitor();
    const id = (await services.conversations.send(v, { clientId: 'v1', body: 'hi' })).message.conversationId;
    await services.conversations.setStatus(id, 'resolved');
    await services.conversations.sendMany([{ sender: agent, input: { conversationId: id, clientId: 'a1', body: 'Anything else?' } }]);
    expect((await services.conversations.get(id)).status).toBe('resolved');
    await services.conversations.sendMany([
      { sender: agent, input: { conversationId: id, clientId: 'a2', body: 'Bye' } },
      { sender: v, input: { conversationId: id, clientId: 'v2', body: 'wait, one more thing' } },
    ]);
    expect(await services.conversations.get(id)).toMatchObject({ status: 'open', unreadCount: 1, lastSeq: 4 });
  });

  it('keeps seqs gap-free across conversations, refusals and retries in one batch', async () => {
    const { services, agent, visitor } = await setup();
    const a = await visitor();
    const b = await visitor();
    const ida = (await services.conversations.send(a, { clientId: 'a1', body: 'one' })).message.conversationId;
    const idb = (await services.conversations.send(b, { clientId: 'b1', body: 'one' })).message.conversationId;
    const out = await services.conversations.sendMany([
      { sender: a, input: { conversationId: ida, clientId: 'a2', body: 'two' } },
      { sender: b, input: { conversationId: ida, clientId: 'b2', body: 'not my conversation' } },
      { sender: agent, input: { conversationId: idb, clientId: 'x1', body: 'hello b' } },
      { sender: a, input: { conversationId: ida, clientId: 'a2', body: 'two' } },
      { sender: agent, input: { conversationId: 'missing', clientId: 'x2', body: 'lost' } },
      { sender: a, input: { conversationId: ida, clientId: 'a3', body: 'three' } },
    ]);
    expect(out.map((o) => (o.ok ? o.result.message.seq : (o.error as { code: string }).code))).toEqual([2, 'not_found', 2, 2, 'not_found', 3]);
    expect((await services.conversations.messages(ida)).map((m) => m.seq)).toEqual([1, 2, 3]);
    expect((await services.conversations.get(ida)).lastSeq).toBe(3);
    expect(await services.conversations.get(idb)).toMatchObject({ lastSeq: 2, unreadCount: 0 });
  });
});
