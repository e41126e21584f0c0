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
import { jsonBody, params } from '../validate';

const TokenParamSchema = v.strictObject({ token: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{20,100}$/, 'This link is not valid')) });

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
      .post('/login', async (c) => {
        const input = await jsonBody(c, LoginSchema);
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
      .post('/login/two-factor', async (c) => {
        const input = await jsonBody(c, TwoFactorLoginSchema);
        const agent = await services.accounts.ticketAgent(input.ticket);
        const pass = await attempt(c, agent.email);
        const { agent: signedIn, token, expiresAt } = await checked(pass, () => services.accounts.completeLogin(input.ticket, input.code));
        setSession(c, token, expiresAt);
        return c.json<LoginResponse>({ agent: signedIn });
      })
      // The same answer whether the address belongs to an agent or not, given before any lookup.
      .post('/forgot', async (c) => {
        const input = await jsonBody(c, ForgotPasswordSchema);
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
      .get('/links/:token', async (c) => {
        const { token } = params(c, TokenParamSchema);
        return c.json<AccountLinkResponse>(await services.accounts.describeLink(token));
      })
      .post('/links/:token', async (c) => {
        const { token } = params(c, TokenParamSchema);
        const { password } = await jsonBody(c, SetPasswordSchema);
        await services.accounts.setPasswordWithLink(token, password);
        // Any session this browser had is gone with the others: sign in again with the new password.
        deleteCookie(c, SESSION_COOKIE, { path: '/' });
        return c.body(null, 204);
      })
      .post('/logout', async (c) => {
        const token = getCookie(c, SESSION_COOKIE);
        if (token) await services.agents.logout(token);
        deleteCookie(c, SESSION_COOKIE, { path: '/' });
        return c.body(null, 204);
      })
      .get('/me', requireAgent(services, { setupOnly: true }), (c) =>
        c.json<AgentResponse>({ agent: c.get('agent'), ...(c.get('setupOnly') ? { twoFactorSetupRequired: true } : {}) }),
      )
      // The current password is checked like a login (same limits): a stolen session cannot guess it.
      .post('/password', requireAgent(services), async (c) => {
        const input = await jsonBody(c, ChangePasswordSchema);
        const agent = c.get('agent');
        const pass = await attempt(c, agent.email);
        const { token, expiresAt } = await checked(pass, () =>
          services.agents.changePassword(agent.id, c.get('sessionHash'), input.currentPassword, input.newPassword),
        );
        // A new session for this browser: the old cookie, and any stolen copy of it, is dead.
        setSession(c, token, expiresAt);
        return c.body(null, 204);
      })
      .post('/logout-everywhere', requireAgent(services), async (c) => {
        await services.agents.endAllSessions(c.get('agent').id);
        deleteCookie(c, SESSION_COOKIE, { path: '/' });
        return c.body(null, 204);
      })
      .get('/two-factor', requireAgent(services, { setupOnly: true }), async (c) => c.json<TwoFactorStatus>(await services.accounts.status(c.get('agent').id)))
      .post('/two-factor/setup', requireAgent(services, { setupOnly: true }), async (c) =>
        c.json<TwoFactorSetupResponse>(await services.accounts.beginSetup(c.get('agent').id)),
      )
      // Codes are guessed like passwords: the same limits, per address and per account.
      .post('/two-factor/enable', requireAgent(services, { setupOnly: true }), async (c) => {
        const input = await jsonBody(c, EnableTwoFactorSchema);
        const agent = c.get('agent');
        const codes = await checked(await attempt(c, agent.email), () => services.accounts.enable(agent.id, input.setupToken, input.code));
        return c.json<RecoveryCodesResponse>({ recoveryCodes: codes });
      })
      .post('/two-factor/disable', requireAgent(services), async (c) => {
        const input = await jsonBody(c, DisableTwoFactorSchema);
        const agent = c.get('agent');
        await checked(await attempt(c, agent.email), () => services.accounts.disable(agent.id, input.password, input.code));
        return c.body(null, 204);
      })
      .post('/two-factor/recovery-codes', requireAgent(services), async (c) => {
        const input = await jsonBody(c, RegenerateCodesSchema);
        const agent = c.get('agent');
        const codes = await checked(await attempt(c, agent.email), () => services.accounts.regenerateCodes(agent.id, input.code));
        return c.json<RecoveryCodesResponse>({ recoveryCodes: codes });
      })
      .get('/team-security', requireAgent(services), requireAdmin(), async (c) => c.json<TeamSecurity>(await services.accounts.security()))
      .put('/team-security', requireAgent(services), requireAdmin(), async (c) => {
        const input = await jsonBody(c, TeamSecuritySchema);
        return c.json<TeamSecurity>(await services.accounts.setSecurity(c.get('agent').id, input));
      })
  );
}
