import { describe, expect, it } from 'vitest';
import {
  dayLabel,
  fileSize,
  formatDuration,
  initials,
  languageName,
  localTimeIn,
  pagePath,
  percent,
  relativeTime,
  shortCode,
  timeAmount,
  visitorLabel,
} from './format';

/** ICU versions differ in the space before a unit (plain, no-break, narrow no-break). */
const sp = (s: string) => s.replace(/\s/g, ' ');

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

describe('durations, shares and sizes through Intl', () => {
  it("says a duration in the agent's language, never with English units in pt-BR or ru", () => {
    expect(sp(formatDuration(45_000, 'en'))).toBe('45 sec');
    expect(sp(formatDuration(3 * 60_000, 'en'))).toBe('3 min');
    expect(sp(formatDuration(125 * 60_000, 'en'))).toBe('2 hr 5 min');
    expect(sp(formatDuration(2 * 3600_000, 'en'))).toBe('2 hr');
    expect(sp(formatDuration(52 * 3600_000, 'en'))).toBe('2 days 4 hr');
    expect(sp(formatDuration(125 * 60_000, 'pt-BR'))).toBe('2 h 5 min');
    expect(sp(formatDuration(52 * 3600_000, 'pt-BR'))).toBe('2 dias 4 h');
    expect(sp(formatDuration(45_000, 'ru'))).toBe('45 с');
    expect(sp(formatDuration(125 * 60_000, 'ru'))).toBe('2 ч 5 мин');
    expect(sp(timeAmount(30, 'day', 'ru', 'long'))).toBe('30 дней');
    expect(sp(timeAmount(10, 'second', 'pt-BR'))).toBe('10 s');
  });

  it('writes percentages, file sizes and language names the local way', () => {
    expect(percent(75, 'en')).toBe('75%');
    expect(sp(percent(75, 'ru'))).toBe('75 %');
    expect(sp(fileSize(20 * 1024, 'en'))).toBe('20 kB');
    expect(sp(fileSize(1.5 * 1024 * 1024, 'ru'))).toBe('1,5 МБ');
    expect(sp(fileSize(800, 'pt-BR'))).toBe('800 B');
    expect(languageName('en', 'pt-BR')).toBe('Inglês');
    expect(languageName('pt-BR', 'ru')).toBe('Португальский (Бразилия)');
    expect(languageName('not a tag!', 'ru')).toBe('not a tag!');
  });
});

describe('pagePath', () => {
  it('shows where on the site, without the origin', () => {
    expect(pagePath('https://shop.example/')).toBe('/');
    expect(pagePath('https://shop.example/plans?utm_source=mail')).toBe('/plans?utm_source=mail');
    // Hash-routed sites: the route is the page.
    expect(pagePath('https://shop.example/#/checkout')).toBe('/#/checkout');
    expect(pagePath('https://shop.example:8443/a/b?x=1#/c')).toBe('/a/b?x=1#/c');
    expect(pagePath('https://loja.example/produtos/caf%C3%A9')).toBe('/produtos/café');
    expect(pagePath('https://shop.example/%E0%A4%A')).toBe('/%E0%A4%A');
    expect(pagePath('not a url')).toBe('not a url');
  });
});
