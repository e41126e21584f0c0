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
import { jsonBody, params } from '../validate';

/** Sites and their snippets, for agents; creating, renaming and deleting them and their security settings, for admins. */
export function siteRoutes({ services, config }: AppDeps) {
  return (
    new Hono<AppEnv>()
      .use(requireAgent(services))
      // maxUploadBytes: the console checks a file's size before uploading it (attachments).
      .get('/', async (c) => c.json<SiteListResponse>({ items: (await services.sites.list()).map((s) => ({ ...s, maxUploadBytes: config.uploads.maxBytes })) }))
      .post('/', requireAdmin(), async (c) => {
        const { name } = await jsonBody(c, CreateSiteSchema);
        return c.json<SiteResponse>({ site: await services.sites.create({ name }) }, 201);
      })
      .patch('/:id', requireAdmin(), async (c) => {
        const { id } = params(c, IdParamSchema);
        const { name } = await jsonBody(c, RenameSiteSchema);
        return c.json<SiteResponse>({ site: await services.sites.rename(id, name) });
      })
      // What a deletion would take, shown to the admin before they confirm it.
      .get('/:id/deletion', requireAdmin(), async (c) =>
        c.json<SiteDeletionResponse>({ deletion: await services.sites.deletionPreview(params(c, IdParamSchema).id) }),
      )
      .delete('/:id', requireAdmin(), async (c) => {
        const { id } = params(c, IdParamSchema);
        const { confirm } = await jsonBody(c, DeleteSiteSchema);
        await services.sites.delete(id, confirm);
        // Answered once the deleted text is gone from the files too (search index segments, WAL), as an erasure is.
        await services.visitors.scrub();
        return c.body(null, 204);
      })
      .get('/:id/security', requireAdmin(), async (c) => c.json<SiteSecurityResponse>({ security: await services.sites.security(params(c, IdParamSchema).id) }))
      .put('/:id/security', requireAdmin(), async (c) => {
        const { id } = params(c, IdParamSchema);
        const input = await jsonBody(c, SiteSecurityInputSchema);
        return c.json<SiteSecurityResponse>({ security: await services.sites.setSecurity(id, input) });
      })
      .put('/:id/appearance', requireAdmin(), async (c) => {
        const { id } = params(c, IdParamSchema);
        const input = await jsonBody(c, AppearanceSchema);
        return c.json<SiteResponse>({ site: await services.sites.setAppearance(id, input) });
      })
      .put('/:id/widget-settings', requireAdmin(), async (c) => {
        const { id } = params(c, IdParamSchema);
        const input = await jsonBody(c, WidgetSettingsSchema);
        return c.json<SiteResponse>({ site: await services.sites.setWidgetSettings(id, input) });
      })
      .post('/:id/secret', requireAdmin(), async (c) =>
        c.json<SiteSecurityResponse>({ security: await services.sites.rotateSecret(params(c, IdParamSchema).id) }),
      )
  );
}
