import { Hono } from 'hono';
import { CannedReplyInputSchema, type CannedReplyListResponse, type CannedReplyResponse } from '@atendo/shared';
import type { AppDeps, AppEnv } from '../context';
import { requireAdmin, requireAgent } from '../session';
import { jsonBody } from '../validate';

/** Canned replies: every agent reads them, admins manage them. */
export function cannedReplyRoutes({ services }: AppDeps) {
  return new Hono<AppEnv>()
    .use(requireAgent(services))
    .get('/', (c) => c.json<CannedReplyListResponse>({ items: services.canned.list() }))
    .post('/', requireAdmin(), async (c) => {
      const input = await jsonBody(c, CannedReplyInputSchema);
      return c.json<CannedReplyResponse>({ reply: services.canned.create(input) }, 201);
    })
    .put('/:id', requireAdmin(), async (c) => {
      const input = await jsonBody(c, CannedReplyInputSchema);
      return c.json<CannedReplyResponse>({ reply: services.canned.update(c.req.param('id'), input) });
    })
    .delete('/:id', requireAdmin(), (c) => {
      services.canned.remove(c.req.param('id'));
      return c.body(null, 204);
    });
}
