import { describe, expect, it } from 'vitest';
import { LOCALES } from '@atendo/shared';
import { strings } from './define';
import { AREAS, locale, messages, setLocale, t, type MessageKey } from './index';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('i18n', () => {
  it('translates every key in every locale, with the same placeholders', () => {
    const keys = Object.keys(messages.en) as MessageKey[];
    for (const l of LOCALES) {
      expect(Object.keys(messages[l]).sort()).toEqual([...keys].sort());
      for (const k of keys) {
        expect(messages[l][k].trim(), `${l} ${k}`).not.toBe('');
        expect(placeholders(messages[l][k]), `${l} ${k}`).toEqual(placeholders(messages.en[k]));
      }
    }
  });

  it('has each key in one area file only, and every area file in the merged table', () => {
    const owner = new Map<string, string>();
    const twice: string[] = [];
    for (const [area, table] of Object.entries(AREAS)) {
      for (const l of LOCALES) expect(Object.keys(table[l]).sort(), `${area} ${l}`).toEqual(Object.keys(table.en).sort());
      for (const key of Object.keys(table.en)) {
        const first = owner.get(key);
        if (first) twice.push(`${key}: ${first} and ${area}`);
        else owner.set(key, area);
      }
    }
    expect(twice).toEqual([]);
    expect([...owner.keys()].sort()).toEqual(Object.keys(messages.en).sort());
  });

  it('makes an area with a key missing or extra in a language a compile error', () => {
    // These lines are checked by `tsc` (the console's typecheck): remove a `@ts-expect-error` and it fails to compile.
    const complete = strings({ en: { 'a.one': 'One', 'a.two': 'Two' }, 'pt-BR': { 'a.one': 'Um', 'a.two': 'Dois' }, ru: { 'a.one': 'Один', 'a.two': 'Два' } });
    // @ts-expect-error pt-BR lacks 'a.two'
    strings({ en: { 'a.one': 'One', 'a.two': 'Two' }, 'pt-BR': { 'a.one': 'Um' }, ru: { 'a.one': 'Один', 'a.two': 'Два' } });
    // @ts-expect-error ru lacks 'a.two'
    strings({ en: { 'a.one': 'One', 'a.two': 'Two' }, 'pt-BR': { 'a.one': 'Um', 'a.two': 'Dois' }, ru: { 'a.one': 'Один' } });
    // @ts-expect-error 'a.three' is not an English key
    strings({ en: { 'a.one': 'One' }, 'pt-BR': { 'a.one': 'Um', 'a.three': 'Três' }, ru: { 'a.one': 'Один' } });
    // @ts-expect-error no ru table at all
    strings({ en: { 'a.one': 'One' }, 'pt-BR': { 'a.one': 'Um' } });
    expect(complete.ru['a.two']).toBe('Два');
  });

  it('switches language, fills placeholders and remembers the choice', () => {
    expect(t('transcript.label', { name: 'Maria' })).toBe('Messages with Maria');
    setLocale('pt-BR');
    expect(t('composer.send')).toBe('Enviar');
    expect(localStorage.getItem('atendo:console:locale')).toBe('pt-BR');
    expect(document.documentElement.lang).toBe('pt-BR');
    setLocale('ru');
    expect(t('inbox.unread', { count: 3 })).toBe('Непрочитанных: 3');
    expect(locale.value).toBe('ru');
  });
});
