/**
 * Files in chat: what both sides agree on before the server checks the bytes. The server
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

/**
 * File name extensions Atendo accepts, for the file picker's `accept` and the client-side check.
 * Not the legacy OLE office formats (.doc, .xls, .ppt): they can carry macros (see file-types.ts).
 */
export const ATTACHMENT_EXTENSIONS = ['png', 'jpg', 'jpeg', 'gif', 'webp', 'pdf', 'txt', 'csv', 'zip', 'docx', 'xlsx', 'pptx', 'odt', 'ods', 'odp'] as const;

/** The extensions a stored type may be saved under, the usual one first. */
const TYPE_EXTENSIONS: Record<string, readonly string[]> = {
  'image/png': ['png'],
  'image/jpeg': ['jpg', 'jpeg'],
  'image/gif': ['gif'],
  'image/webp': ['webp'],
  'application/pdf': ['pdf'],
  'application/zip': ['zip'],
  'text/plain': ['txt'],
  'text/csv': ['csv'],
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': ['docx'],
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': ['xlsx'],
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': ['pptx'],
  'application/vnd.oasis.opendocument.text': ['odt'],
  'application/vnd.oasis.opendocument.spreadsheet': ['ods'],
  'application/vnd.oasis.opendocument.presentation': ['odp'],
  // No longer accepted, but files stored before keep a name that matches what they are.
  'application/msword': ['doc'],
  'application/vnd.ms-excel': ['xls'],
  'application/vnd.ms-powerpoint': ['ppt'],
};

/**
 * The name a file of type `mime` is stored, served and saved under: its extension is the type's.
 * A name whose extension already fits is kept as it is (any case; .jpg and .jpeg alike). Otherwise
 * a wrong extension is replaced (`invoice.html` → `invoice.pdf`, `invoice.pdf.cmd` → `invoice.pdf`,
 * `x.exe` → `x.png`), because the last extension is what the agent's computer acts on, and
 * appending would leave `x.exe.png`, which shows as `x.exe` where known extensions are hidden.
 * Something that is not a plausible extension (`Scan 12.03.2024`: digits only) is kept and the
 * type's extension appended. Trailing dots and spaces go first (Windows drops them, so
 * `x.cmd.` would be saved as `x.cmd`). An unknown type gets `.bin`, which nothing runs.
 */
export function nameForType(name: string, mime: string): string {
  const exts = TYPE_EXTENSIONS[mime.toLowerCase().split(';')[0]!.trim()] ?? ['bin'];
  const base = name.replace(/[. ]+$/, '');
  const fits = (n: string) => exts.includes(/\.([A-Za-z0-9]+)$/.exec(n)?.[1]?.toLowerCase() ?? '');
  if (fits(base)) return base;
  const m = /\.([A-Za-z0-9]{1,10})$/.exec(base);
  const stem = (m && /[A-Za-z]/.test(m[1]!) ? base.slice(0, -m[0].length) : base).replace(/[. ]+$/, '');
  // `invoice.pdf.cmd`: without the wrong extension the name already says what it is.
  if (stem && fits(stem)) return stem;
  const ext = '.' + exts[0]!;
  return (stem || 'file').slice(0, 200 - ext.length) + ext;
}

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
