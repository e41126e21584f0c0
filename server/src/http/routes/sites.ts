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
/** A change a visitor sees: the widget's config is cached 60 s. */
const withinAMinute = 'Visitors see the change within a minute (the widget’s config is cached 60 s).';
const list = route({
  summary: 'List the sites, each with its snippet to paste',
  description:
    'Oldest first. Each site with its `snippet` (the `<script>` tag to paste into its pages), its appearance and widget settings, and `maxUploadBytes` (`ATENDO_MAX_UPLOAD_MB`: clients refuse a larger file before uploading). ' +
    'The first start creates one (“My website”). Any API token may read the list, whatever its scopes.',
  tag,
  auth: 'session',
  scope: 'any',
  responses: { 200: '`{ items: Site[] }`' },
});
const create = route({
  summary: 'Create a site',
  description:
    'A name (trimmed, 1–80 characters, seen by the team only: the widget shows the team name). The site starts with the first start’s defaults: team name “Support team”, no greeting (each visitor is greeted in their language), ' +
    'bottom right, the default colour, no allowed origins, default widget settings, and an identity secret of its own. ' +
    'Each site has its own snippet, settings, conversations, visitors and articles.',
  ...settings,
  body: CreateSiteSchema,
  responses: { 201: '`{ site }` with its snippet' },
});
const rename = route({
  summary: 'Rename a site',
  description: 'Trimmed, 1–80 characters; seen by the team only.',
  ...settings,
  params: IdParamSchema,
  body: RenameSiteSchema,
  responses: { 200: '`{ site }`', 404: 'No such site' },
});
const preview = route({
  summary: 'What deleting a site would delete (counts)',
  description: 'Shown to the admin before they confirm. `deletable` is false for the only site.',
  ...settings,
  params: IdParamSchema,
  responses: {
    200: '`{ deletion: { siteId, name, counts: { conversations, messages, visitors, articles, attachments }, deletable } }`',
    404: 'No such site',
  },
});
const remove = route({
  summary: 'Delete a site and everything in it',
  description:
    'The body repeats the site’s exact name (`confirm`, compared trimmed). In one transaction: the site, its conversations (messages, notes, ratings, e-mails), visitors, help articles, files (the bytes too, after the commit) ' +
    'and the webhook endpoints limited to it. Answered once the deleted text is scrubbed from the database files, as an erasure is.\n\n' +
    'Its widgets’ sockets are closed `4404` and every console gets `site.deleted`, on every instance; from then on the site is an unknown site. The only site cannot be deleted.',
  ...settings,
  params: IdParamSchema,
  body: DeleteSiteSchema,
  responses: {
    204: 'Deleted',
    400: 'The name does not match: nothing was deleted',
    404: 'No such site',
    409: 'It is the only site: create another first',
  },
});
const security = route({
  summary: 'A site’s security settings (allowed origins, identity secret)',
  description: '`allowedOrigins`, `identityRequired` and `secret` (the identity secret a site’s server signs visitors’ identities with: docs/widget.md).',
  ...settings,
  params: IdParamSchema,
  responses: { 200: '`{ security: { siteId, allowedOrigins, identityRequired, secret } }`', 404: 'No such site' },
});
const setSecurity = route({
  summary: 'Set a site’s allowed origins and whether a verified identity is required',
  description:
    'Origins (at most 50) are normalized (`https://shop.example.com`, a port if any) and deduplicated; a wildcard, a path or a malformed one is a 400 naming it. ' +
    'The widget’s socket and HTTP endpoints answer only pages of these origins (and Atendo’s own).\n\n' +
    'Turning `identityRequired` on takes back, in the same transaction, the tokens of the site’s verified contacts (they get new ones by proving their identity again), ' +
    'and closes every visitor socket of the site that proved no identity (`4403`); anonymous visitors’ uploads are refused from then on.',
  ...settings,
  params: IdParamSchema,
  body: SiteSecurityInputSchema,
  responses: { 200: '`{ security }`', 404: 'No such site' },
});
const appearance = route({
  summary: 'Set a site’s widget appearance',
  description:
    '`color` `#rrggbb`, `position` `right` or `left`, `teamName` 1–60 characters, `greeting` at most 280 (empty: each visitor is greeted in their own language), ' +
    '`launcherLabel` at most 40 (empty: the bubble shows only its icon); text is trimmed. ' +
    withinAMinute,
  ...settings,
  params: IdParamSchema,
  body: AppearanceSchema,
  responses: { 200: '`{ site }`', 404: 'No such site' },
});
const widgetSettings = route({
  summary: 'Replace a site’s widget settings (pre-chat, hours, proactive messages, survey…)',
  description:
    'The whole set, stored as one piece and sent to the widget in its config:\n\n' +
    '- `avatarUrl`: an `https://` image URL for the widget’s header, or `""` (the team name’s initial).\n' +
    '- `prechat`: `{ enabled, name, email, question }`, each field `off`, `optional` or `required`.\n' +
    '- `hours`: `{ enabled, timezone, openings }`: an IANA time zone and at most 28 `{ day (0 = Sunday … 6), open, close }` spans (`"09:00"`, open before close). ' +
    'While closed by these, the widget offers to leave a message.\n' +
    '- `csat`, `nps`: which survey questions to ask when a conversation is resolved (default CSAT on, NPS off).\n' +
    '- `triggers`: at most 20 proactive messages `{ id, name, enabled, message, timeOnPageSec?, urlPattern?, minVisits? }` ' +
    '(`message` up to 500 characters; seconds 0–3600; `urlPattern` a substring or `*` pattern of the page URL; visits 1–1000); each shows once per visitor.\n' +
    '- `pageQueryParams`: optional, at most 30 query-parameter names kept in the page addresses agents see (default the five `utm_*`); every other parameter and every `#fragment` is dropped.\n\n' +
    withinAMinute,
  ...settings,
  params: IdParamSchema,
  body: WidgetSettingsSchema,
  responses: { 200: '`{ site }`', 404: 'No such site' },
});
const secret = route({
  summary: 'Rotate a site’s identity secret',
  description:
    'Identity hashes made with the old secret stop verifying at once. What a leaked old secret gave out is taken back, in the same transaction: the tokens of the site’s verified contacts stop working, ' +
    'and their sockets, and those that proved an identity with the old secret, are closed (`4401`); the widget reconnects with the page’s current identity.',
  ...settings,
  params: IdParamSchema,
  responses: { 200: '`{ security }` with the new secret', 404: 'No such site' },
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
