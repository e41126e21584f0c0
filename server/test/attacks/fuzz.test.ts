import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseVisitorFrame, PROTOCOL_VERSION } from '@atendo/shared';
import { login, startTestServer, TestClient } from '../helpers';
import { chattingVisitor } from './kit';

let srv: Awaited<ReturnType<typeof startTestServer>>;
let cookie: string;
beforeAll(async () => {
  srv = await startTestServer();
  cookie = await login(srv.url);
});
afterAll(() => srv.close());

/** Valid frames of every kind, to mutate. */
const validFrames = (conversationId: string) =>
  fc.oneof(
    fc.record({
      type: fc.constant('message.send'),
      conversationId: fc.constant(conversationId),
      clientId: fc.stringMatching(/^[A-Za-z0-9_-]{1,20}$/),
      body: fc.string({ minLength: 1, maxLength: 50 }),
    }),
    fc.record({ type: fc.constant('conversation.read'), conversationId: fc.constant(conversationId), seq: fc.nat(10) }),
    fc.constant({ type: 'ping' }),
    fc.record({ type: fc.constant('hello'), v: fc.constant(PROTOCOL_VERSION), role: fc.constant('visitor'), siteId: fc.string() }),
  );

/** Break a valid frame: wrong types, extra keys (including __proto__), missing keys, hostile values. */
const hostileValue = fc.oneof(
  fc.constant(null),
  fc.constant('<img src=x onerror=alert(1)>'),
  fc.constant('javascript:alert(1)'),
  fc.constant(-1),
  fc.constant(1e308),
  fc.constant(Number.NaN),
  fc.constant({ $gt: '' }),
  fc.string({ maxLength: 300 }),
  fc.integer(),
  fc.boolean(),
  fc.array(fc.string(), { maxLength: 3 }),
);

function mutate(frame: Record<string, unknown>, how: number, key: string, value: unknown): string {
  const copy: Record<string, unknown> = { ...frame };
  const keys = Object.keys(copy);
  const k = keys[how % Math.max(keys.length, 1)] ?? 'type';
  switch (how % 6) {
    case 0:
      copy[k] = value;
      return JSON.stringify(copy);
    case 1:
      delete copy[k];
      return JSON.stringify(copy);
    case 2:
      copy[key || 'extra'] = value;
      return JSON.stringify(copy);
    case 3:
      return JSON.stringify(copy).replace(/^\{/, '{"__proto__":{"author":"agent","verified":true},');
    case 4:
      return JSON.stringify(copy).slice(0, Math.max(1, how % 30));
    default:
      return JSON.stringify(value);
  }
}

describe('fuzz: thousands of random and mutated frames', () => {
  it('the server stays up, answers every bad frame with an error, and stores nothing invalid', async () => {
    const v = await chattingVisitor(srv.wsUrl, srv.siteId);
    const messagesBefore = (await srv.services.conversations.messages(v.conversationId)).length;
    let sent = 0;
    let errors = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.oneof(
            {
              weight: 3,
              arbitrary: fc
                .tuple(validFrames(v.conversationId), fc.nat(1000), fc.string({ maxLength: 12 }), hostileValue)
                .map(([f, how, key, value]) => mutate(f as Record<string, unknown>, how, key, value)),
            },
            { weight: 1, arbitrary: fc.string({ maxLength: 200 }) },
            { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((j) => JSON.stringify(j)) },
          ),
          { minLength: 20, maxLength: 60 },
        ),
        async (raws) => {
          v.client.frames.length = 0;
          for (const raw of raws) v.client.send(raw);
          sent += raws.length;
          // Exactly one answer per frame; only a valid read of one's own conversation is silent.
          // (Sends are group-committed, so their acks may come after later frames' answers.)
          const loud = raws.filter((r) => {
            const p = parseVisitorFrame(r);
            return !(p.ok && p.frame.type === 'conversation.read');
          });
          const deadline = Date.now() + 5000;
          while (v.client.frames.length < loud.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
          await new Promise((r) => setTimeout(r, 10));
          const answers = v.client.frames;
          expect(answers.length).toBe(loud.length);
          const invalid = raws.filter((r) => !parseVisitorFrame(r).ok).length;
          expect(answers.filter((f) => f.type === 'error').length).toBeGreaterThanOrEqual(invalid);
          errors += answers.filter((f) => f.type === 'error').length;
          expect(v.client.closed).toBeNull();
        },
      ),
      { numRuns: 80 },
    );
    expect(sent).toBeGreaterThan(2000);
    expect(errors).toBeGreaterThan(1000);

    // Still healthy, for this socket and for new ones.
    expect((await fetch(`${srv.url}/healthz`)).status).toBe(200);
    const agent = await TestClient.connect(srv.wsUrl, { cookie });
    agent.send({ type: 'hello', v: PROTOCOL_VERSION, role: 'agent' });
    await agent.next('welcome');
    agent.close();

    // Nothing invalid stored: every message is visitor-authored, non-empty, within limits, seqs 1..n without gaps.
    const rows = await srv.services.storage.conversations.messagesAfter(v.conversationId, 0, 1_000_000);
    expect(rows.length).toBeGreaterThanOrEqual(messagesBefore);
    rows.forEach((r, i) => {
      expect(r.seq).toBe(i + 1);
      expect(r.author).toBe('visitor');
      expect(r.agentId).toBeNull();
      expect(r.body.trim().length).toBeGreaterThan(0);
      expect(r.body.length).toBeLessThanOrEqual(5000);
    });
    expect(await srv.services.storage.visitors.count({ verified: true })).toBe(0);
    v.client.close();
  }, 60_000);
});
