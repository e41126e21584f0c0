import { Hono } from 'hono';
import { CreateApiTokenSchema, IdParamSchema, type ApiTokenListResponse, type CreatedApiTokenResponse } from '@atendo/shared';
import type { AppDeps, AppEnv } from '../context';
import { requireAdmin, requireAgent } from '../session';
import { route } from '../spec';

const tag = 'Integrations';
const list = route({
  summary: 'List the API tokens (never the tokens themselves), with when each was last used',
  tag,
  auth: 'admin',
  responses: { 200: '`{ items }`' },
});
const create = route({
  summary: 'Create an API token',
  description: 'The answer is the only time the token is shown: Atendo keeps its SHA-256 only.',
  tag,
  auth: 'admin',
  body: CreateApiTokenSchema,
  responses: { 201: '`{ id, name, scopes, prefix, token, … }`' },
});
const revoke = route({
  summary: 'Revoke an API token (at once, on every instance)',
  tag,
  auth: 'admin',
  params: IdParamSchema,
  responses: { 204: 'Revoked', 404: 'No such live token' },
});

/**
 * The team's API tokens, for admins signed in to the console. No scope opens these routes to a
 * token: a leaked token cannot mint itself a wider one.
 */
export function apiTokenRoutes({ services }: AppDeps) {
  return new Hono<AppEnv>()
    .use(requireAgent(services), requireAdmin())
    .get('/', list, async (c) => c.json<ApiTokenListResponse>({ items: await services.apiTokens.list() }))
    .post('/', create, async (c) => {
      const input = await create.body(c);
      const agent = c.get('agent');
      return c.json<CreatedApiTokenResponse>(await services.apiTokens.create(input, { id: agent.id, name: agent.name }), 201);
    })
    .delete('/:id', revoke, async (c) => {
      await services.apiTokens.revoke(revoke.params(c).id);
      return c.body(null, 204);
    });
}
