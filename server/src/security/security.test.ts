import { describe, expect, it } from 'vitest';
import { isLoopbackOrigin, normalizeOrigin } from '@atendo/shared';
import { clientIp } from './ip';
import { loadLimits } from './limits';
import { originAllowed, parseAllowedOrigins } from './origins';
import { RateLimiter } from './rate-limit';

describe('RateLimiter', () => {
  it('allows a burst of `limit`, then one per window/limit, and says how long to wait', () => {
    let now = 0;
    const rl = new RateLimiter(3, 3000, () => now);
    expect([rl.hit('a').ok, rl.hit('a').ok, rl.hit('a').ok]).toEqual([true, true, true]);
    const refused = rl.hit('a');
    expect(refused).toEqual({ ok: false, retryAfterMs: 1000 });
    expect(rl.hit('b').ok).toBe(true);
    now = 1000;
    expect(rl.hit('a').ok).toBe(true);
    expect(rl.hit('a').ok).toBe(false);
  });

  it('forgets full buckets, so memory does not grow with one-off keys', () => {
    let now = 0;
    const rl = new RateLimiter(2, 1000, () => now);
    for (let i = 0; i < 100; i++) rl.hit(`ip${i}`);
    now = 5000;
    rl.hit('fresh');
    expect(rl.size).toBe(1);
  });
});

describe('origins', () => {
  it('normalizes real origins and rejects everything else', () => {
    expect(normalizeOrigin('https://Shop.Example.com/')).toBe('https://shop.example.com');
    expect(normalizeOrigin('https://shop.example.com:443')).toBe('https://shop.example.com');
    expect(normalizeOrigin('http://localhost:5173')).toBe('http://localhost:5173');
    expect(normalizeOrigin('HTTP://Other.Example.com')).toBe('http://other.example.com');
    for (const bad of [
      '*',
      'https://*.example.com',
      'shop.example.com',
      'https://shop.example.com/path',
      'ftp://x.example',
      'javascript:alert(1)',
      'https://a@b.example',
      'https://x.example?q',
      'https://.example',
      '',
    ]) {
      expect(normalizeOrigin(bad), bad).toBeNull();
    }
  });

  it('matches exactly: no prefixes, suffixes or schemes swapped', () => {
    const policy = { ownOrigin: 'https://chat.example', dev: false };
    const list = parseAllowedOrigins('["https://shop.example"]');
    expect(originAllowed('https://shop.example', list, policy)).toBe(true);
    expect(originAllowed('https://chat.example', list, policy)).toBe(true);
    for (const o of ['https://shop.example.evil', 'https://evilshop.example', 'http://shop.example', 'https://shop.example:444', undefined, '', 'null']) {
      expect(originAllowed(o, list, policy), String(o)).toBe(false);
    }
  });

  it('lets an empty list serve localhost only in dev mode', () => {
    expect(originAllowed('http://localhost:3000', [], { ownOrigin: 'https://chat.example', dev: true })).toBe(true);
    expect(originAllowed('http://localhost:3000', [], { ownOrigin: 'https://chat.example', dev: false })).toBe(false);
    expect(isLoopbackOrigin('http://localhost.evil.example')).toBe(false);
    expect(parseAllowedOrigins('not json')).toEqual([]);
    expect(parseAllowedOrigins('["https://ok.example", "https://bad.example/path", 42]')).toEqual(['https://ok.example']);
  });
});

describe('client address and limits config', () => {
  it('trusts X-Forwarded-For only when told to, and then only its last entry', () => {
    expect(clientIp('::ffff:10.0.0.1', '1.2.3.4', false)).toBe('10.0.0.1');
    expect(clientIp('10.0.0.1', 'spoofed, 1.2.3.4', true)).toBe('1.2.3.4');
  });

  it('refuses a malformed limit with a message naming the variable', () => {
    expect(() => loadLimits({ ATENDO_RATE_MESSAGES_PER_MINUTE: 'lots' })).toThrow(/ATENDO_RATE_MESSAGES_PER_MINUTE/);
    expect(loadLimits({ ATENDO_IDLE_TIMEOUT_SECONDS: '60' }).idleTimeoutMs).toBe(60_000);
  });
});
