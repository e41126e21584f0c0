import { Hono } from 'hono';
import {
  AppearanceSchema,
  CreateSiteSchema,
  DeleteSiteSchema,
  IdParamSchema,
  RenameSiteSchema,
  type SiteDeletionResponse,
  WidgetSettingsSchema,
  type SiteResponse,
  SiteSecurityInputSchema,
  type SiteListResponse,
  type SiteSecurityResponse,
} from '@atendo/shared';
import type { AppDeps, AppEnv } from '../context';
import { requireAdmin, requireAgent } from '../session';
import { route } from '../spec';

const tag = 'Sites';
const settings = { auth: 'admin', scope: 'settings:write', tag } as const;
const list = route({ summary: 'List the sites, each with its snippet to paste', tag, auth: 'session', scope: 'any', responses: { 200: '`{ items }`' } });
const create = route({ summary: 'Create a site', ...settings, body: CreateSiteSchema, responses: { 201: '`{ site }` with its snippet' } });
const rename = route({
  summary: 'Rename a site',
  ...settings,
  params: IdParamSchema,
  body: RenameSiteSchema,
  responses: { 200: '`{ site }`', 404: 'No such site' },
});
const preview = route({
  summary: 'What deleting a site would delete (counts)',
  ...settings,
  params: IdParamSchema,
  responses: { 200: '`{ deletion }`', 404: 'No such site' },
});
const remove = route({
  summary: 'Delete a site and everything in it',
  description: 'The body repeats the site’s exact name. The last site cannot be deleted.',
  ...settings,
  params: IdParamSchema,
  body: DeleteSiteSchema,
  responses: { 204: 'Deleted', 404: 'No such site', 409: 'The last site cannot be deleted' },
});
const security = route({
  summary: 'A site’s security settings (allowed origins, identity secret)',
  ...settings,
  params: IdParamSchema,
  responses: { 200: '`{ security }`', 404: 'No such site' },
});
const setSecurity = route({
  summary: 'Set a site’s allowed origins and whether a verified identity is required',
  ...settings,
  params: IdParamSchema,
  body: SiteSecurityInputSchema,
  responses: { 200: '`{ security }`', 404: 'No such site' },
});
const appearance = route({
  summary: 'Set a site’s widget appearance',
  ...settings,
  params: IdParamSchema,
  body: AppearanceSchema,
  responses: { 200: '`{ site }`', 404: 'No such site' },
});
const widgetSettings = route({
  summary: 'Replace a site’s widget settings (pre-chat, hours, proactive messages, survey…)',
  ...settings,
  params: IdParamSchema,
  body: WidgetSettingsSchema,
  responses: { 200: '`{ site }`', 404: 'No such site' },
});
const secret = route({
  summary: 'Rotate a site’s identity secret',
  description: 'Verified visitors must sign in again with hashes made with the new secret.',
  ...settings,
  params: IdParamSchema,
  responses: { 200: '`{ security }`', 404: 'No such site' },
});

/** Sites and their snippets, for agents; creating, renaming and deleting them and their security settings, for admins. */
export function siteRoutes({ services, config }: AppDeps) {
  return (
    new Hono<AppEnv>()
      .use(requireAgent(services))
      // maxUploadBytes: the console checks a file's size before uploading it (attachments).
      .get('/', list, async (c) =>
        c.json<SiteListResponse>({ items: (await services.sites.list()).map((s) => ({ ...s, maxUploadBytes: config.uploads.maxBytes })) }),
      )
      .post('/', requireAdmin(), create, async (c) => {
        const { name } = await create.body(c);
        return c.json<SiteResponse>({ site: await services.sites.create({ name }) }, 201);
      })
      .patch('/:id', requireAdmin(), rename, async (c) => {
        const { id } = rename.params(c);
        const { name } = await rename.body(c);
        return c.json<SiteResponse>({ site: await services.sites.rename(id, name) });
      })
      // What a deletion would take, shown to the admin before they confirm it.
      .get('/:id/deletion', requireAdmin(), preview, async (c) =>
        c.json<SiteDeletionResponse>({ deletion: await services.sites.deletionPreview(preview.params(c).id) }),
      )
      .delete('/:id', requireAdmin(), remove, async (c) => {
        const { id } = remove.params(c);
        const { confirm } = await remove.body(c);
        await services.sites.delete(id, confirm);
        // Answered once the deleted text is gone from the files too (search index segments, WAL), as an erasure is.
        await services.visitors.scrub();
        return c.body(null, 204);
      })
      .get('/:id/security', requireAdmin(), security, async (c) =>
        c.json<SiteSecurityResponse>({ security: await services.sites.security(security.params(c).id) }),
      )
      .put('/:id/security', requireAdmin(), setSecurity, async (c) => {
        const { id } = setSecurity.params(c);
        const input = await setSecurity.body(c);
        return c.json<SiteSecurityResponse>({ security: await services.sites.setSecurity(id, input) });
      })
      .put('/:id/appearance', requireAdmin(), appearance, async (c) => {
        const { id } = appearance.params(c);
        const input = await appearance.body(c);
        return c.json<SiteResponse>({ site: await services.sites.setAppearance(id, input) });
      })
      .put('/:id/widget-settings', requireAdmin(), widgetSettings, async (c) => {
        const { id } = widgetSettings.params(c);
        const input = await widgetSettings.body(c);
        return c.json<SiteResponse>({ site: await services.sites.setWidgetSettings(id, input) });
      })
      .post('/:id/secret', requireAdmin(), secret, async (c) =>
        c.json<SiteSecurityResponse>({ security: await services.sites.rotateSecret(secret.params(c).id) }),
      )
  );
}
