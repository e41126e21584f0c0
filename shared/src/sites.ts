/** Creating, renaming and deleting sites (admins): request schemas and answers of /api/v1/sites. */
import * as v from 'valibot';

/** A site's name as admins see it in the console (not shown to visitors: the widget shows the team name). */
export const SITE_NAME_MAX_LENGTH = 80;

const siteName = v.pipe(
  v.string(),
  v.trim(),
  v.minLength(1, 'Name is required'),
  v.maxLength(SITE_NAME_MAX_LENGTH, `Names are at most ${SITE_NAME_MAX_LENGTH} characters`),
);

/** POST /sites (admins): a new site with the first start's defaults. */
export const CreateSiteSchema = v.strictObject({ name: siteName });
export type CreateSiteInput = v.InferOutput<typeof CreateSiteSchema>;

/** PATCH /sites/:id (admins). */
export const RenameSiteSchema = v.strictObject({ name: siteName });
export type RenameSiteInput = v.InferOutput<typeof RenameSiteSchema>;

/**
 * DELETE /sites/:id (admins): the body repeats the site's exact name, so a wrong id or a slip of
 * the mouse deletes nothing. Compared after trimming, as the name was stored trimmed.
 */
export const DeleteSiteSchema = v.strictObject({
  confirm: v.pipe(v.string(), v.trim(), v.minLength(1, 'Type the site’s name to confirm'), v.maxLength(SITE_NAME_MAX_LENGTH * 4)),
});
export type DeleteSiteInput = v.InferOutput<typeof DeleteSiteSchema>;

/** What deleting a site takes with it (GET /sites/:id/deletion), shown before the admin confirms. */
export interface SiteDeletionCounts {
  conversations: number;
  messages: number;
  visitors: number;
  articles: number;
  attachments: number;
  /** Webhook endpoints limited to this site (with their delivery logs). */
  webhooks: number;
}

export interface SiteDeletionPreview {
  siteId: string;
  name: string;
  counts: SiteDeletionCounts;
  /** False when it is the only site (the last one cannot be deleted). */
  deletable: boolean;
}

export interface SiteDeletionResponse {
  deletion: SiteDeletionPreview;
}
