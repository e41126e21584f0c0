/** Turning failures into text an agent can act on, in the agent's language. */
import type { ErrorCode } from '@atendo/shared';
import { ApiError } from './api';
import { locale, t, type MessageKey } from './i18n';

/** Errors whose meaning the code alone carries: said in the agent's language. */
const BY_CODE: Partial<Record<ErrorCode, MessageKey>> = {
  unauthorized: 'error.sessionEnded',
  forbidden: 'error.forbidden',
  not_found: 'error.notFound',
  conflict: 'error.conflict',
  payload_too_large: 'error.tooLarge',
  unsupported_media_type: 'error.unsupportedType',
  rate_limited: 'error.rateLimited',
  internal: 'error.unexpected',
};

/**
 * The server explains refusals in English (`field: what is wrong`). English-speaking agents get
 * those exact words; others get a translated sentence naming the field, never English mid-page.
 */
export function errorText(err: unknown): string {
  if (!(err instanceof ApiError)) return t('error.unexpected');
  if (err.code === 'network') return t('error.network');
  return codeText(err.code, err.message);
}

/** The same for an error the socket reported (an `error` frame): its code and the server's English message. */
export function codeText(code: ErrorCode | string, message: string): string {
  if (locale.value === 'en') return message || t('error.unexpected');
  const key = BY_CODE[code as ErrorCode];
  if (key) return t(key);
  if (code === 'bad_request' || code === 'invalid_json') {
    const field = /^([\w.]+): /.exec(message)?.[1];
    return field ? t('error.invalidField', { field }) : t('error.invalid');
  }
  return t('error.unexpected');
}
