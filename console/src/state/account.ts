/** The signed-in agent's own password. */
import { PASSWORD_MIN_LENGTH } from '@atendo/shared';
import { api, ApiError } from '../api';
import { errorText } from '../errors';
import { t } from '../i18n';
import { renewLive } from './live';
import { expireSession } from './session';

/**
 * Change the password; resolves to an error message to show, or null when it changed (the server
 * has then ended every session of the agent and given this browser a new one). Checked here first, so a typo gets a
 * sentence in the agent's language before any request.
 */
export async function changePassword(current: string, next: string, repeat: string): Promise<string | null> {
  if (next.length < PASSWORD_MIN_LENGTH || next.trim().length < PASSWORD_MIN_LENGTH) return t('account.tooShort', { min: PASSWORD_MIN_LENGTH });
  if (next !== repeat) return t('account.mismatch');
  if (next === current) return t('account.sameAsCurrent');
  try {
    await api.changePassword(current, next);
    // The answer carried a new session cookie and the old session is gone: its socket too.
    renewLive();
    return null;
  } catch (err) {
    if (err instanceof ApiError && err.code === 'invalid_credentials') return t('account.wrongCurrent');
    if (err instanceof ApiError && err.code === 'rate_limited') return t('login.tooMany');
    if (err instanceof ApiError && err.code === 'unauthorized') {
      expireSession();
      return t('error.sessionEnded');
    }
    return errorText(err);
  }
}
