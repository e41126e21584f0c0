import { describe, expect, it } from 'vitest';
import { LIMITS, PROTOCOL_VERSION, parseAgentFrame, parseVisitorFrame } from './index';

describe('parseVisitorFrame', () => {
  it('accepts a hello and a send, trimming the body', () => {
    expect(parseVisitorFrame(JSON.stringify({ type: 'hello', v: PROTOCOL_VERSION, role: 'visitor', siteId: 'site1' }))).toMatchObject({ ok: true });
    const r = parseVisitorFrame(JSON.stringify({ type: 'message.send', clientId: 'abc', body: '  hi  ' }));
    expect(r).toEqual({ ok: true, frame: { type: 'message.send', clientId: 'abc', body: 'hi' } });
  });

  it('names what is wrong', () => {
    expect(parseVisitorFrame('nope')).toMatchObject({ ok: false, code: 'invalid_json' });
    expect(parseVisitorFrame('[]')).toMatchObject({ ok: false, code: 'bad_request' });
    expect(parseVisitorFrame('{"type":"evil"}')).toMatchObject({ ok: false, code: 'unknown_type' });
    const empty = parseVisitorFrame(JSON.stringify({ type: 'message.send', clientId: 'abc', body: '   ' }));
    expect(empty).toMatchObject({ ok: false, code: 'bad_request', clientId: 'abc' });
    const long = parseVisitorFrame(JSON.stringify({ type: 'message.send', clientId: 'abc', body: 'x'.repeat(LIMITS.messageLength + 1) }));
    expect(long).toMatchObject({ ok: false, code: 'bad_request' });
  });

  it('rejects fields a client must not set', () => {
    const r = parseVisitorFrame(JSON.stringify({ type: 'message.send', clientId: 'abc', body: 'hi', author: 'agent' }));
    expect(r).toMatchObject({ ok: false, code: 'bad_request' });
    const proto = parseVisitorFrame('{"type":"message.send","clientId":"abc","body":"hi","__proto__":{"admin":true}}');
    expect(proto.ok).toBe(false);
  });

  it('keeps visitor and agent frames apart', () => {
    // An agent send requires a conversation; a visitor cannot say hello as an agent via the visitor schema.
    expect(parseAgentFrame(JSON.stringify({ type: 'message.send', clientId: 'a', body: 'hi' })).ok).toBe(false);
    expect(parseVisitorFrame(JSON.stringify({ type: 'hello', v: 1, role: 'agent' })).ok).toBe(false);
  });
});
