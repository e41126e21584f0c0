import { LOCALES, type Locale } from '@atendo/shared';
import { LOCALE_NAMES, locale, setLocale, t } from '../i18n';

export function LanguageSelect() {
  return (
    <div class="lang-select">
      <svg viewBox="0 0 20 20" width="16" height="16" aria-hidden="true" focusable="false">
        <path
          fill="currentColor"
          d="M10 2a8 8 0 1 0 0 16 8 8 0 0 0 0-16Zm5.9 7h-2.9a12.6 12.6 0 0 0-1-4.6A6 6 0 0 1 15.9 9ZM10 4.1c.7.9 1.6 2.6 1.9 4.9H8.1c.3-2.3 1.2-4 1.9-4.9ZM8 4.4A12.6 12.6 0 0 0 7 9H4.1A6 6 0 0 1 8 4.4ZM4.1 11H7c.1 1.8.5 3.4 1 4.6A6 6 0 0 1 4.1 11Zm5.9 4.9c-.7-.9-1.6-2.6-1.9-4.9h3.8c-.3 2.3-1.2 4-1.9 4.9Zm2-.3c.5-1.2.9-2.8 1-4.6h2.9a6 6 0 0 1-3.9 4.6Z"
        />
      </svg>
      <select aria-label={t('topbar.language')} value={locale.value} onChange={(e) => setLocale(e.currentTarget.value as Locale)}>
        {LOCALES.map((l) => (
          <option key={l} value={l} lang={l}>
            {LOCALE_NAMES[l]}
          </option>
        ))}
      </select>
    </div>
  );
}
