/**
 * Every string the console shows, in each supported locale, and the current locale as a signal.
 * The strings live in one file per screen or area beside this one, each built with `strings()`
 * (define.ts); this file merges them into one table per locale.
 */
import { computed, effect, signal } from '@preact/signals';
import { LOCALES, pickLocale, translator, type Locale, type Table } from '@atendo/shared';
import { common } from './common';
import { shell } from './shell';
import { inbox } from './inbox';
import { conversation } from './conversation';
import { visitor } from './visitor';
import { visitors } from './visitors';
import { reports } from './reports';
import { settings } from './settings';
import { settingsAppearance } from './settings-appearance';
import { settingsPrechat } from './settings-prechat';
import { settingsSurvey } from './settings-survey';
import { settingsProactive } from './settings-proactive';
import { settingsArticles } from './settings-articles';
import { settingsCanned } from './settings-canned';
import { settingsAgents } from './settings-agents';
import { settingsSecurity } from './settings-security';
import { settingsPageParams } from './settings-page-params';
import { settingsAccount } from './settings-account';
import { settingsNotifications } from './settings-notifications';
import { settingsSites } from './settings-sites';
import { settingsIntegrations } from './settings-integrations';
import { settingsWebhooks } from './settings-webhooks';
import { access } from './access';
import { bot } from './bot';

/** Each area file's table, by file name (the tests check that no key is in two of them). */
export const AREAS = {
  common,
  shell,
  inbox,
  conversation,
  visitor,
  visitors,
  reports,
  settings,
  'settings-appearance': settingsAppearance,
  'settings-prechat': settingsPrechat,
  'settings-survey': settingsSurvey,
  'settings-proactive': settingsProactive,
  'settings-articles': settingsArticles,
  'settings-canned': settingsCanned,
  'settings-agents': settingsAgents,
  'settings-security': settingsSecurity,
  'settings-page-params': settingsPageParams,
  'settings-account': settingsAccount,
  'settings-notifications': settingsNotifications,
  'settings-sites': settingsSites,
  'settings-integrations': settingsIntegrations,
  'settings-webhooks': settingsWebhooks,
  access,
  bot,
};

type Area = keyof typeof AREAS;
type KeysOf<A extends Area> = keyof (typeof AREAS)[A]['en'] & string;
/** Keys that some area shares with another one: `never` unless two files define the same key. */
type KeysInTwoAreas = { [A in Area]: { [B in Exclude<Area, A>]: KeysOf<A> & KeysOf<B> }[Exclude<Area, A>] }[Area];
/**
 * The merge below would silently keep one of two definitions of a key, so a key in two area files
 * is a compile error here ("Type '"the.key"' does not satisfy the constraint 'never'").
 */
type Unique<K extends never> = K;

export type MessageKey = { [A in Area]: KeysOf<A> }[Area] | Unique<KeysInTwoAreas>;

/** One locale's strings from every area; each area already has every key in every locale. */
function merged(l: Locale): Record<MessageKey, string> {
  return Object.assign({}, ...Object.values(AREAS).map((area) => area[l]));
}

/** The full table, exported for the completeness test. */
export const messages: Table<MessageKey> = { en: merged('en'), 'pt-BR': merged('pt-BR'), ru: merged('ru') };

/** Each language named in itself, for the switcher. */
export const LOCALE_NAMES: Record<Locale, string> = { en: 'English', 'pt-BR': 'Português (Brasil)', ru: 'Русский' };

const STORAGE_KEY = 'atendo:console:locale';

function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

function initialLocale(): Locale {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (isLocale(saved)) return saved;
  } catch {
    // Storage can be blocked (privacy mode); the browser language is a fine default then.
  }
  return typeof navigator === 'undefined' ? 'en' : pickLocale(navigator.languages ?? [navigator.language]);
}

/** The console's current locale; components re-render when it changes. */
export const locale = signal<Locale>(initialLocale());

/** Switch language and remember the choice for the next visit. */
export function setLocale(next: Locale): void {
  locale.value = next;
  try {
    localStorage.setItem(STORAGE_KEY, next);
  } catch {
    // Not remembered, but still applied for this session.
  }
}

const translate = computed(() => translator(messages, locale.value));

/** Translate a key in the current locale, filling `{name}` placeholders. */
export function t(key: MessageKey, vars?: Record<string, string | number>): string {
  return translate.value(key, vars);
}

if (typeof document !== 'undefined') {
  effect(() => {
    document.documentElement.lang = locale.value;
  });
}
