/**
 * What a file really is, from its first bytes. The client's declared type is
 * never trusted: an image must start like one, a PDF like a PDF, an office file like a ZIP, and text
 * must be UTF-8 without NUL bytes. Nothing is ever served as HTML, and the name a file is stored
 * under ends in its type's extension (`nameForType`, shared/src/attachments.ts), so a browser saves it
 * as what it is, not as what its sender named it.
 *
 * Office files that can carry macros are refused: the legacy OLE formats (.doc, .xls, .ppt) and the
 * macro-enabled ones (.docm, .xlsm, .pptm…). A file from an anonymous visitor to an agent is the
 * classic way in for macro malware, and the modern formats (.docx, .xlsx, .pptx, ODF) cover every
 * honest use. Office refuses to open a .docx/.xlsx/.pptx that holds macros, so those stay accepted.
 */

/** How many leading bytes `sniffType` looks at (text is checked on this much). */
export const SNIFF_BYTES = 64 * 1024;

const OFFICE_ZIP: Record<string, string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  odt: 'application/vnd.oasis.opendocument.text',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
  odp: 'application/vnd.oasis.opendocument.presentation',
};
/** Office formats that may hold macros, by extension (refused, see above). */
const MACRO_EXT = new Set([
  'doc',
  'dot',
  'xls',
  'xlt',
  'xla',
  'ppt',
  'pot',
  'pps',
  'docm',
  'dotm',
  'xlsm',
  'xltm',
  'xlam',
  'xlsb',
  'pptm',
  'potm',
  'ppsm',
  'ppam',
]);
const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const IMAGE_EXT = new Set(['png', 'jpg', 'jpeg', 'gif', 'webp']);

function startsWith(head: Uint8Array, bytes: readonly number[], at = 0): boolean {
  if (head.length < at + bytes.length) return false;
  return bytes.every((b, i) => head[at + i] === b);
}

const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

/** The image type the bytes say, or null. */
export function imageType(head: Uint8Array): string | null {
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(head, ascii('GIF87a')) || startsWith(head, ascii('GIF89a'))) return 'image/gif';
  if (startsWith(head, ascii('RIFF')) && startsWith(head, ascii('WEBP'), 8)) return 'image/webp';
  return null;
}

function isUtf8Text(head: Uint8Array): boolean {
  if (head.includes(0)) return false;
  try {
    // `stream: true`: a multi-byte character cut at the end of the sample is not an error.
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    return true;
  } catch {
    return false;
  }
}

/** The lower-case extension of a file name ('' when none). */
export function extensionOf(name: string): string {
  return /\.([A-Za-z0-9]+)$/.exec(name)?.[1]?.toLowerCase() ?? '';
}

/**
 * The type to store and serve a file as, or null when it is not allowed. `head` is the file's first
 * bytes (up to SNIFF_BYTES; all of it when smaller), `name` the uploader's file name, `declared`
 * the Content-Type they sent (only used to tell that they claimed an image).
 */
export function sniffType(head: Uint8Array, name: string, declared = ''): string | null {
  const ext = extensionOf(name);
  const image = imageType(head);
  // Images are whatever their bytes say; a file that claims to be an image and is not is refused.
  if (image) return image;
  if (IMAGE_EXT.has(ext) || /^image\//i.test(declared)) return null;
  if (startsWith(head, ascii('%PDF-'))) return 'application/pdf';
  if (ext === 'pdf') return null;
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04]) || startsWith(head, [0x50, 0x4b, 0x05, 0x06])) {
    if (OFFICE_ZIP[ext]) return OFFICE_ZIP[ext];
    return ext === 'zip' ? 'application/zip' : null;
  }
  // An OLE container (legacy office, .msi, .msg…) is never accepted.
  if (startsWith(head, OLE)) return null;
  // CSV is accepted byte for byte, formula-looking cells (=, +, -, @) included: they are the
  // customer's own data (-5, +55 11…), rewriting them would corrupt it, and Atendo never opens the
  // file. Spreadsheets open a downloaded file in Protected View and warn before external content.
  if ((ext === 'txt' || ext === 'csv') && isUtf8Text(head)) return ext === 'csv' ? 'text/csv' : 'text/plain';
  return null;
}

/** An office file that may carry macros (refused with its own explanation). */
export function mayCarryMacros(head: Uint8Array, name: string): boolean {
  return startsWith(head, OLE) || MACRO_EXT.has(extensionOf(name));
}

/**
 * A file name that is safe to store and show: no directories, no control characters, at most 200
 * characters (the extension is kept). Never used on disk.
 */
export function cleanFileName(raw: string): string {
  const base = raw.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  let name = base.replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, '').trim();
  if (name.startsWith('.')) name = name.replace(/^\.+/, '');
  if (name.length > 200) {
    const ext = extensionOf(name);
    name = name.slice(0, 200 - ext.length - 1) + (ext ? '.' + ext : '');
  }
  return name || 'file';
}
