import { Hono } from 'hono';
import { IdParamSchema, NoteInputSchema, type NoteListResponse, type NoteResponse } from '@atendo/shared';
import type { AppDeps, AppEnv } from '../context';
import { requireAgent } from '../session';
import { route } from '../spec';

const tag = 'Conversations';
const list = route({
  summary: 'List a conversation’s internal notes',
  tag,
  auth: 'session',
  scope: 'conversations:read',
  params: IdParamSchema,
  responses: { 200: '`{ items }`', 404: 'No such conversation' },
});
const add = route({
  summary: 'Add an internal note (agents only; visitors never see notes)',
  tag,
  auth: 'session',
  params: IdParamSchema,
  body: NoteInputSchema,
  responses: { 201: '`{ note }`', 404: 'No such conversation' },
});

/** Internal notes on a conversation (mounted under /conversations): agents only, never visitors. */
export function noteRoutes({ services }: AppDeps) {
  return new Hono<AppEnv>()
    .use(requireAgent(services))
    .get('/:id/notes', list, async (c) => c.json<NoteListResponse>({ items: await services.notes.list(list.params(c).id) }))
    .post('/:id/notes', add, async (c) => {
      const { id } = add.params(c);
      const { body } = await add.body(c);
      return c.json<NoteResponse>({ note: await services.notes.add(id, c.get('agent').id, body) }, 201);
    });
}
