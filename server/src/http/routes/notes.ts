import { Hono } from 'hono';
import { IdParamSchema, NoteInputSchema, type NoteListResponse, type NoteResponse } from '@atendo/shared';
import type { AppDeps, AppEnv } from '../context';
import { requireAgent, scope } from '../session';
import { jsonBody, params } from '../validate';

/** Internal notes on a conversation (mounted under /conversations): agents only, never visitors. */
export function noteRoutes({ services }: AppDeps) {
  return new Hono<AppEnv>()
    .use(requireAgent(services))
    .get('/:id/notes', scope('conversations:read'), async (c) => c.json<NoteListResponse>({ items: await services.notes.list(params(c, IdParamSchema).id) }))
    .post('/:id/notes', async (c) => {
      const { id } = params(c, IdParamSchema);
      const { body } = await jsonBody(c, NoteInputSchema);
      return c.json<NoteResponse>({ note: await services.notes.add(id, c.get('agent').id, body) }, 201);
    });
}
