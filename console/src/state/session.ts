/** Who is signed in, and starting or stopping everything that needs a session. */
import { signal } from '@preact/signals';
import { CloseCode, type Agent } from '@atendo/shared';
import { api, ApiError, setUnauthorizedHandler } from '../api';
import { errorText } from '../errors';
import { t } from '../i18n';
import { markRead, openId, resetChat, resumePoints } from './chat';
import { startClock, stopClock } from './clock';
import { resetConversations } from './conversations';
import { handleFrame } from './frames';
import { loadInbox, resetCounts } from './inbox';
import { reconnectNow, startLive, stopLive } from './live';
import { notify, resetNotices } from './notices';
import { loadSites, resetSites } from './sites';
import { resetArticles } from './articles';
import { loadCanned } from './canned';
import { myId } from './conversations';
import { resetNotes } from './notes';
import { resetTyping } from './typing';
import { loadTeam, resetTeam } from './team';
import { resetVisitors } from './visitors';
import { resetThreads } from './threads';

export type Session =
  | { status: 'loading' }
  | { status: 'unreachable'; error: string }
  | { status: 'anonymous'; notice: string | null }
  /** Signed in, but the team requires two-factor sign-in and it is not set up yet: only that setup is shown. */
  | { status: 'setup'; agent: Agent }
  | { status: 'authenticated'; agent: Agent };

export const session = signal<Session>({ status: 'loading' });

function onVisible(): void {
  if (document.visibilityState === 'visible' && openId.value) markRead(openId.value);
}

/** Start the live parts of the app for a signed-in agent. */
function startApp(agent: Agent): void {
  session.value = { status: 'authenticated', agent };
  myId.value = agent.id;
  void loadTeam();
  void loadCanned();
  void loadSites();
  startClock();
  startLive({
    onFrame: handleFrame,
    resume: resumePoints,
    onFatal: (code) => {
      if (code === CloseCode.Unauthorized) expireSession();
      else notify(t('error.unexpected'));
    },
    // A socket that keeps failing may mean the session ended elsewhere; the probe's 401 says so.
    onRetry: (attempt) => {
      if (attempt < 2) return;
      api.me().catch((err: unknown) => {
        if (err instanceof ApiError && err.status === 401) expireSession();
      });
    },
  });
  void loadInbox('open');
  document.addEventListener('visibilitychange', onVisible);
  window.addEventListener('online', reconnectNow);
}

function stopApp(): void {
  document.removeEventListener('visibilitychange', onVisible);
  window.removeEventListener('online', reconnectNow);
  stopLive();
  stopClock();
  resetChat();
  resetThreads();
  resetConversations();
  resetSites();
  resetArticles();
  resetNotices();
  resetTeam();
  resetCounts();
  resetTyping();
  resetNotes();
  resetVisitors();
}

/** On page load: ask the server whether the session cookie is still good. */
export async function boot(): Promise<void> {
  session.value = { status: 'loading' };
  try {
    const res = await api.me();
    signedIn(res.agent, res.twoFactorSetupRequired);
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) session.value = { status: 'anonymous', notice: null };
    else session.value = { status: 'unreachable', error: errorText(err) };
  }
}

/** Why a sign-in step failed, in the agent's language. */
function signInError(err: unknown): string {
  // Said in the agent's language, not the server's English.
  if (err instanceof ApiError && err.code === 'invalid_credentials') return t('login.wrong');
  if (err instanceof ApiError && err.code === 'rate_limited') return t('login.tooMany');
  if (err instanceof ApiError && err.code === 'account_deactivated') return t('login.deactivated');
  if (err instanceof ApiError && err.code === 'invalid_code') return t('access.wrongCode');

  if (err instanceof ApiError && err.code === 'link_expired') return t('access.ticketExpired');
  return errorText(err);
}

/** Signed in: the app starts, or the setup the team requires is shown. */
function signedIn(agent: Agent, setupRequired: boolean | undefined): void {
  if (setupRequired) session.value = { status: 'setup', agent };
  else startApp(agent);
}

export type SignInResult = { error: string } | { twoFactor: string } | null;

/** Sign in; resolves to an error message to show, a ticket for the second step, or null on success. */
export async function signIn(email: string, password: string): Promise<SignInResult> {
  try {
    const res = await api.login(email.trim(), password);
    if ('twoFactor' in res) return { twoFactor: res.twoFactor.ticket };
    signedIn(res.agent, res.twoFactorSetupRequired);
    return null;
  } catch (err) {
    return { error: signInError(err) };
  }
}

/** The second step with an authenticator or recovery code; resolves to an error message, or null on success. */
export async function signInWithCode(ticket: string, code: string): Promise<{ error: string; expired: boolean } | null> {
  try {
    const res = await api.loginTwoFactor(ticket, code);
    if ('agent' in res) signedIn(res.agent, res.twoFactorSetupRequired);
    return null;
  } catch (err) {
    return { error: signInError(err), expired: err instanceof ApiError && err.code === 'link_expired' };
  }
}

export async function signOut(): Promise<void> {
  try {
    await api.logout();
  } catch {
    // Signed out locally either way; the cookie expires on its own.
  }
  if (session.value.status === 'authenticated') stopApp();
  session.value = { status: 'anonymous', notice: null };
}

/**
 * "Log out everywhere": every session of this agent ends, this one too. Resolves to an
 * error message to show, or null once the login form says it was done.
 */
export async function signOutEverywhere(): Promise<string | null> {
  try {
    await api.logoutEverywhere();
  } catch (err) {
    return errorText(err);
  }
  // The server may have closed our socket (4401) before this answer arrived: stop once either way.
  if (session.value.status === 'authenticated') stopApp();
  session.value = { status: 'anonymous', notice: t('account.everywhereDone') };
  return null;
}

/** Back to the login page with a notice (a password chosen with a link ended every session). */
export function signOutLocally(notice: string): void {
  if (session.value.status === 'authenticated') stopApp();
  session.value = { status: 'anonymous', notice };
}

/** The server says the session is gone (expired, or signed out in another tab). */
export function expireSession(): void {
  if (session.value.status !== 'authenticated') return;
  stopApp();
  session.value = { status: 'anonymous', notice: t('error.sessionEnded') };
}

setUnauthorizedHandler(expireSession);
