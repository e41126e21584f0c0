import { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { LoginSchema, type AgentResponse } from '@atendo/shared';
import type { AppDeps, AppEnv } from '../context';
import { SESSION_COOKIE } from '../context';
import { requireAgent } from '../session';
import { jsonBody } from '../validate';

/** Login, logout and "who am I" for agents. */
export function authRoutes({ services, config }: AppDeps) {
  const secure = config.publicUrl.startsWith('https://');
  return new Hono<AppEnv>()
    .post('/login', async (c) => {
      const input = await jsonBody(c, LoginSchema);
      const { agent, token, expiresAt } = await services.agents.login(input.email, input.password);
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
