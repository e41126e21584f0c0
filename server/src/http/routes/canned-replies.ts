import { Hono } from 'hono';
import { CannedReplyInputSchema, IdParamSchema, type CannedReplyListResponse, type CannedReplyResponse } from '@atendo/shared';
import type { AppDeps, AppEnv } from '../context';
import { requireAdmin, requireAgent } from '../session';
import { route } from '../spec';

const tag = 'Canned replies';
/** The rules of both writes. */
const input =
  '`shortcut` is trimmed, lower-cased and loses a leading `/`; then 1–40 letters, digits, `-` and `_`. `body` is trimmed, 1–5,000 characters. ' +
  'Agents insert a reply by typing `/shortcut` in the composer.';
const list = route({
  summary: 'List canned replies',
  description: 'In shortcut order. Every agent reads them; admins manage them.',
  tag,
  auth: 'session',
  scope: 'conversations:read',
  responses: { 200: '`{ items: CannedReply[] }`' },
});
const create = route({
  summary: 'Add a canned reply',
  description: input,
  tag,
  auth: 'admin',
  scope: 'settings:write',
  body: CannedReplyInputSchema,
  responses: { 201: '`{ reply }`', 409: 'The shortcut is taken' },
});
const update = route({
  summary: 'Change a canned reply',
  description: input,
  tag,
  auth: 'admin',
  scope: 'settings:write',
  params: IdParamSchema,
  body: CannedReplyInputSchema,
  responses: { 200: '`{ reply }`', 404: 'No such canned reply', 409: 'The shortcut is taken (by another reply)' },
});
const remove = route({
  summary: 'Delete a canned reply',
  tag,
  auth: 'admin',
  scope: 'settings:write',
  params: IdParamSchema,
  responses: { 204: 'Deleted', 404: 'No such canned reply' },
});

/** Canned replies: every agent reads them, admins manage them. */
export function cannedReplyRoutes({ services }: AppDeps) {
  return new Hono<AppEnv>()
    .use(requireAgent(services))
    .get('/', list, async (c) => c.json<CannedReplyListResponse>({ items: await services.canned.list() }))
    .post('/', requireAdmin(), create, async (c) => {
      const input = await create.body(c);
      return c.json<CannedReplyResponse>({ reply: await services.canned.create(input) }, 201);
    })
    .put('/:id', requireAdmin(), update, async (c) => {
      const { id } = update.params(c);
      const input = await update.body(c);
      return c.json<CannedReplyResponse>({ reply: await services.canned.update(id, input) });
    })
    .delete('/:id', requireAdmin(), remove, async (c) => {
      await services.canned.remove(remove.params(c).id);
      return c.body(null, 204);
    });
}
