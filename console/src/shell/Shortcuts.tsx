import { useLayoutEffect } from 'preact/hooks';
import { t } from '../i18n';
import { onShortcut, SHORTCUTS, showShortcuts } from '../state/keyboard';

/** Installs the keyboard shortcuts and shows the `?` overlay listing them. */
export function Shortcuts() {
  useLayoutEffect(() => {
    const handler = (e: KeyboardEvent) => {
      if (onShortcut(e)) e.preventDefault();
    };
    document.addEventListener('keydown', handler);
    return () => document.removeEventListener('keydown', handler);
  }, []);
  if (!showShortcuts.value) return null;
  return (
    <div class="overlay" onClick={() => (showShortcuts.value = false)}>
      <div class="dialog" role="dialog" aria-modal="true" aria-labelledby="keys-title" onClick={(e) => e.stopPropagation()}>
        <h2 id="keys-title">{t('keys.title')}</h2>
        <dl class="keys">
          {SHORTCUTS.map((s) => (
            <div key={s.label} class="key-row">
              <dt>
                {s.keys.map((k) => (
                  <kbd key={k}>{k}</kbd>
                ))}
              </dt>
              <dd>{t(s.label)}</dd>
            </div>
          ))}
        </dl>
        <button type="button" class="btn" onClick={() => (showShortcuts.value = false)} autoFocus>
          {t('common.close')}
        </button>
      </div>
    </div>
  );
}
