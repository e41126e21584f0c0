import { Hono } from 'hono';
import { IdParamSchema, type VisitorExport } from '@atendo/shared';
import { notFound } from '../../domain/errors';
import type { AppDeps, AppEnv } from '../context';
import { requireAdmin, requireAgent } from '../session';
import { route } from '../spec';

const tag = 'Visitors';
const exportData = route({
  summary: 'Export everything about a visitor (data-subject access request)',
  tag,
  auth: 'admin',
  scope: 'visitors:read',
  params: IdParamSchema,
  responses: { 200: 'The visitor, their conversations, messages and notes, as a JSON file', 404: 'No such visitor' },
});
const erase = route({
  summary: 'Erase a visitor and their conversations (right to erasure)',
  description: 'Answered once the text is gone from the database files too. Their sockets close on every instance.',
  tag,
  auth: 'admin',
  scope: 'visitors:write',
  params: IdParamSchema,
  responses: { 204: 'Erased', 404: 'No such visitor' },
});

/** Data-subject requests (LGPD/GDPR): export or erase everything about one visitor. Admins only. */
export function visitorRoutes({ services }: AppDeps) {
  return new Hono<AppEnv>()
    .use(requireAgent(services), requireAdmin())
    .get('/:id/export', exportData, async (c) => {
      const { id } = exportData.params(c);
      const data = await services.visitors.exportData(id, {
        conversation: (cid) => services.conversations.get(cid),
        messages: (cid) => services.conversations.messages(cid, 0, Number.MAX_SAFE_INTEGER),
        notes: (cid) => services.notes.list(cid),
      });
      if (!data) throw notFound('Visitor');
      c.header('Content-Disposition', `attachment; filename="atendo-visitor-${id.replace(/[^A-Za-z0-9_-]/g, '')}.json"`);
      c.header('Cache-Control', 'no-store');
      return c.json<VisitorExport>(data);
    })
    .delete('/:id', erase, async (c) => {
      const { id } = erase.params(c);
      // Its sockets close on the event, sent as soon as the erasure committed.
      if (!(await services.visitors.delete(id, () => services.bus.emit({ type: 'visitor.deleted', visitorId: id })))) throw notFound('Visitor');
      // Answered once the deleted text is gone from the files too (search index segments, WAL).
      await services.visitors.scrub();
      return c.body(null, 204);
    });
}
