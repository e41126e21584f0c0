/**
 * Files in chat (issue 6): what both sides agree on before the server checks the bytes. The server
 * decides the stored type from the file's first bytes (server/src/domain/file-types.ts); these lists
 * only let a client refuse early with a clear message.
 */

/** A file carried by a message, as it travels on the wire. `url` is relative to the Atendo server. */
export interface MessageAttachment {
  id: string;
  name: string;
  /** The type the server sniffed and serves (never the client's claim). */
  mime: string;
  /** Bytes. */
  size: number;
  /** `/api/v1/attachments/<id>/<key>`: the random key in it is what grants access. */
  url: string;
}

export interface AttachmentUploadResponse {
  attachment: MessageAttachment;
}

/** Default largest upload (ATENDO_MAX_UPLOAD_MB). */
export const DEFAULT_MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

/** File name extensions Atendo accepts, for the file picker's `accept` and the client-side check. */
export const ATTACHMENT_EXTENSIONS = [
  'png', 'jpg', 'jpeg', 'gif', 'webp',
  'pdf', 'txt', 'csv', 'zip',
  'doc', 'docx', 'xls', 'xlsx', 'ppt', 'pptx', 'odt', 'ods', 'odp',
] as const;

/** The picker's `accept` attribute. */
export const ATTACHMENT_ACCEPT = ATTACHMENT_EXTENSIONS.map((e) => '.' + e).join(',');

/** Images are shown inline; every other type is offered as a download. */
export function isInlineImage(mime: string): boolean {
  return /^image\/(png|jpeg|gif|webp)$/.test(mime);
}

/** Why a file cannot be sent, checked before any byte leaves the browser (the server checks again). */
export function attachmentProblem(file: { name: string; size: number }, maxBytes = DEFAULT_MAX_UPLOAD_BYTES): 'type' | 'size' | 'empty' | null {
  const ext = /\.([A-Za-z0-9]+)$/.exec(file.name)?.[1]?.toLowerCase();
  if (!ext || !(ATTACHMENT_EXTENSIONS as readonly string[]).includes(ext)) return 'type';
  if (file.size === 0) return 'empty';
  if (file.size > maxBytes) return 'size';
  return null;
}

/** 1.2 MB, 340 KB, 12 B (decimal separator of the locale). */
export function formatBytes(n: number, locale?: string): string {
  const [value, unit] = n >= 1024 * 1024 ? [n / 1024 / 1024, 'MB'] : n >= 1024 ? [n / 1024, 'KB'] : [n, 'B'];
  const digits = unit === 'B' || value >= 10 ? 0 : 1;
  return `${value.toLocaleString(locale, { maximumFractionDigits: digits })} ${unit}`;
}
