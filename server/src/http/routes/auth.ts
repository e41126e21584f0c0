import { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { LoginSchema, type AgentResponse } from '@atendo/shared';
import type { AppDeps, AppEnv } from '../context';
import { SESSION_COOKIE } from '../context';
import { AppError } from '../../domain/errors';
import { RateLimiter } from '../../security/rate-limit';
import { requestIp } from '../ip';
import { requireAgent } from '../session';
import { jsonBody } from '../validate';

/** Login, logout and "who am I" for agents. */
export function authRoutes({ services, config }: AppDeps) {
  const secure = config.publicUrl.startsWith('https://');
  // Failed logins per client address: password guessing stops after a few tries for a while.
  const failures = new RateLimiter(config.limits.failedLoginsPerIpPer15Min, 15 * 60_000);
  return new Hono<AppEnv>()
    .post('/login', async (c) => {
      const ip = requestIp(c, config.limits.trustProxy);
      const wait = failures.retryAfterMs(ip);
      if (wait > 0) {
        c.header('Retry-After', String(Math.ceil(wait / 1000)));
        throw new AppError('rate_limited', `Too many failed logins; try again in ${Math.ceil(wait / 60_000)} min`);
      }
      const input = await jsonBody(c, LoginSchema);
      let session: Awaited<ReturnType<typeof services.agents.login>>;
      try {
        session = await services.agents.login(input.email, input.password);
      } catch (err) {
        if (err instanceof AppError && err.code === 'invalid_credentials') failures.hit(ip);
        throw err;
      }
      const { agent, token, expiresAt } = session;
      setCookie(c, SESSION_COOKIE, token, {
        httpOnly: true,
        sameSite: 'Lax',
        secure,
        path: '/',
        expires: new Date(expiresAt),
      });
      return c.json<AgentResponse>({ agent });
    })
    .post('/logout', (c) => {
      const token = getCookie(c, SESSION_COOKIE);
      if (token) services.agents.logout(token);
      deleteCookie(c, SESSION_COOKIE, { path: '/' });
      return c.body(null, 204);
    })
    .get('/me', requireAgent(services), (c) => c.json<AgentResponse>({ agent: c.get('agent') }));
}
