/**
 * The browser checks `required`, `type="email"`, `maxlength`… before a form is sent, and says what is
 * wrong in a bubble in the browser's language, which may not be the one the agent chose. This puts
 * the console's own words (in the agent's language) in every such bubble, for every form at once.
 */
import { t } from './i18n';

type Field = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;

export function validityText(el: Field): string {
  const v = el.validity;
  if (v.valueMissing)
    return el instanceof HTMLSelectElement || (el as HTMLInputElement).type === 'radio' || (el as HTMLInputElement).type === 'checkbox'
      ? t('form.choose')
      : t('form.required');
  if (v.typeMismatch) return (el as HTMLInputElement).type === 'url' ? t('form.url') : t('form.email');
  if (v.tooLong) return t('form.tooLong', { max: String((el as HTMLInputElement).maxLength) });
  if (v.tooShort) return t('form.tooShort', { min: String((el as HTMLInputElement).minLength) });
  if (v.rangeUnderflow || v.rangeOverflow) return t('form.range', { min: (el as HTMLInputElement).min, max: (el as HTMLInputElement).max });
  return t('form.invalid');
}

/** Install once: on `invalid`, say it our way; on the next edit, let the browser check again. */
export function translateValidity(root: Document = document): void {
  root.addEventListener(
    'invalid',
    (e) => {
      const el = e.target as Field;
      if (!('setCustomValidity' in el)) return;
      // Our own message stands only for what the browser found: clear it before asking.
      el.setCustomValidity('');
      if (!el.validity.valid) el.setCustomValidity(validityText(el));
    },
    true,
  );
  const clear = (e: Event) => {
    const el = e.target as Field;
    if (el && 'setCustomValidity' in el && el.validity.customError) el.setCustomValidity('');
  };
  root.addEventListener('input', clear, true);
  root.addEventListener('change', clear, true);
}
