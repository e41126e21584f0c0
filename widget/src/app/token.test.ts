import { afterEach, describe, expect, it } from 'vitest';
import { tokenKey, tokenStore } from './token';

afterEach(() => localStorage.clear());

describe('tokenStore', () => {
  it('keeps one token per site: two sites’ widgets in one browser never share a visitor', () => {
    const a = tokenStore('siteA');
    const b = tokenStore('siteB');
    a.set('tok_aaaaaaaaaaaa');
    expect(b.get()).toBeNull();
    b.set('tok_bbbbbbbbbbbb');
    expect(tokenStore('siteA').get()).toBe('tok_aaaaaaaaaaaa');
    expect(tokenStore('siteB').get()).toBe('tok_bbbbbbbbbbbb');
    expect(localStorage.getItem(tokenKey('siteA'))).toBe('tok_aaaaaaaaaaaa');
    b.clear();
    expect(tokenStore('siteA').get()).toBe('tok_aaaaaaaaaaaa');
  });

  it('works in memory when storage throws, and ignores values that cannot be tokens', () => {
    const blocked = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('SecurityError');
      },
      removeItem: () => {
        throw new Error('SecurityError');
      },
    } as unknown as Storage;
    const s = tokenStore('siteA', blocked);
    s.set('tok_cccccccccccc');
    expect(s.get()).toBe('tok_cccccccccccc');
    localStorage.setItem(tokenKey('siteZ'), 'short');
    expect(tokenStore('siteZ').get()).toBeNull();
  });
});
