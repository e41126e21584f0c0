/** Turning failures into text an agent can act on. */
import { ApiError } from './api';
import { t } from './i18n';

/** The server's own message for API errors, a translated hint for network failures. */
export function errorText(err: unknown): string {
  if (err instanceof ApiError) return err.code === 'network' ? t('error.network') : err.message;
  return t('error.unexpected');
}
