import { describe, expect, it } from 'vitest';
import { LOCALES } from '@atendo/shared';
import { locale, messages, setLocale, t, type MessageKey } from './i18n';

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
