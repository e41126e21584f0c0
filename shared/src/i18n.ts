/** Locales every visitor- and agent-facing string is translated into. */
export const LOCALES = ['en', 'pt-BR', 'ru'] as const;
export type Locale = (typeof LOCALES)[number];

/**
 * Pick the best supported locale from a list of preferences (e.g. `navigator.languages`):
 * exact match first, then the language alone (`pt-PT` → `pt-BR`, `ru-RU` → `ru`), then English.
 */
export function pickLocale(preferred: readonly (string | undefined | null)[]): Locale {
  for (const p of preferred) {
    if (!p) continue;
    const exact = LOCALES.find((l) => l.toLowerCase() === p.toLowerCase());
    if (exact) return exact;
    const lang = p.toLowerCase().split('-')[0];
    const byLang = LOCALES.find((l) => l.toLowerCase().split('-')[0] === lang);
    if (byLang) return byLang;
  }
  return 'en';
}

export type Table<K extends string> = Record<Locale, Record<K, string>>;

/**
 * A translate function over a table. `{name}` placeholders are filled from `vars`; a key missing
 * in a locale falls back to English (the type system makes that a compile error anyway).
 */
export function translator<K extends string>(table: Table<K>, locale: Locale) {
  const strings = table[locale] ?? table.en;
  return (key: K, vars?: Record<string, string | number>): string => {
    const s = strings[key] ?? table.en[key] ?? key;
    return vars ? s.replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? `{${k}}`)) : s;
  };
}
