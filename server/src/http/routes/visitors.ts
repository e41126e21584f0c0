import { Hono } from 'hono';
import { IdParamSchema, VisitorAttributesInputSchema, type VisitorExport, type VisitorProfileResponse } from '@atendo/shared';
import { notFound } from '../../domain/errors';
import type { AppDeps, AppEnv } from '../context';
import { requireAdmin, requireAgent } from '../session';
import { route } from '../spec';

const tag = 'Visitors';
const exportData = route({
  summary: 'Export everything about a visitor (data-subject access request)',
  description:
    'LGPD/GDPR access. A JSON file (`Content-Disposition: attachment; filename="atendo-visitor-<id>.json"`): ' +
    'the profile with its custom attributes and this visit’s pages, every conversation with its messages, rating and the agents’ internal notes, ' +
    'and the files they uploaded but never sent. Never the token hash or the first message’s client id (credentials).',
  tag,
  auth: 'admin',
  scope: 'visitors:read',
  params: IdParamSchema,
  responses: { 200: '`VisitorExport`: `{ exportedAt, visitor, conversations, unsentUploads }`, as a file', 404: 'No such visitor' },
});
const setAttributes = route({
  summary: 'Replace a visitor’s custom attributes (their plan, from your CRM)',
  description:
    'The set the widget’s `Atendo("setAttributes", …)` sets, replaced whole: at most 20 pairs of strings (names up to 40 characters, values up to 200). Agents see them in the visitor’s sidebar. A visitor’s id comes with the webhooks (`visitor.identified`, `conversation.created`).',
  tag,
  auth: 'admin',
  scope: 'visitors:write',
  params: IdParamSchema,
  body: VisitorAttributesInputSchema,
  responses: { 200: '`{ visitor }`: the profile with the new attributes', 404: 'No such visitor' },
});
const erase = route({
  summary: 'Erase a visitor and their conversations (right to erasure)',
  description:
    'LGPD/GDPR erasure, in one transaction: the visitor, their conversations with messages, internal notes, ratings and e-mails, the files they uploaded and every file in their conversations (the bytes too). ' +
    'Their sockets close (`4401`) on every instance; webhook `visitor.erased`.\n\n' +
    'Answered once none of it can be read back from the database files either (SQLite: `secure_delete`, search indexes merged, WAL emptied). ' +
    'It cannot reach copies outside the database: earlier backups, downloaded files, browser caches (docs/operating.md, “Erasure”).',
  tag,
  auth: 'admin',
  scope: 'visitors:write',
  params: IdParamSchema,
  responses: { 204: 'Erased', 404: 'No such visitor' },
});

/** A visitor's custom attributes from the site's other systems; data-subject requests (LGPD/GDPR): export or erase everything about one visitor. Admins and API tokens with the visitors scopes. */
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
    .put('/:id/attributes', setAttributes, async (c) => {
      const { id } = setAttributes.params(c);
      const { attributes } = await setAttributes.body(c);
      await services.profiles.profile(id); // 404 for an unknown visitor
      await services.profiles.setAttributes(id, attributes);
      return c.json<VisitorProfileResponse>({ visitor: await services.profiles.profile(id) });
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
