import { Hono, type Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import {
  ChangePasswordSchema,
  DisableTwoFactorSchema,
  EnableTwoFactorSchema,
  ForgotPasswordSchema,
  LoginSchema,
  RegenerateCodesSchema,
  SetPasswordSchema,
  TeamSecuritySchema,
  TwoFactorLoginSchema,
  type AccountLinkResponse,
  type AgentResponse,
  type LoginResponse,
  type RecoveryCodesResponse,
  type TeamSecurity,
  type TwoFactorSetupResponse,
  type TwoFactorStatus,
} from '@atendo/shared';
import * as v from 'valibot';
import type { AppDeps, AppEnv } from '../context';
import { SESSION_COOKIE } from '../context';
import { AppError } from '../../domain/errors';
import { LoginThrottle, type LoginPass } from '../../security/login-throttle';
import { requestIp } from '../ip';
import { requireAdmin, requireAgent } from '../session';
import { route } from '../spec';

const TokenParamSchema = v.strictObject({ token: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{20,100}$/, 'This link is not valid')) });

const tag = 'Account';
const login = route({
  summary: 'Sign in with e-mail and password',
  description: 'Sets the session cookie, or asks for the second factor (`twoFactor.ticket`). Failed attempts are limited per address and per account.',
  tag,
  auth: 'public',
  body: LoginSchema,
  responses: { 200: '`{ agent }` or `{ twoFactor: { ticket } }`', 401: 'Wrong e-mail or password', 429: 'Too many failed logins' },
});
const loginTwoFactor = route({
  summary: 'Complete a sign-in with an authenticator or recovery code',
  tag,
  auth: 'public',
  body: TwoFactorLoginSchema,
  responses: { 200: '`{ agent }`', 401: 'Wrong code', 429: 'Too many failed attempts' },
});
const forgot = route({
  summary: 'Ask for a password link by e-mail',
  tag,
  auth: 'public',
  body: ForgotPasswordSchema,
  responses: { 202: 'Sent if the address is an agent’s', 429: 'Too many requests' },
});
const describeLink = route({
  summary: 'What an invitation or password link is for',
  tag,
  auth: 'public',
  params: TokenParamSchema,
  responses: { 200: 'Whose link it is and what it is for', 410: 'Used or expired' },
});
const useLink = route({
  summary: 'Choose a password with an invitation or password link',
  tag,
  auth: 'public',
  params: TokenParamSchema,
  body: SetPasswordSchema,
  responses: { 204: 'Set', 410: 'Used or expired' },
});
const logout = route({ summary: 'Sign out (this browser)', tag, auth: 'public', responses: { 204: 'Signed out' } });
const me = route({ summary: 'Who is signed in', tag, auth: 'session', responses: { 200: '`{ agent, twoFactorSetupRequired? }`' } });
const changePassword = route({
  summary: 'Change your password (signs out your other sessions)',
  tag,
  auth: 'session',
  body: ChangePasswordSchema,
  responses: { 204: 'Changed', 401: 'Wrong current password' },
});
const everywhere = route({ summary: 'Sign out everywhere', tag, auth: 'session', responses: { 204: 'Every session ended' } });
const twoFactor = route({
  summary: 'Your two-factor sign-in state',
  tag,
  auth: 'session',
  responses: { 200: 'Whether it is on, and how many recovery codes are left' },
});
const twoFactorSetup = route({
  summary: 'Start setting up an authenticator app',
  tag,
  auth: 'session',
  responses: { 200: 'The secret and QR code to scan, and the setup token to enable with' },
});
const twoFactorEnable = route({
  summary: 'Turn two-factor sign-in on with a first code',
  tag,
  auth: 'session',
  body: EnableTwoFactorSchema,
  responses: { 200: '`{ recoveryCodes }`', 401: 'Wrong code' },
});
const twoFactorDisable = route({
  summary: 'Turn two-factor sign-in off',
  tag,
  auth: 'session',
  body: DisableTwoFactorSchema,
  responses: { 204: 'Off', 401: 'Wrong password or code' },
});
const recoveryCodes = route({
  summary: 'New recovery codes (the old ones stop working)',
  tag,
  auth: 'session',
  body: RegenerateCodesSchema,
  responses: { 200: '`{ recoveryCodes }`', 401: 'Wrong code' },
});
const teamSecurity = route({ summary: 'The team’s sign-in rule', tag, auth: 'admin', responses: { 200: '`{ twoFactorRequired }`' } });
const setTeamSecurity = route({
  summary: 'Require two-factor sign-in for the whole team, or not',
  tag,
  auth: 'admin',
  body: TeamSecuritySchema,
  responses: { 200: '`{ twoFactorRequired }`' },
});

/** "Forgot password?" asks per client address and per e-mail address (a mailbox is not flooded). */
const FORGOT_PER_ADDRESS = { limit: 10, windowMs: 15 * 60_000 };
const FORGOT_PER_EMAIL = { limit: 3, windowMs: 60 * 60_000 };

/**
 * Login (password, then the second factor when it is on), logout and "who am I" for agents; their
 * own password, "log out everywhere", invitation and password links, two-factor setup, and the
 * team's rule that makes two-factor sign-in mandatory.
 */
export function authRoutes({ services, config }: AppDeps) {
  const secure = config.publicUrl.startsWith('https://');
  // Password guessing stops after a few tries per address and per account (security/login-throttle.ts).
  const throttle = new LoginThrottle(config.limits, services.rateLimits);

  /** Take the attempt before any hash runs; a refusal is a 429 with Retry-After. */
  async function attempt(c: Context, email: string): Promise<LoginPass> {
    const verdict = await throttle.begin(requestIp(c, config.limits.trustProxy), email);
    if (verdict.ok) return verdict;
    const seconds = Math.ceil(verdict.retryAfterMs / 1000);
    c.header('Retry-After', String(seconds));
    const minutes = Math.ceil(verdict.retryAfterMs / 60_000);
    throw new AppError(
      'rate_limited',
      verdict.scope === 'address'
        ? `Too many failed logins from your address; try again in ${minutes} min`
        : `Too many failed logins for this account; try again in ${minutes} min`,
    );
  }

  const forgotByAddress = services.rateLimits.shared('forgot-password-address', FORGOT_PER_ADDRESS.limit, FORGOT_PER_ADDRESS.windowMs);
  const forgotByEmail = services.rateLimits.shared('forgot-password-email', FORGOT_PER_EMAIL.limit, FORGOT_PER_EMAIL.windowMs);

  function setSession(c: Context, token: string, expiresAt: number): void {
    setCookie(c, SESSION_COOKIE, token, { httpOnly: true, sameSite: 'Lax', secure, path: '/', expires: new Date(expiresAt) });
  }

  /**
   * Run a password check; the caller says when the whole sign-in succeeded. A deactivated agent
   * who typed the right password: nothing to count against anyone.
   */
  async function checkedPassword<T>(pass: LoginPass, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (err) {
      if (err instanceof AppError && err.code === 'account_deactivated') pass.succeeded();
      throw err;
    }
  }

  /** Run a check (a password, a code); only a wrong answer (or a failure) keeps the attempt counted. */
  async function checked<T>(pass: LoginPass, run: () => Promise<T>): Promise<T> {
    const result = await checkedPassword(pass, run);
    pass.succeeded();
    return result;
  }

  return (
    new Hono<AppEnv>()
      .post('/login', login, async (c) => {
        const input = await login.body(c);
        const pass = await attempt(c, input.email);
        const result = await checkedPassword(pass, () => services.accounts.login(input.email, input.password));
        if (result.kind === 'two_factor') {
          pass.secondFactorAwaited();
          return c.json<LoginResponse>({ twoFactor: { ticket: result.ticket } });
        }
        pass.succeeded();
        setSession(c, result.token, result.expiresAt);
        return c.json<LoginResponse>({ agent: result.agent, ...(result.setupRequired ? { twoFactorSetupRequired: true } : {}) });
      })
      // The second step: counted like a password, per address and per account.
      .post('/login/two-factor', loginTwoFactor, async (c) => {
        const input = await loginTwoFactor.body(c);
        const agent = await services.accounts.ticketAgent(input.ticket);
        const pass = await attempt(c, agent.email);
        const { agent: signedIn, token, expiresAt } = await checked(pass, () => services.accounts.completeLogin(input.ticket, input.code));
        setSession(c, token, expiresAt);
        return c.json<LoginResponse>({ agent: signedIn });
      })
      // The same answer whether the address belongs to an agent or not, given before any lookup.
      .post('/forgot', forgot, async (c) => {
        const input = await forgot.body(c);
        const ip = requestIp(c, config.limits.trustProxy);
        for (const [bucket, key] of [
          [forgotByAddress, ip],
          [forgotByEmail, input.email.toLowerCase()],
        ] as const) {
          const hit = await bucket.hit(key);
          if (!hit.ok) {
            c.header('Retry-After', String(Math.ceil(hit.retryAfterMs / 1000)));
            throw new AppError('rate_limited', `Too many requests; try again in ${Math.ceil(hit.retryAfterMs / 60_000)} min`);
          }
        }
        services.accounts.requestReset(input.email, input.locale).catch((err: unknown) => console.error('password link failed', err));
        return c.body(null, 202);
      })
      .get('/links/:token', describeLink, async (c) => {
        const { token } = describeLink.params(c);
        return c.json<AccountLinkResponse>(await services.accounts.describeLink(token));
      })
      .post('/links/:token', useLink, async (c) => {
        const { token } = useLink.params(c);
        const { password } = await useLink.body(c);
        await services.accounts.setPasswordWithLink(token, password);
        // Any session this browser had is gone with the others: sign in again with the new password.
        deleteCookie(c, SESSION_COOKIE, { path: '/' });
        return c.body(null, 204);
      })
      .post('/logout', logout, async (c) => {
        const token = getCookie(c, SESSION_COOKIE);
        if (token) await services.agents.logout(token);
        deleteCookie(c, SESSION_COOKIE, { path: '/' });
        return c.body(null, 204);
      })
      .get('/me', requireAgent(services, { setupOnly: true }), me, (c) =>
        c.json<AgentResponse>({ agent: c.get('agent'), ...(c.get('setupOnly') ? { twoFactorSetupRequired: true } : {}) }),
      )
      // The current password is checked like a login (same limits): a stolen session cannot guess it.
      .post('/password', requireAgent(services), changePassword, async (c) => {
        const input = await changePassword.body(c);
        const agent = c.get('agent');
        const pass = await attempt(c, agent.email);
        const { token, expiresAt } = await checked(pass, () =>
          services.agents.changePassword(agent.id, c.get('sessionHash'), input.currentPassword, input.newPassword),
        );
        // A new session for this browser: the old cookie, and any stolen copy of it, is dead.
        setSession(c, token, expiresAt);
        return c.body(null, 204);
      })
      .post('/logout-everywhere', requireAgent(services), everywhere, async (c) => {
        await services.agents.endAllSessions(c.get('agent').id);
        deleteCookie(c, SESSION_COOKIE, { path: '/' });
        return c.body(null, 204);
      })
      .get('/two-factor', requireAgent(services, { setupOnly: true }), twoFactor, async (c) =>
        c.json<TwoFactorStatus>(await services.accounts.status(c.get('agent').id)),
      )
      .post('/two-factor/setup', requireAgent(services, { setupOnly: true }), twoFactorSetup, async (c) =>
        c.json<TwoFactorSetupResponse>(await services.accounts.beginSetup(c.get('agent').id)),
      )
      // Codes are guessed like passwords: the same limits, per address and per account.
      .post('/two-factor/enable', requireAgent(services, { setupOnly: true }), twoFactorEnable, async (c) => {
        const input = await twoFactorEnable.body(c);
        const agent = c.get('agent');
        const codes = await checked(await attempt(c, agent.email), () => services.accounts.enable(agent.id, input.setupToken, input.code));
        return c.json<RecoveryCodesResponse>({ recoveryCodes: codes });
      })
      .post('/two-factor/disable', requireAgent(services), twoFactorDisable, async (c) => {
        const input = await twoFactorDisable.body(c);
        const agent = c.get('agent');
        await checked(await attempt(c, agent.email), () => services.accounts.disable(agent.id, input.password, input.code));
        return c.body(null, 204);
      })
      .post('/two-factor/recovery-codes', requireAgent(services), recoveryCodes, async (c) => {
        const input = await recoveryCodes.body(c);
        const agent = c.get('agent');
        const codes = await checked(await attempt(c, agent.email), () => services.accounts.regenerateCodes(agent.id, input.code));
        return c.json<RecoveryCodesResponse>({ recoveryCodes: codes });
      })
      .get('/team-security', requireAgent(services), requireAdmin(), teamSecurity, async (c) => c.json<TeamSecurity>(await services.accounts.security()))
      .put('/team-security', requireAgent(services), requireAdmin(), setTeamSecurity, async (c) => {
        const input = await setTeamSecurity.body(c);
        return c.json<TeamSecurity>(await services.accounts.setSecurity(c.get('agent').id, input));
      })
  );
}
