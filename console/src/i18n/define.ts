/**
 * The one way an area file declares its strings. English is the reference: its keys are the area's
 * keys, and every other locale must give exactly those keys, so a string left untranslated (or a key
 * only one language has, such as a typo) is a compile error in the file where it happens.
 */
import type { Locale, Table } from '@atendo/shared';

/** Every locale but English, each translating exactly the English keys. */
type Translations<K extends string> = { [L in Exclude<Locale, 'en'>]: Record<K, string> };

/**
 * One area's strings in every locale. `NoInfer` keeps the keys coming from `en` alone: a key that
 * only pt-BR or ru has is an excess property, one they lack is a missing property.
 */
export function strings<E extends Record<string, string>>(table: { en: E } & Translations<keyof NoInfer<E> & string>): Table<keyof E & string> {
  return table;
}
