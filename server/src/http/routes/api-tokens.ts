import { Hono } from 'hono';
import { CreateApiTokenSchema, IdParamSchema, type ApiTokenListResponse, type CreatedApiTokenResponse } from '@atendo/shared';
import type { AppDeps, AppEnv } from '../context';
import { requireAdmin, requireAgent } from '../session';
import { route } from '../spec';

const tag = 'Integrations';
const list = route({
  summary: 'List the API tokens (never the tokens themselves), with when each was last used',
  description:
    'Live tokens: `{ id, name, scopes, prefix, createdAt, createdBy, lastUsedAt }`. `prefix` is the token’s first characters (`atd_` and six more), to tell tokens apart; ' +
    '`createdBy` is null once that admin is gone; `lastUsedAt` is written at most once a minute. Admins in the console only: no scope opens these routes to a token.',
  tag,
  auth: 'admin',
  responses: { 200: '`{ items: ApiToken[] }`' },
});
const create = route({
  summary: 'Create an API token',
  description:
    'A name (1–80 characters) and at least one scope, each once. The answer is the only time the token (`atd_` + 43 characters) is shown: Atendo keeps its SHA-256 only. ' +
    'Use it as `Authorization: Bearer atd_…` on the routes its scopes open (each route’s `x-atendo-scope`).',
  tag,
  auth: 'admin',
  body: CreateApiTokenSchema,
  responses: { 201: '`{ id, name, scopes, prefix, createdAt, createdBy, lastUsedAt, token }`' },
});
const revoke = route({
  summary: 'Revoke an API token (at once, on every instance)',
  description: 'Every request checks its token in the database, so the next one with this token is a 401, whichever instance answers it.',
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
