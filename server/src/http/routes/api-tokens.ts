import { Hono } from 'hono';
import { CreateApiTokenSchema, IdParamSchema, type ApiTokenListResponse, type CreatedApiTokenResponse } from '@atendo/shared';
import type { AppDeps, AppEnv } from '../context';
import { requireAdmin, requireAgent } from '../session';
import { jsonBody, params } from '../validate';

/**
 * The team's API tokens, for admins signed in to the console. No scope opens these routes to a
 * token: a leaked token cannot mint itself a wider one.
 */
export function apiTokenRoutes({ services }: AppDeps) {
  return new Hono<AppEnv>()
    .use(requireAgent(services), requireAdmin())
    .get('/', async (c) => c.json<ApiTokenListResponse>({ items: await services.apiTokens.list() }))
    .post('/', async (c) => {
      const input = await jsonBody(c, CreateApiTokenSchema);
      const agent = c.get('agent');
      return c.json<CreatedApiTokenResponse>(await services.apiTokens.create(input, { id: agent.id, name: agent.name }), 201);
    })
    .delete('/:id', async (c) => {
      await services.apiTokens.revoke(params(c, IdParamSchema).id);
      return c.body(null, 204);
    });
}
