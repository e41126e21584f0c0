import { Hono } from 'hono';
import { NoteInputSchema, type NoteListResponse, type NoteResponse } from '@atendo/shared';
import type { AppDeps, AppEnv } from '../context';
import { requireAgent } from '../session';
import { jsonBody } from '../validate';

/** Internal notes on a conversation (mounted under /conversations): agents only, never visitors. */
export function noteRoutes({ services }: AppDeps) {
  return new Hono<AppEnv>()
    .use(requireAgent(services))
    .get('/:id/notes', (c) => c.json<NoteListResponse>({ items: services.notes.list(c.req.param('id')) }))
    .post('/:id/notes', async (c) => {
      const { body } = await jsonBody(c, NoteInputSchema);
      return c.json<NoteResponse>({ note: services.notes.add(c.req.param('id'), c.get('agent').id, body) }, 201);
    });
}
