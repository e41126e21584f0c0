import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config';
import { addressKey, clientIp } from './ip';
import { DEFAULT_LIMITS, loadLimits } from './limits';
import { AccountBackoff, LoginThrottle } from './login-throttle';
import { MemoryRateLimits } from '../state/memory';

describe('AccountBackoff', () => {
  it('allows `free` failures in a row, then locks 1, 2, 4, 8 and at most 15 minutes', () => {
    let now = 0;
    const b = new AccountBackoff(3, () => now);
    for (let i = 0; i < 3; i++) expect(b.take('a').ok).toBe(true);
    expect(b.take('a')).toEqual({ ok: false, retryAfterMs: 60_000 });
    const locks: number[] = [];
    for (let i = 0; i < 6; i++) {
      const refused = b.take('a');
      if (refused.ok) throw new Error('expected a lock');
      now += refused.retryAfterMs;
      expect(b.take('a').ok).toBe(true);
      const next = b.take('a');
      locks.push(next.ok ? 0 : next.retryAfterMs / 60_000);
    }
    expect(locks).toEqual([2, 4, 8, 15, 15, 15]);
  });

  it('starts over after a right password, and after an hour without attempts', () => {
    let now = 0;
    const b = new AccountBackoff(2, () => now);
    b.take('a');
    b.take('a');
    expect(b.take('a').ok).toBe(false);
    b.reset('a');
    expect(b.take('a').ok).toBe(true);
    b.take('a');
    now += 61 * 60_000;
    expect(b.take('a').ok).toBe(true);
    expect(b.take('b').ok).toBe(true);
  });
});

describe('LoginThrottle', () => {
  it('takes from both limits before the check and gives back on success', async () => {
    const t = new LoginThrottle({ failedLoginsPerIpPer15Min: 2, failedLoginsPerAccount: 100 }, new MemoryRateLimits(() => 0));
    const first = await t.begin('10.0.0.1', 'a@x.example');
    expect(first.ok).toBe(true);
    if (first.ok) first.succeeded();
    expect((await t.begin('10.0.0.1', 'a@x.example')).ok).toBe(true);
    expect((await t.begin('10.0.0.1', 'b@x.example')).ok).toBe(true);
    expect(await t.begin('10.0.0.1', 'c@x.example')).toMatchObject({ ok: false, scope: 'address' });
  });

  it('a right password awaiting its second factor gives the address its token back, not the account its count', async () => {
    const t = new LoginThrottle({ failedLoginsPerIpPer15Min: 2, failedLoginsPerAccount: 3 }, new MemoryRateLimits(() => 0));
    for (let i = 0; i < 2; i++) {
      const pass = await t.begin('10.0.0.1', 'z@x.example');
      expect(pass.ok).toBe(true);
      if (pass.ok) pass.secondFactorAwaited();
    }
    // The address has both tokens back; the account counted both: a third try locks it.
    expect((await t.begin('10.0.0.2', 'z@x.example')).ok).toBe(true);
    expect(await t.begin('10.0.0.2', 'z@x.example')).toMatchObject({ ok: false, scope: 'account' });
    expect((await t.begin('10.0.0.1', 'y@x.example')).ok).toBe(true);
    expect((await t.begin('10.0.0.1', 'w@x.example')).ok).toBe(true);
  });

  it('keys the account by the e-mail as logins read it, and a refused account costs the address nothing', async () => {
    const t = new LoginThrottle({ failedLoginsPerIpPer15Min: 3, failedLoginsPerAccount: 1 }, new MemoryRateLimits(() => 0));
    expect((await t.begin('10.0.0.1', ' Ana@Example.COM ')).ok).toBe(true);
    for (let i = 0; i < 5; i++) expect(await t.begin('10.0.0.1', 'ana@example.com')).toMatchObject({ ok: false, scope: 'account' });
    expect((await t.begin('10.0.0.1', 'other@example.com')).ok).toBe(true);
  });
});

describe('addressKey', () => {
  it('keeps IPv4, unmaps IPv4-mapped IPv6, and cuts IPv6 to its /64', () => {
    expect(addressKey('198.51.100.7')).toBe('198.51.100.7');
    expect(addressKey('::ffff:198.51.100.7')).toBe('198.51.100.7');
    expect(addressKey('::FFFF:c633:6407')).toBe('198.51.100.7');
    expect(addressKey('2001:db8:1:2::1')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:0DB8:0001:0002:ffff:1:2:3')).toBe('2001:db8:1:2::/64');
    expect(addressKey('[2001:db8:1:2::1]')).toBe('2001:db8:1:2::/64');
    expect(addressKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(addressKey('2001:db8::1.2.3.4')).toBe('2001:db8:0:0::/64');
    expect(addressKey('unknown')).toBe('unknown');
    expect(addressKey('not an address')).toBe('not an address');
  });

  it('is what every per-address limit gets, from the socket or the trusted proxy header', () => {
    expect(clientIp('2001:db8:1:2::5', undefined, false)).toBe('2001:db8:1:2::/64');
    expect(clientIp('10.0.0.1', 'spoofed, 2001:db8:1:2::5', true)).toBe('2001:db8:1:2::/64');
    expect(clientIp('10.0.0.1', '::ffff:1.2.3.4', true)).toBe('1.2.3.4');
  });
});

describe('ATENDO_RATE_FAILED_LOGINS_PER_ACCOUNT', () => {
  it('defaults to 10, is read from the environment, and a malformed value stops the start', () => {
    expect(DEFAULT_LIMITS.failedLoginsPerAccount).toBe(10);
    expect(loadConfig({}).limits.failedLoginsPerAccount).toBe(10);
    expect(loadLimits({ ATENDO_RATE_FAILED_LOGINS_PER_ACCOUNT: '25' }).failedLoginsPerAccount).toBe(25);
    expect(() => loadLimits({ ATENDO_RATE_FAILED_LOGINS_PER_ACCOUNT: '0' })).toThrow(/ATENDO_RATE_FAILED_LOGINS_PER_ACCOUNT/);
  });
});
