/**
 * The loader's bubble, once the app is here: the app owns its state (see `../contract.ts`).
 * Plain DOM writes, so the loader stays free of labels and logic.
 */
import type { T } from './i18n';

export interface LauncherState {
  open: boolean;
  unread: number;
  /** Text beside the bubble ('' = icon only); hidden while the panel is open. */
  label: string;
  position: 'left' | 'right';
}

/** What the app adds to the loader's bubble (which draws the chat icon alone, to stay small). */
const PARTS =
  '<svg class="i-close" viewBox="0 0 24 24" aria-hidden="true"><path d="M6.4 8.6 12 14.2l5.6-5.6L19 10l-7 7-7-7z"/></svg><span class="label"></span><span class="badge" aria-hidden="true"></span>';

/** Reflect open/closed, unread count, label and corner on the launcher button. */
export function reflectLauncher(button: HTMLButtonElement, state: LauncherState, t: T): void {
  if (!button.querySelector('.i-close')) button.insertAdjacentHTML('beforeend', PARTS);
  // From now on the app's styles decide: the loader's look-until-the-app-comes rules stop applying.
  button.setAttribute('data-app', '');
  button.setAttribute('aria-expanded', String(state.open));
  button.setAttribute('aria-label', state.open ? t('close') : state.unread ? t('openUnread', { n: state.unread }) : t('open'));
  button.classList.toggle('left', state.position === 'left');
  button.classList.toggle('labelled', !state.open && Boolean(state.label));
  const badge = button.querySelector('.badge');
  if (badge) badge.textContent = state.unread && !state.open ? (state.unread > 99 ? '99+' : String(state.unread)) : '';
  const label = button.querySelector('.label');
  if (label) label.textContent = state.open ? '' : state.label;
}
