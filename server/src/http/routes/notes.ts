import { Hono } from 'hono';
import { IdParamSchema, NoteInputSchema, type NoteListResponse, type NoteResponse } from '@atendo/shared';
import type { AppDeps, AppEnv } from '../context';
import { requireAgent } from '../session';
import { route } from '../spec';

const tag = 'Conversations';
const list = route({
  summary: 'List a conversation’s internal notes',
  description: 'Oldest first. Notes are the agents’ own: never sent to a visitor, outside the messages’ `seq`.',
  tag,
  auth: 'session',
  scope: 'conversations:read',
  params: IdParamSchema,
  responses: { 200: '`{ items: Note[] }`', 404: 'No such conversation' },
});
const add = route({
  summary: 'Add an internal note (agents only; visitors never see notes)',
  description: 'The text is trimmed, 1–5,000 characters. Every agent’s console gets a `note` frame; no visitor socket ever does, and no webhook carries notes.',
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
