import { describe, expect, it } from 'vitest';
import { dayLabel, initials, localTimeIn, relativeTime, shortCode, visitorLabel } from './format';

describe('format', () => {
  it('names anonymous visitors by a short stable code', () => {
    expect(shortCode('v_abc')).toMatch(/^[0-9a-f]{4}$/);
    expect(shortCode('v_abc')).toBe(shortCode('v_abc'));
    expect(shortCode('v_abc')).not.toBe(shortCode('v_abd'));
    expect(visitorLabel({ visitorId: 'v_abc', visitorName: null })).toBe(`Visitor ${shortCode('v_abc')}`);
    expect(visitorLabel({ visitorId: 'v_abc', visitorName: '  ' })).toMatch(/^Visitor /);
    expect(visitorLabel({ visitorId: 'v_abc', visitorName: 'Maria' })).toBe('Maria');
    // Left only an e-mail (leave-a-message form): known by it.
    expect(visitorLabel({ visitorId: 'v_abc', visitorName: null, visitorEmail: 'bia@example.com' })).toBe('bia@example.com');
    expect(visitorLabel({ visitorId: 'v_abc', visitorName: 'Bia', visitorEmail: 'bia@example.com' })).toBe('Bia');
  });

  it('makes initials', () => {
    expect(initials('Maria da Silva')).toBe('MS');
    expect(initials('ana')).toBe('A');
    expect(initials('Visitor 3f2a')).toBe('V3');
  });

  it('says how long ago in the list', () => {
    const now = new Date(2025, 4, 20, 15, 0).getTime();
    expect(relativeTime(now - 10_000, now, 'en')).toBe('now');
    expect(relativeTime(now - 5 * 60_000, now, 'en')).toMatch(/5 min/);
    expect(relativeTime(now - 3 * 3_600_000, now, 'en')).toMatch(/3 hr/);
    expect(relativeTime(new Date(2025, 4, 19, 9, 0).getTime(), now, 'en')).toBe('yesterday');
    expect(relativeTime(new Date(2025, 3, 1).getTime(), now, 'en')).toMatch(/Apr/);
    expect(relativeTime(now - 10_000, now, 'ru')).toBe('сейчас');
  });

  it('labels transcript days', () => {
    const now = new Date(2025, 4, 20, 15, 0).getTime();
    expect(dayLabel(new Date(2025, 4, 20, 1, 0).getTime(), now, 'en')).toBe('Today');
    expect(dayLabel(new Date(2025, 4, 19, 23, 0).getTime(), now, 'en')).toBe('Yesterday');
    expect(dayLabel(new Date(2025, 4, 12).getTime(), now, 'en')).toMatch(/May 12/);
  });
});

describe('localTimeIn', () => {
  it("shows the visitor's clock like the message times, without a leading zero", () => {
    const at = Date.UTC(2026, 0, 1, 20, 10);
    expect(localTimeIn('UTC', at, 'en')).toMatch(/^8:10\sPM$/);
    expect(localTimeIn('America/Sao_Paulo', at, 'pt-BR')).toBe('17:10');
    expect(localTimeIn('Not/AZone', at, 'en')).toBeNull();
  });
});
