import { Hono } from 'hono';
import {
  AppearanceSchema,
  WidgetSettingsSchema,
  type SiteResponse,
  SiteSecurityInputSchema,
  type SiteListResponse,
  type SiteSecurityResponse,
} from '@atendo/shared';
import type { AppDeps, AppEnv } from '../context';
import { requireAdmin, requireAgent } from '../session';
import { jsonBody } from '../validate';

/** Sites and their snippets, for agents; their security settings, for admins. */
export function siteRoutes({ services, config }: AppDeps) {
  return (
    new Hono<AppEnv>()
      .use(requireAgent(services))
      // maxUploadBytes: the console checks a file's size before uploading it (attachments).
      .get('/', (c) => c.json<SiteListResponse>({ items: services.sites.list().map((s) => ({ ...s, maxUploadBytes: config.uploads.maxBytes })) }))
      .get('/:id/security', requireAdmin(), (c) => c.json<SiteSecurityResponse>({ security: services.sites.security(c.req.param('id')) }))
      .put('/:id/security', requireAdmin(), async (c) => {
        const input = await jsonBody(c, SiteSecurityInputSchema);
        return c.json<SiteSecurityResponse>({ security: services.sites.setSecurity(c.req.param('id'), input) });
      })
      .put('/:id/appearance', requireAdmin(), async (c) => {
        const input = await jsonBody(c, AppearanceSchema);
        return c.json<SiteResponse>({ site: services.sites.setAppearance(c.req.param('id'), input) });
      })
      .put('/:id/widget-settings', requireAdmin(), async (c) => {
        const input = await jsonBody(c, WidgetSettingsSchema);
        return c.json<SiteResponse>({ site: services.sites.setWidgetSettings(c.req.param('id'), input) });
      })
      .post('/:id/secret', requireAdmin(), (c) => c.json<SiteSecurityResponse>({ security: services.sites.rotateSecret(c.req.param('id')) }))
  );
}
