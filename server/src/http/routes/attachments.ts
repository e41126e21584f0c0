import { Hono, type Context } from 'hono';
import { AgentUploadQuerySchema, IdParamSchema, VisitorUploadQuerySchema, isInlineImage, nameForType, type AttachmentUploadResponse } from '@atendo/shared';
import type { Uploader } from '../../domain/attachments';
import { AppError } from '../../domain/errors';
import type { AppDeps, AppEnv } from '../context';
import { requestIp } from '../ip';
import { requireAgent, sameOrigin } from '../session';
import { route } from '../spec';

const tag = 'Files';
/** What both uploads share: the body, the type rules, the limits. */
const upload =
  'The body is the file’s raw bytes (no multipart), streamed to disk under `ATENDO_MAX_UPLOAD_MB`; `name` is 1–255 characters. ' +
  'The type is decided from the bytes, never from `Content-Type`: images (PNG, JPEG, GIF, WebP) and PDF whatever their name; ZIP named `.zip`; ' +
  'office files named `.docx`, `.xlsx`, `.pptx`, `.odt`, `.ods` or `.odp`; UTF-8 text named `.txt` or `.csv`. ' +
  'Anything else is a 415, and so are a file named or declared an image (or named `.pdf`) whose bytes are not one, and office files that can carry macros ' +
  '(OLE `.doc`/`.xls`/`.ppt`, `.docm`/`.xlsm`/`.pptm`/`.xlsb`…). The stored name ends in the type’s extension.\n\n' +
  'Uploads are limited per uploader (`ATENDO_RATE_UPLOADS_PER_HOUR`) and per client address (`ATENDO_RATE_UPLOADS_PER_IP_PER_HOUR`). ' +
  'A refused upload is answered with `Connection: close`: the rest of its body is not read.\n\n' +
  'The upload belongs to no conversation until a message carries it: `message.send` takes its `attachmentId` (docs/protocol.md). ' +
  'Unsent uploads are forgotten after a day.';
/** The answers both uploads share. */
const uploadAnswers = {
  201: '`{ attachment: { id, name, mime, size, url } }`; `url` is relative to Atendo (`/api/v1/attachments/<id>/<key>`)',
  400: 'A malformed query, or an empty file',
  413: 'Larger than `ATENDO_MAX_UPLOAD_MB`',
  415: 'Not an allowed file type',
  429: 'Too many files (with `Retry-After`)',
};
const visitorUpload = route({
  summary: 'Upload a file to a visitor’s chat (the widget; the visitor’s token as bearer)',
  description:
    'A visitor, from a page of one of the site’s allowed origins, with `Authorization: Bearer <visitor token>` (the preflight allows `Authorization`). ' +
    'A visitor who has not written yet has no token: the widget first sends `session.start` on its socket.\n\n' +
    upload,
  tag,
  auth: 'visitor',
  query: VisitorUploadQuerySchema,
  rawBody: { type: 'application/octet-stream', description: 'The file' },
  responses: {
    ...uploadAnswers,
    401: 'No valid visitor token of that site',
    403: 'No `Origin`, or one the site does not allow; or an anonymous visitor on a site that requires a verified identity (`identity_required`)',
    404: 'Unknown site',
  },
});
const agentUpload = route({
  summary: 'Upload a file to a conversation (an agent)',
  description:
    'An agent in the console: the session cookie and Atendo’s own `Origin` (the API’s CSRF rule, without its JSON-only part). The file is stored for the conversation’s site.\n\n' +
    upload,
  tag,
  auth: 'session',
  query: AgentUploadQuerySchema,
  rawBody: { type: 'application/octet-stream', description: 'The file' },
  responses: { ...uploadAnswers, 403: 'A cross-site request', 404: 'No such conversation' },
});
const download = route({
  summary: 'Download a file (the key in its URL is the permission)',
  description:
    'For whoever holds the URL; `HEAD` too. `Content-Type` is the decided type (text with `charset=utf-8`), `Content-Disposition` `inline` for images and `attachment` for everything else ' +
    "(with `filename*` in UTF-8, ending in the type’s extension), `X-Content-Type-Options: nosniff`, `Content-Security-Policy: sandbox; default-src 'none'`, " +
    '`Cache-Control: private, max-age=31536000, immutable`, and `Cross-Origin-Resource-Policy: cross-origin` (the widget shows images on the site’s pages). ' +
    'An erasure deletes the file: its URL then answers 404.',
  tag,
  auth: 'public',
  params: IdParamSchema,
  responses: { 200: 'The file', 404: 'No such file, or a wrong key' },
});
import { widgetOrigin } from '../widget-origin';

/** `filename` (ASCII fallback) and `filename*` (UTF-8) for Content-Disposition. */
function disposition(kind: 'inline' | 'attachment', fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\%;]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/**
 * Files in chat, mounted under /api/v1 before the API's 64 KB body limit so an upload is
 * streamed to disk under its own limit (ATENDO_MAX_UPLOAD_MB):
 * - `POST /widget/attachments?site=&name=` — a visitor, from an allowed origin, `Authorization: Bearer <token>`;
 * - `POST /attachments?conversation=&name=` — an agent (session cookie, Atendo's own origin);
 * - `GET /attachments/:id/:key` — the file, for whoever holds the key (it is in the message's URL).
 * The body is the file's bytes; its type is decided from them, never from the Content-Type.
 */
export function attachmentRoutes(deps: AppDeps) {
  const { services, config } = deps;
  const limits = config.uploads;
  const perUploader = services.rateLimits.shared('uploads.per-uploader', limits.perUploaderPerHour, 3600_000);
  const perIp = services.rateLimits.shared('uploads.per-ip', limits.perIpPerHour, 3600_000);

  async function receive(c: Context<AppEnv>, who: Uploader, fileName: string) {
    const ip = requestIp(c, config.limits.trustProxy);
    const key = `${who.kind}:${who.id}`;
    const length = Number(c.req.header('content-length') ?? NaN);
    try {
      if (length > limits.maxBytes) throw new AppError('payload_too_large', `The file is larger than ${Math.floor(limits.maxBytes / 1024 / 1024)} MB`);
      // Taken, not peeked: uploads in parallel (on several instances) cannot all pass one last token.
      const [mine, address] = await Promise.all([perUploader.hit(key), perIp.hit(ip)]);
      if (!mine.ok || !address.ok) {
        await Promise.all([mine.ok && perUploader.refund(key), address.ok && perIp.refund(ip)]);
        const wait = Math.max(mine.ok ? 0 : mine.retryAfterMs, address.ok ? 0 : address.retryAfterMs);
        c.header('Retry-After', String(Math.ceil(wait / 1000)));
        throw new AppError('rate_limited', `Too many files; try again in ${Math.ceil(wait / 60_000)} min`);
      }
      const attachment = await services.attachments.upload(who, fileName, c.req.header('content-type') ?? '', c.req.raw.body, limits.maxBytes);
      return c.json<AttachmentUploadResponse>({ attachment }, 201);
    } catch (err) {
      // The rest of a refused body is not worth reading: close the connection after the answer.
      c.header('Connection', 'close');
      throw err;
    }
  }

  return (
    new Hono<AppEnv>()
      .options('/widget/attachments', widgetOrigin(deps))
      .post('/widget/attachments', widgetOrigin(deps), visitorUpload, async (c) => {
        const q = visitorUpload.query(c);
        const token = /^Bearer ([A-Za-z0-9_-]{10,128})$/.exec(c.req.header('authorization') ?? '')?.[1];
        const visitor = token ? await services.visitors.authenticate(q.site, token) : undefined;
        if (!visitor) throw new AppError('unauthorized', 'Unknown or expired visitor token');
        // The site's identity policy, as the socket applies it: with a verified identity required, an
        // anonymous visitor's token (one from before the switch) uploads nothing.
        if (!visitor.verified && (await services.sites.row(q.site))?.identityRequired)
          throw new AppError('identity_required', 'This site requires a verified identity');
        return receive(c, { kind: 'visitor', id: visitor.id, siteId: visitor.siteId }, q.name);
      })
      // CSRF: the session cookie alone is not enough, the request must come from the console's origin
      // (the API's own check, without its JSON-only rule: the body is the file).
      .post('/attachments', sameOrigin(config.publicUrl, { jsonOnly: false }), requireAgent(services), agentUpload, async (c) => {
        const q = agentUpload.query(c);
        const conversation = await services.conversations.get(q.conversation);
        return receive(c, { kind: 'agent', id: c.get('agent').id, siteId: conversation.siteId }, q.name);
      })
      .get('/attachments/:id/:key', download, async (c) => {
        // A malformed id is a 400; a wrong key, an unknown id and bytes gone are the same 404.
        const { row, blob } = await services.attachments.read(download.params(c).id, c.req.param('key'));
        const inline = isInlineImage(row.mime);
        c.header('Content-Type', row.mime.startsWith('text/') ? `${row.mime}; charset=utf-8` : row.mime);
        c.header('Content-Length', String(row.size));
        // The name a browser saves under ends in the served type's extension (files stored before that rule too).
        c.header('Content-Disposition', disposition(inline ? 'inline' : 'attachment', nameForType(row.name, row.mime)));
        c.header('X-Content-Type-Options', 'nosniff');
        c.header('Content-Security-Policy', "sandbox; default-src 'none'");
        // The URL holds the key and the bytes never change: cache for good, but only in the browser.
        c.header('Cache-Control', 'private, max-age=31536000, immutable');
        // The widget shows images on the host site's pages: the key, not the origin, guards the file.
        c.header('Cross-Origin-Resource-Policy', 'cross-origin');
        if (c.req.method === 'HEAD') return c.body(null, 200);
        return c.body(blob.stream(), 200);
      })
  );
}
