import { describe, expect, it } from 'vitest';
import { hostIdentity } from './identity';

describe('hostIdentity', () => {
  it('passes a well-formed identity through, with a numeric user id as text', () => {
    expect(hostIdentity({ userId: 42, hash: 'ab'.repeat(32), name: 'Ana' })).toEqual({ userId: '42', hash: 'ab'.repeat(32), name: 'Ana' });
  });

  it('ignores a missing or malformed identity instead of breaking the hello', () => {
    expect(hostIdentity(undefined)).toBeUndefined();
    expect(hostIdentity({ hash: 'x' })).toBeUndefined();
    expect(hostIdentity({ userId: { toString: 'x' } })).toBeUndefined();
    // Fields the page may not set (verified) are simply not sent.
    expect(hostIdentity({ userId: 'u1', verified: true })).toEqual({ userId: 'u1' });
  });
});

describe('hello with the host page identity', () => {
  it('carries window.AtendoIdentity when the page set one, and nothing when it did not', async () => {
    const { Connection } = await import('./connection');
    const { socketFactory } = await import('../../test/fake-socket');
    const { tokenStore } = await import('./token');
    const hello = () => {
      const factory = socketFactory();
      const conn = new Connection({
        url: 'wss://chat.example/ws',
        siteId: 'site1',
        locale: 'en',
        tokens: tokenStore('site1', localStorage),
        getResume: () => ({}),
        getConversationId: () => null,
        onFrame: () => {},
        onStatus: () => {},
        page: () => ({ url: 'https://shop.example/', title: 'Shop' }),
        createSocket: factory.create,
        random: () => 1,
      });
      conn.connect();
      factory.last.open();
      conn.stop();
      return factory.last.sent[0] as Record<string, unknown>;
    };
    expect(hello().identity).toBeUndefined();
    (globalThis as { AtendoIdentity?: unknown }).AtendoIdentity = { userId: 'u7', hash: 'f'.repeat(64), name: 'Ana' };
    try {
      expect(hello().identity).toEqual({ userId: 'u7', hash: 'f'.repeat(64), name: 'Ana' });
    } finally {
      delete (globalThis as { AtendoIdentity?: unknown }).AtendoIdentity;
    }
  });
});
