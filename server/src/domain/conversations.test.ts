import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config';
import { openDb } from '../storage/sqlite/client';
import type { DomainEvent } from './events';
import { createServices } from './services';

function setup() {
  const services = createServices(openDb(':memory:'), loadConfig({ ATENDO_PUBLIC_URL: 'http://localhost:3000' }));
  const { site } = services.sites.ensureDefault();
  const events: DomainEvent[] = [];
  services.bus.on((e) => events.push(e));
  const visitor = (n = 1) => {
    const { visitor: v } = services.visitors.create(site.siteId);
    return { kind: 'visitor' as const, visitorId: v.id, siteId: site.siteId, n };
  };
  return { services, events, visitor };
}

describe('group commit (sendMany)', () => {
  it('stores a batch in order with consecutive seqs, and one failing message leaves the others stored', () => {
    const { services, events, visitor } = setup();
    const a = visitor();
    const first = services.conversations.send(a, { clientId: 'a1', body: 'hello' });
    const conversationId = first.message.conversationId;
    const out = services.conversations.sendMany([
      { sender: a, input: { conversationId, clientId: 'a2', body: 'two' } },
      { sender: a, input: { conversationId: 'nope', clientId: 'a3', body: 'lost' } },
      { sender: a, input: { conversationId, clientId: 'a1', body: 'other body' } },
      { sender: a, input: { conversationId, clientId: 'a4', body: 'four' } },
    ]);
    expect(out.map((o) => o.ok)).toEqual([true, false, false, true]);
    expect(out[1]).toMatchObject({ error: { code: 'not_found' } });
    expect(out[2]).toMatchObject({ error: { code: 'conflict' } });
    const stored = services.conversations.messages(conversationId);
    expect(stored.map((m) => [m.seq, m.clientId])).toEqual([
      [1, 'a1'],
      [2, 'a2'],
      [3, 'a4'],
    ]);
    // Agents hear of exactly the stored messages, after the commit.
    expect(events.filter((e) => e.type === 'message.created').map((e) => e.type === 'message.created' && e.message.seq)).toEqual([1, 2, 3]);
  });

  it('stores a retry inside the same batch once and answers both with the same message', () => {
    const { services, visitor } = setup();
    const a = visitor();
    const out = services.conversations.sendMany([
      { sender: a, input: { clientId: 'x1', body: 'first message opens a conversation' } },
      { sender: a, input: { clientId: 'x1', body: 'first message opens a conversation' } },
    ]);
    expect(out.every((o) => o.ok)).toBe(true);
    const [one, two] = out.map((o) => (o.ok ? o.result : null));
    expect(two!.created).toBe(false);
    expect(two!.message.id).toBe(one!.message.id);
    expect(services.conversations.messages(one!.message.conversationId)).toHaveLength(1);
  });

  it('stores nothing of a batch when a write fails half-way, so every sender retries', () => {
    const { services, events, visitor } = setup();
    const a = visitor();
    const first = services.conversations.send(a, { clientId: 'a1', body: 'hello' });
    const conversationId = first.message.conversationId;
    events.length = 0;
    // A disk error on the second message's insert, after the first message was already written.
    const st = (services.conversations as unknown as { st: { insert: { run: (row: unknown) => unknown } } }).st;
    const run = st.insert.run.bind(st.insert);
    let calls = 0;
    st.insert.run = (row) => {
      if (++calls === 2) throw new Error('disk I/O error');
      return run(row);
    };
    expect(() =>
      services.conversations.sendMany([
        { sender: a, input: { conversationId, clientId: 'a2', body: 'two' } },
        { sender: a, input: { conversationId, clientId: 'a3', body: 'three' } },
      ]),
    ).toThrow('disk I/O error');
    st.insert.run = run;
    expect(services.conversations.messages(conversationId).map((m) => m.clientId)).toEqual(['a1']);
    expect(services.conversations.get(conversationId).lastSeq).toBe(1);
    expect(events).toEqual([]);
    // The retry is stored with the next seq, no gap.
    expect(services.conversations.send(a, { conversationId, clientId: 'a2', body: 'two' }).message.seq).toBe(2);
  });

  it('keeps each visitor to their own conversation within a batch', () => {
    const { services, visitor } = setup();
    const a = visitor();
    const b = visitor();
    const out = services.conversations.sendMany([
      { sender: a, input: { clientId: 'm1', body: 'from a' } },
      { sender: b, input: { clientId: 'm1', body: 'from b' } },
    ]);
    const [ra, rb] = out.map((o) => (o.ok ? o.result : null));
    expect(ra!.message.conversationId).not.toBe(rb!.message.conversationId);
    expect(ra!.message.seq).toBe(1);
    expect(rb!.message.seq).toBe(1);
    const steal = services.conversations.sendMany([{ sender: b, input: { conversationId: ra!.message.conversationId, clientId: 'm2', body: 'not mine' } }]);
    expect(steal[0]).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});

describe('a pending conversation waits on the visitor', () => {
  it("takes the visitor's answer, with or without its id, and reopens; after resolved a new one starts", () => {
    const { services, visitor } = setup();
    const a = visitor();
    const id = services.conversations.send(a, { clientId: 'a1', body: 'hello' }).message.conversationId;
    services.conversations.setStatus(id, 'pending');
    // Without a conversation id (a widget that had not heard of it yet): still the pending one.
    const answer = services.conversations.send(a, { clientId: 'a2', body: 'my e-mail is joe@example.com' });
    expect(answer.message.conversationId).toBe(id);
    expect(answer.conversation.status).toBe('open');
    services.conversations.setStatus(id, 'pending');
    expect(services.conversations.send(a, { conversationId: id, clientId: 'a3', body: 'and my order is 42' }).conversation).toMatchObject({
      id,
      status: 'open',
      lastSeq: 3,
    });
    services.conversations.setStatus(id, 'resolved');
    expect(services.conversations.send(a, { clientId: 'a4', body: 'new question' }).message.conversationId).not.toBe(id);
  });
});
