import { describe, expect, it } from 'vitest';
import { linkify, pickLocale, preview, translator, wellFormed } from './index';

describe('linkify', () => {
  it('links http, https, mailto and www, and trims sentence punctuation', () => {
    expect(linkify('see https://a.example/x, or mailto:me@a.example.')).toEqual([
      { kind: 'text', text: 'see ' },
      { kind: 'link', text: 'https://a.example/x', href: 'https://a.example/x' },
      { kind: 'text', text: ', or ' },
      { kind: 'link', text: 'mailto:me@a.example', href: 'mailto:me@a.example' },
      { kind: 'text', text: '.' },
    ]);
    expect(linkify('www.shop.example')).toEqual([{ kind: 'link', text: 'www.shop.example', href: 'https://www.shop.example' }]);
  });

  it('never links javascript: or data: URLs', () => {
    for (const s of ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'data:text/html,<b>x</b>']) {
      expect(linkify(s)).toEqual([{ kind: 'text', text: s }]);
    }
  });
});

describe('text helpers', () => {
  it('previews on one line, shortened', () => {
    expect(preview('a\n\n b')).toBe('a b');
    expect(preview('x'.repeat(100), 10)).toBe(`${'x'.repeat(9)}…`);
  });

  it('picks a supported locale', () => {
    expect(pickLocale(['pt-PT', 'en'])).toBe('pt-BR');
    expect(pickLocale(['ru-RU'])).toBe('ru');
    expect(pickLocale(['de-DE'])).toBe('en');
    expect(pickLocale([undefined, 'EN-us'])).toBe('en');
  });

  it('translates with placeholders and falls back to English', () => {
    const table = { en: { hi: 'Hi {name}' }, 'pt-BR': { hi: 'Olá {name}' }, ru: { hi: 'Привет, {name}' } };
    expect(translator(table, 'ru')('hi', { name: 'Ana' })).toBe('Привет, Ana');
    expect(translator(table, 'pt-BR')('hi', { name: 'Ana' })).toBe('Olá Ana');
  });
});

describe('safeHref', () => {
  it('keeps http, https and mailto and drops every other scheme', async () => {
    const { safeHref } = await import('./text');
    expect(safeHref('https://shop.example/p?q=1')).toBe('https://shop.example/p?q=1');
    expect(safeHref('mailto:ana@example.com')).toBe('mailto:ana@example.com');
    for (const bad of ['javascript:alert(1)', ' JavaScript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'vbscript:x', '//evil.example', '']) {
      expect(safeHref(bad), bad).toBeUndefined();
    }
  });
});

describe('wellFormed', () => {
  it('replaces lone surrogates with U+FFFD and keeps pairs and plain text', () => {
    expect(wellFormed('a\uDFFFb\uD800')).toBe('a\uFFFDb\uFFFD');
    expect(wellFormed('emoji 😀 ok')).toBe('emoji 😀 ok');
    expect(wellFormed('\uDE00\uD83D')).toBe('\uFFFD\uFFFD');
  });
});
