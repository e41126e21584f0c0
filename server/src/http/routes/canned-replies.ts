import { Hono } from 'hono';
import { CannedReplyInputSchema, IdParamSchema, type CannedReplyListResponse, type CannedReplyResponse } from '@atendo/shared';
import type { AppDeps, AppEnv } from '../context';
import { requireAdmin, requireAgent, scope } from '../session';
import { jsonBody, params } from '../validate';

/** Canned replies: every agent reads them, admins manage them. */
export function cannedReplyRoutes({ services }: AppDeps) {
  return new Hono<AppEnv>()
    .use(requireAgent(services))
    .get('/', scope('conversations:read'), async (c) => c.json<CannedReplyListResponse>({ items: await services.canned.list() }))
    .post('/', requireAdmin(), scope('settings:write'), async (c) => {
      const input = await jsonBody(c, CannedReplyInputSchema);
      return c.json<CannedReplyResponse>({ reply: await services.canned.create(input) }, 201);
    })
    .put('/:id', requireAdmin(), scope('settings:write'), async (c) => {
      const { id } = params(c, IdParamSchema);
      const input = await jsonBody(c, CannedReplyInputSchema);
      return c.json<CannedReplyResponse>({ reply: await services.canned.update(id, input) });
    })
    .delete('/:id', requireAdmin(), scope('settings:write'), async (c) => {
      await services.canned.remove(params(c, IdParamSchema).id);
      return c.body(null, 204);
    });
}
