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
/** Failed attempts of the password and of codes. */
const throttled =
  'Failed attempts are counted per client address (`ATENDO_RATE_FAILED_LOGINS_PER_IP` per 15 minutes, default 10) and per account ' +
  '(`ATENDO_RATE_FAILED_LOGINS_PER_ACCOUNT` in a row, default 10, then locked 1, 2, 4, 8, at most 15 minutes); beyond, a 429 with `Retry-After`.';
/** Where sessions end, their sockets close: on every instance. */
const socketsClose = 'their sockets close (`4401`) on every instance';
const login = route({
  summary: 'Sign in with e-mail and password',
  description:
    'Right password: the `atendo_session` cookie (httpOnly, `SameSite=Lax`, `Secure` on https) and `{ agent }`. ' +
    'When the team requires two-factor sign-in and the agent has not set it up, the answer adds `twoFactorSetupRequired: true`: that session reaches only `/auth/me`, `/auth/logout` and the two-factor setup ' +
    '(every other route answers 403 `two_factor_setup_required`, and the socket’s `hello` is refused). ' +
    'With two-factor sign-in on: no cookie, but `{ twoFactor: { ticket } }` for `POST /auth/login/two-factor` (valid 5 minutes).\n\n' +
    throttled,
  tag,
  auth: 'public',
  body: LoginSchema,
  responses: {
    200: '`{ agent, twoFactorSetupRequired? }` and the cookie, or `{ twoFactor: { ticket } }`',
    401: 'Wrong e-mail or password (`invalid_credentials`)',
    403: 'Right password, but the agent is deactivated (`account_deactivated`)',
    429: 'Too many failed logins (with `Retry-After`)',
  },
});
const loginTwoFactor = route({
  summary: 'Complete a sign-in with an authenticator or recovery code',
  description:
    'The ticket from `POST /auth/login` and a 6-digit code from the app (each code is accepted once) or an unused recovery code (`xxxxx-xxxxx`). Sets the session cookie. ' +
    'Wrong codes are counted like wrong passwords. ' +
    throttled,
  tag,
  auth: 'public',
  body: TwoFactorLoginSchema,
  responses: {
    200: '`{ agent }` and the cookie',
    401: 'Wrong or used code (`invalid_code`)',
    410: 'The ticket has expired (5 minutes) or was used: sign in again',
    429: 'Too many failed attempts (with `Retry-After`)',
  },
});
const forgot = route({
  summary: 'Ask for a password link by e-mail',
  description:
    'The same 202 for every address, given before any lookup. When e-mail is on and an active agent has the address, a password link (valid one hour, used once, replacing an earlier one) ' +
    'is e-mailed in `locale` (en, pt-BR or ru). At most 10 requests per client address in 15 minutes and 3 per e-mail address in an hour.',
  tag,
  auth: 'public',
  body: ForgotPasswordSchema,
  responses: { 202: 'Sent if the address is an active agent’s (the answer does not say)', 429: 'Too many requests (with `Retry-After`)' },
});
const describeLink = route({
  summary: 'What an invitation or password link is for',
  description: 'Without using it up: the page that uses it shows the address, and whether a two-factor code will still be asked at sign-in.',
  tag,
  auth: 'public',
  params: TokenParamSchema,
  responses: {
    200: '`{ kind: "invite" | "reset", email, name, twoFactor }`',
    400: 'Not a link token',
    410: 'Used, replaced or expired (`link_expired`)',
  },
});
const useLink = route({
  summary: 'Choose a password with an invitation or password link',
  description:
    'The password: 10–256 characters, at least 10 besides spaces. The link is used up and every session of the agent ends (' +
    socketsClose +
    '); the browser’s cookie is cleared: sign in with the new password (with two-factor on, the code is still asked).',
  tag,
  auth: 'public',
  params: TokenParamSchema,
  body: SetPasswordSchema,
  responses: { 204: 'Set', 410: 'Used, replaced or expired (`link_expired`)' },
});
const logout = route({
  summary: 'Sign out (this browser)',
  description: 'Ends this session, clears the cookie, and closes the session’s sockets (`4401`).',
  tag,
  auth: 'public',
  responses: { 204: 'Signed out' },
});
const me = route({
  summary: 'Who is signed in',
  description: '`twoFactorSetupRequired: true` when the team requires two-factor sign-in and this agent must set it up before anything else.',
  tag,
  auth: 'session',
  responses: { 200: '`{ agent, twoFactorSetupRequired? }`' },
});
const changePassword = route({
  summary: 'Change your password (signs out your other sessions)',
  description:
    'The new password: 10–256 characters, at least 10 besides spaces, not the current one. This browser gets a new session cookie (the old one, and any stolen copy, is dead); ' +
    'every other session of the agent ends and ' +
    socketsClose +
    '. The current password is checked like a login: ' +
    throttled,
  tag,
  auth: 'session',
  body: ChangePasswordSchema,
  responses: {
    204: 'Changed, with a new session cookie',
    401: 'Wrong current password (`invalid_credentials`)',
    409: 'The password was changed meanwhile: try again',
    429: 'Too many failed attempts (with `Retry-After`)',
  },
});
const everywhere = route({
  summary: 'Sign out everywhere',
  description: 'Every session of the agent ends, this one too (the cookie is cleared), and ' + socketsClose + '.',
  tag,
  auth: 'session',
  responses: { 204: 'Every session ended' },
});
const twoFactor = route({
  summary: 'Your two-factor sign-in state',
  description: 'The agent’s own state and the team’s rule (`required`).',
  tag,
  auth: 'session',
  responses: { 200: '`{ enabled, recoveryCodesLeft, required }`' },
});
const twoFactorSetup = route({
  summary: 'Start setting up an authenticator app',
  description:
    'A new secret: base32 (to type into the app), the `otpauth://` URI and its QR code as an SVG document. It waits 15 minutes for its first code (`POST /auth/two-factor/enable` with `setupToken`).',
  tag,
  auth: 'session',
  responses: {
    200: '`{ setupToken, secret, uri, qrSvg }`',
    409: 'Two-factor sign-in is on already: turn it off first to use another app',
  },
});
const twoFactorEnable = route({
  summary: 'Turn two-factor sign-in on with a first code',
  description:
    'The first code from the app proves it holds the secret. The answer holds ten recovery codes, shown this once. Wrong codes are counted like wrong passwords.',
  tag,
  auth: 'session',
  body: EnableTwoFactorSchema,
  responses: {
    200: '`{ recoveryCodes }`: ten single-use codes',
    401: 'Wrong code (`invalid_code`)',
    410: 'The setup has expired (15 minutes): start again',
    429: 'Too many failed attempts (with `Retry-After`)',
  },
});
const twoFactorDisable = route({
  summary: 'Turn two-factor sign-in off',
  description: 'The password and a current code (or a recovery code), counted like a login. Not while the team requires two-factor sign-in.',
  tag,
  auth: 'session',
  body: DisableTwoFactorSchema,
  responses: {
    204: 'Off',
    401: 'Wrong password (`invalid_credentials`) or code (`invalid_code`)',
    403: 'The team requires two-factor sign-in',
    409: 'Two-factor sign-in is not on',
    429: 'Too many failed attempts (with `Retry-After`)',
  },
});
const recoveryCodes = route({
  summary: 'New recovery codes (the old ones stop working)',
  description: 'A current code (or one of the old recovery codes) proves it is you; counted like a login.',
  tag,
  auth: 'session',
  body: RegenerateCodesSchema,
  responses: {
    200: '`{ recoveryCodes }`: ten new single-use codes',
    401: 'Wrong code (`invalid_code`)',
    409: 'Two-factor sign-in is not on',
    429: 'Too many failed attempts (with `Retry-After`)',
  },
});
const teamSecurity = route({ summary: 'The team’s sign-in rule', tag, auth: 'admin', responses: { 200: '`{ requireTwoFactor }`' } });
const setTeamSecurity = route({
  summary: 'Require two-factor sign-in for the whole team, or not',
  description:
    'With it on, agents without two-factor sign-in can, at their next sign-in or request, only set it up (403 `two_factor_setup_required` elsewhere). ' +
    'The admin turning it on must have it on themselves.',
  tag,
  auth: 'admin',
  body: TeamSecuritySchema,
  responses: { 200: '`{ requireTwoFactor }`', 409: 'Turn on two-factor sign-in for your own account first' },
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
