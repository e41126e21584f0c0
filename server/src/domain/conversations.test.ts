import { afterEach, describe, expect, it } from 'vitest';
import { aSite, aVisitor } from '../storage/contract/fixtures';
import { openSqliteStorage, type SqliteStorage } from '../storage/sqlite';
import { ConversationService } from './conversations';
import { EventBus, type DomainEvent } from './events';

const opened: SqliteStorage[] = [];
afterEach(async () => {
  for (const s of opened.splice(0)) await s.close();
});

async function setup() {
  const storage = openSqliteStorage(':memory:');
  opened.push(storage);
  const bus = new EventBus();
  const conversations = new ConversationService(storage.conversations, bus, () => null);
  const site = await aSite(storage);
  const events: DomainEvent[] = [];
  bus.on((e) => events.push(e));
  const visitor = async (n = 1) => {
    const v = await aVisitor(storage, site.id);
    return { kind: 'visitor' as const, visitorId: v.id, siteId: site.id, n };
  };
  return { storage, services: { conversations }, events, visitor };
}

describe('group commit (sendMany)', () => {
  it('stores a batch in order with consecutive seqs, and one failing message leaves the others stored', async () => {
    const { services, events, visitor } = await setup();
    const a = await visitor();
    const first = await services.conversations.send(a, { clientId: 'a1', body: 'hello' });
    const conversationId = first.message.conversationId;
    const out = await services.conversations.sendMany([
      { sender: a, input: { conversationId, clientId: 'a2', body: 'two' } },
      { sender: a, input: { conversationId: 'nope', clientId: 'a3', body: 'lost' } },
      { sender: a, input: { conversationId, clientId: 'a1', body: 'other body' } },
      { sender: a, input: { conversationId, clientId: 'a4', body: 'four' } },
    ]);
    expect(out.map((o) => o.ok)).toEqual([true, false, false, true]);
    expect(out[1]).toMatchObject({ error: { code: 'not_found' } });
    expect(out[2]).toMatchObject({ error: { code: 'conflict' } });
    const stored = await services.conversations.messages(conversationId);
    expect(stored.map((m) => [m.seq, m.clientId])).toEqual([
      [1, 'a1'],
      [2, 'a2'],
      [3, 'a4'],
    ]);
    // Agents hear of exactly the stored messages, after the commit.
    expect(events.filter((e) => e.type === 'message.created').map((e) => e.type === 'message.created' && e.message.seq)).toEqual([1, 2, 3]);
  });

  it('stores a retry inside the same batch once and answers both with the same message', async () => {
    const { services, visitor } = await setup();
    const a = await visitor();
    const out = await services.conversations.sendMany([
      { sender: a, input: { clientId: 'x1', body: 'first message opens a conversation' } },
      { sender: a, input: { clientId: 'x1', body: 'first message opens a conversation' } },
    ]);
    expect(out.every((o) => o.ok)).toBe(true);
    const [one, two] = out.map((o) => (o.ok ? o.result : null));
    expect(two!.created).toBe(false);
    expect(two!.message.id).toBe(one!.message.id);
    expect(await services.conversations.messages(one!.message.conversationId)).toHaveLength(1);
  });

  it('stores nothing of a batch when a write fails half-way, so every sender retries', async () => {
    const { storage, services, events, visitor } = await setup();
    const a = await visitor();
    const first = await services.conversations.send(a, { clientId: 'a1', body: 'hello' });
    const conversationId = first.message.conversationId;
    events.length = 0;
    // A disk error on the second message's insert, after the first message was already written.
    const st = (storage.conversations as unknown as { st: { insert: { run: (row: unknown) => unknown } } }).st;
    const run = st.insert.run.bind(st.insert);
    let calls = 0;
    st.insert.run = (row) => {
      if (++calls === 2) throw new Error('disk I/O error');
      return run(row);
    };
    await expect(
      services.conversations.sendMany([
        { sender: a, input: { conversationId, clientId: 'a2', body: 'two' } },
        { sender: a, input: { conversationId, clientId: 'a3', body: 'three' } },
      ]),
    ).rejects.toThrow('disk I/O error');
    st.insert.run = run;
    expect((await services.conversations.messages(conversationId)).map((m) => m.clientId)).toEqual(['a1']);
    expect((await services.conversations.get(conversationId)).lastSeq).toBe(1);
    expect(events).toEqual([]);
    // The retry is stored with the next seq, no gap.
    expect((await services.conversations.send(a, { conversationId, clientId: 'a2', body: 'two' })).message.seq).toBe(2);
  });

  it('keeps each visitor to their own conversation within a batch', async () => {
    const { services, visitor } = await setup();
    const a = await visitor();
    const b = await visitor();
    const out = await services.conversations.sendMany([
      { sender: a, input: { clientId: 'm1', body: 'from a' } },
      { sender: b, input: { clientId: 'm1', body: 'from b' } },
    ]);
    const [ra, rb] = out.map((o) => (o.ok ? o.result : null));
    expect(ra!.message.conversationId).not.toBe(rb!.message.conversationId);
    expect(ra!.message.seq).toBe(1);
    expect(rb!.message.seq).toBe(1);
    const steal = await services.conversations.sendMany([
      { sender: b, input: { conversationId: ra!.message.conversationId, clientId: 'm2', body: 'not mine' } },
    ]);
    expect(steal[0]).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});

describe('a pending conversation waits on the visitor', () => {
  it("takes the visitor's answer, with or without its id, and reopens; after resolved a new one starts", async () => {
    const { services, visitor } = await setup();
    const a = await visitor();
    const id = (await services.conversations.send(a, { clientId: 'a1', body: 'hello' })).message.conversationId;
    await services.conversations.setStatus(id, 'pending');
    // Without a conversation id (a widget that had not heard of it yet): still the pending one.
    const answer = await services.conversations.send(a, { clientId: 'a2', body: 'my e-mail is joe@example.com' });
    expect(answer.message.conversationId).toBe(id);
    expect(answer.conversation.status).toBe('open');
    await services.conversations.setStatus(id, 'pending');
    expect((await services.conversations.send(a, { conversationId: id, clientId: 'a3', body: 'and my order is 42' })).conversation).toMatchObject({
      id,
      status: 'open',
      lastSeq: 3,
    });
    await services.conversations.setStatus(id, 'resolved');
    expect((await services.conversations.send(a, { clientId: 'a4', body: 'new question' })).message.conversationId).not.toBe(id);
  });
});
