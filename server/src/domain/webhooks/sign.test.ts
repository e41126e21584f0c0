/** Our signatures verify with the Standard Webhooks reference package; a changed byte does not. */
import { describe, expect, it } from 'vitest';
import { Webhook } from 'standardwebhooks';
import { newSecret, webhookHeaders } from './sign';

describe('webhook signatures', () => {
  it('verify with standardwebhooks, with either secret of a rotation, and not after a change', () => {
    const [a, b] = [newSecret(), newSecret()];
    expect(a).toMatch(/^whsec_/);
    const body = JSON.stringify({ type: 'message.created', timestamp: new Date().toISOString(), data: { x: 'olá' } });
    const headers = webhookHeaders([a, b], 'msg_1', Math.floor(Date.now() / 1000), body);
    expect(new Webhook(a).verify(body, headers)).toEqual(JSON.parse(body));
    expect(new Webhook(b).verify(body, headers)).toEqual(JSON.parse(body));
    expect(() => new Webhook(newSecret()).verify(body, headers)).toThrow();
    expect(() => new Webhook(a).verify(body.replace('olá', 'ola'), headers)).toThrow();
  });
});
