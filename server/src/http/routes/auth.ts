import { Hono, type Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { ChangePasswordSchema, LoginSchema, type AgentResponse } from '@atendo/shared';
import type { AppDeps, AppEnv } from '../context';
import { SESSION_COOKIE } from '../context';
import { AppError } from '../../domain/errors';
import { LoginThrottle, type LoginPass } from '../../security/login-throttle';
import { requestIp } from '../ip';
import { requireAgent } from '../session';
import { jsonBody } from '../validate';

/**
 * Login, logout and "who am I" for agents; their own password and "log out everywhere".
 */
export function authRoutes({ services, config }: AppDeps) {
  const secure = config.publicUrl.startsWith('https://');
  // Password guessing stops after a few tries per address and per account (security/login-throttle.ts).
  const throttle = new LoginThrottle(config.limits);

  /** Take the attempt before any hash runs; a refusal is a 429 with Retry-After. */
  function attempt(c: Context, email: string): LoginPass {
    const verdict = throttle.begin(requestIp(c, config.limits.trustProxy), email);
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

  /** Run a password check; only a wrong password (or a failure) keeps the attempt counted. */
  async function checked<T>(pass: LoginPass, run: () => Promise<T>): Promise<T> {
    try {
      const result = await run();
      pass.succeeded();
      return result;
    } catch (err) {
      // A deactivated agent typed the right password: nothing to count against anyone.
      if (err instanceof AppError && err.code === 'account_deactivated') pass.succeeded();
      throw err;
    }
  }

  return (
    new Hono<AppEnv>()
      .post('/login', async (c) => {
        const input = await jsonBody(c, LoginSchema);
        const pass = attempt(c, input.email);
        const { agent, token, expiresAt } = await checked(pass, () => services.agents.login(input.email, input.password));
        setCookie(c, SESSION_COOKIE, token, {
          httpOnly: true,
          sameSite: 'Lax',
          secure,
          path: '/',
          expires: new Date(expiresAt),
        });
        return c.json<AgentResponse>({ agent });
      })
      .post('/logout', async (c) => {
        const token = getCookie(c, SESSION_COOKIE);
        if (token) await services.agents.logout(token);
        deleteCookie(c, SESSION_COOKIE, { path: '/' });
        return c.body(null, 204);
      })
      .get('/me', requireAgent(services), (c) => c.json<AgentResponse>({ agent: c.get('agent') }))
      // The current password is checked like a login (same limits): a stolen session cannot guess it.
      .post('/password', requireAgent(services), async (c) => {
        const input = await jsonBody(c, ChangePasswordSchema);
        const agent = c.get('agent');
        const pass = attempt(c, agent.email);
        const { token, expiresAt } = await checked(pass, () =>
          services.agents.changePassword(agent.id, c.get('sessionHash'), input.currentPassword, input.newPassword),
        );
        // A new session for this browser: the old cookie, and any stolen copy of it, is dead.
        setCookie(c, SESSION_COOKIE, token, { httpOnly: true, sameSite: 'Lax', secure, path: '/', expires: new Date(expiresAt) });
        return c.body(null, 204);
      })
      .post('/logout-everywhere', requireAgent(services), async (c) => {
        await services.agents.endAllSessions(c.get('agent').id);
        deleteCookie(c, SESSION_COOKIE, { path: '/' });
        return c.body(null, 204);
      })
  );
}
