/**
 * An inbound e-mail, parsed into the visitor's reply: pure, no I/O, no storage. The SMTP listener
 * and the inbound webhook both hand the raw message here and act on what comes back.
 *
 * - `reply`: the sender, the `<token>` of every `reply+<token>@<inboundDomain>` recipient (To, Cc,
 *   Delivered-To, X-Original-To; the domain compared case-insensitively, another domain's reply
 *   address ignored; a token is kept as first written and listed once whatever its case, since mail
 *   servers may change the case of a local part and the token lookup ignores it), the new text only,
 *   and the attached files.
 * - `dropped`: why nothing should be stored. Machines are dropped first, so that no mail loop can
 *   start: bounces (`multipart/report`, a From of MAILER-DAEMON or postmaster, an empty Return-Path),
 *   auto-replies (`Auto-Submitted` other than `no`, `X-Autoreply`, `X-Autorespond`,
 *   `X-Auto-Response-Suppress` with All/OOF/AutoReply, `Precedence: junk`), list mail (`List-Id`,
 *   `List-Unsubscribe`, `Precedence: bulk|list`). Then a message for no token, then one with neither
 *   new text nor a file. Oversized input is refused before it is parsed; anything that does not parse
 *   into a message with a sender is `malformed`. This function never throws.
 *
 * The text: mailparser's plain text (it converts the HTML when there is no text/plain part; a
 * blockquote becomes `> ` lines), then the quote headers email-reply-parser does not know are cut
 * (see `cutQuoteHeaders`), then email-reply-parser hides the quoted history and the signatures it
 * knows, then the device signatures it does not know are removed from the end. The result is capped
 * at the length of a chat message (`LIMITS.messageLength`).
 *
 * Attachments are the message's files; images embedded in the HTML by `cid:` (`related`: signature
 * logos, images of the quoted history) are left out. Type sniffing and size limits are the upload
 * path's job, not this one's.
 */
import { createHash } from 'node:crypto';
import { LIMITS } from '@atendo/shared';
import EmailReplyParser from 'email-reply-parser';
import { parseAddressHeader, simpleParser, type AddressObject, type EmailAddress, type ParsedMail } from 'mailparser';

export type DropReason = 'auto-reply' | 'bounce' | 'list' | 'no-token' | 'empty' | 'too-large' | 'malformed';

export interface InboundAttachment {
  filename: string;
  contentType: string;
  bytes: Buffer;
}

export type InboundMail =
  | {
      kind: 'reply';
      /** The `Message-ID`, angle brackets included (a hash of the message when it has none), to store a message delivered twice once. */
      messageId: string;
      from: { address: string; name: string };
      /** Reply tokens in order of appearance, each once. */
      tokens: string[];
      /** The new text only, at most `LIMITS.messageLength` characters; may be empty when files came. */
      text: string;
      attachments: InboundAttachment[];
    }
  | { kind: 'dropped'; reason: DropReason };

export interface ParseInboundOptions {
  /** The domain of reply addresses (`ATENDO_INBOUND_DOMAIN`). */
  inboundDomain: string;
  /** Largest raw message accepted, in bytes. */
  maxBytes: number;
}

/**
 * Only the start of the text is searched for the reply: it is at the top (it is capped at
 * `LIMITS.messageLength` anyway), and email-reply-parser's regexes run in time quadratic in the text
 * when RE2 is not installed (200,000 characters of lines starting with "在" took 8 s; 16,000 take
 * a few tens of milliseconds).
 */
const SCAN_CHARS = 16_000;

const dropped = (reason: DropReason): InboundMail => ({ kind: 'dropped', reason });

export async function parseInbound(raw: Buffer, opts: ParseInboundOptions): Promise<InboundMail> {
  try {
    if (!Buffer.isBuffer(raw)) return dropped('malformed');
    if (raw.length > opts.maxBytes) return dropped('too-large');
    const mail = await simpleParser(raw, { skipImageLinks: true, skipTextLinks: true, skipTextToHtml: true, keepCidLinks: true });
    return interpret(mail, opts);
  } catch {
    return dropped('malformed');
  }
}

function interpret(mail: ParsedMail, opts: ParseInboundOptions): InboundMail {
  const sender = mail.from?.value.find((a) => a.address?.includes('@'));
  if (!sender?.address) return dropped('malformed');

  const machine = machineReason(mail, sender.address);
  if (machine) return dropped(machine);

  const tokens = replyTokens(mail, opts.inboundDomain);
  if (tokens.length === 0) return dropped('no-token');

  const text = capText(extractReply(mail.text ?? ''), LIMITS.messageLength);
  const attachments = mail.attachments
    .filter((a) => !a.related)
    .map((a) => ({ filename: a.filename ?? 'attachment', contentType: a.contentType, bytes: a.content }));
  if (!text && attachments.length === 0) return dropped('empty');

  return {
    kind: 'reply',
    messageId: mail.messageId?.trim() || syntheticMessageId(mail),
    from: { address: sender.address, name: sender.name },
    tokens,
    text,
    attachments,
  };
}

// ---------------------------------------------------------------------------------------------
// Headers

/** Every value of a header, unfolded, from the raw header lines (repeated headers included). */
function headerValues(mail: ParsedMail, key: string): string[] {
  return mail.headerLines
    .filter((h) => h.key === key)
    .map((h) =>
      h.line
        .slice(h.line.indexOf(':') + 1)
        .replace(/\r?\n[ \t]+/g, ' ')
        .trim(),
    );
}

const has = (mail: ParsedMail, key: string) => mail.headerLines.some((h) => h.key === key);

function machineReason(mail: ParsedMail, from: string): DropReason | null {
  const localPart = from.slice(0, from.lastIndexOf('@')).toLowerCase();
  const contentType = headerValues(mail, 'content-type')[0]?.toLowerCase() ?? '';
  if (contentType.startsWith('multipart/report') || localPart === 'mailer-daemon' || localPart === 'postmaster') return 'bounce';

  const precedence = headerValues(mail, 'precedence').map((v) => v.toLowerCase());
  const autoSubmitted = headerValues(mail, 'auto-submitted').map((v) => v.split(';')[0]!.trim().toLowerCase());
  const suppress = headerValues(mail, 'x-auto-response-suppress').flatMap((v) => v.toLowerCase().split(/[\s,]+/));
  if (
    autoSubmitted.some((v) => v !== 'no') ||
    has(mail, 'x-autoreply') ||
    has(mail, 'x-autorespond') ||
    suppress.some((v) => v === 'all' || v === 'oof' || v === 'autoreply') ||
    precedence.includes('junk')
  )
    return 'auto-reply';

  if (has(mail, 'list-id') || has(mail, 'list-unsubscribe') || precedence.some((v) => v === 'bulk' || v === 'list')) return 'list';

  // The null sender: what DSNs and most auto-responders are sent from (RFC 5321 §4.5.5, RFC 3834).
  if (headerValues(mail, 'return-path').some((v) => v.replace(/[\s<>]/g, '') === '')) return 'bounce';
  return null;
}

const REPLY_ADDRESS = /^reply\+([A-Za-z0-9_-]{1,200})@(.+)$/i;

function replyTokens(mail: ParsedMail, inboundDomain: string): string[] {
  const domain = inboundDomain.trim().replace(/\.$/, '').toLowerCase();
  const addresses = [
    ...addressesOf(mail.to),
    ...addressesOf(mail.cc),
    ...addressesOf(headerValues(mail, 'delivered-to').map((v) => parseAddressHeader(v))),
    ...addressesOf(headerValues(mail, 'x-original-to').map((v) => parseAddressHeader(v))),
  ];
  const tokens: string[] = [];
  for (const address of addresses) {
    const m = REPLY_ADDRESS.exec(address.trim());
    const token = m?.[1];
    if (token && m[2]!.replace(/\.$/, '').toLowerCase() === domain && !tokens.some((t) => t.toLowerCase() === token.toLowerCase())) tokens.push(token);
  }
  return tokens;
}

/** The addresses of one or more address headers, groups flattened; display names are never looked at. */
function addressesOf(header: AddressObject | AddressObject[] | undefined): string[] {
  const flat = (list: EmailAddress[]): string[] => list.flatMap((a) => (a.group ? flat(a.group) : a.address ? [a.address] : []));
  return header ? [header].flat().flatMap((h) => flat(h.value)) : [];
}

function syntheticMessageId(mail: ParsedMail): string {
  const hash = createHash('sha256');
  for (const key of ['from', 'date', 'subject', 'to', 'in-reply-to']) hash.update(`${headerValues(mail, key).join('\n')}\0`);
  hash.update(mail.text ?? '');
  return `<${hash.digest('hex')}@inbound.atendo.invalid>`;
}

// ---------------------------------------------------------------------------------------------
// Text

/**
 * Quote headers email-reply-parser does not recognise, tested on a line joined with up to two
 * following lines (clients wrap long attribution lines). Each needs a time of day (14:05) so that a
 * sentence of the reply is not taken for one.
 */
const QUOTE_HEADERS: RegExp[] = [
  // pt-BR (Gmail, Apple Mail, Outlook mobile): "Em qua., 2 de dez. de 2026 às 14:05, Acme <…> escreveu:"
  /^Em\s(?=[^\n]*\d:\d\d)[^\n]{5,300}\sescreveu\s?:$/i,
  // ru Gmail: "чт, 3 дек. 2026 г. в 14:05, Acme <…>:" (email-reply-parser knows only Wednesday, "ср")
  /^(пн|вт|ср|чт|пт|сб|вс),\s[^\n]{1,100}\sг\.\s(в\s)?\d{1,2}:\d{2},\s[^\n]{1,200}:$/i,
  // ru Apple Mail, Thunderbird, Yandex: "2 дек. 2026 г., в 14:05, Acme <…> написал(а):", "02.12.2026 14:05, Acme пишет:"
  /^\d(?=[^\n]*\d:\d\d)[^\n]{4,300}\s(написал|написала|написал\(а\)|пишет)\s?:$/i,
  // ru Mail.ru: "Среда, 2 декабря 2026, 14:05 +03:00 от Acme <…>:"
  /^(понедельник|вторник|среда|четверг|пятница|суббота|воскресенье),\s\d[^\n]{1,100}\d:\d\d[^\n]{0,100}\sот\s[^\n]{1,200}:$/i,
  // Outlook's separators (ru, pt-BR; the English one email-reply-parser knows)
  /^-{2,}\s*(Исходное сообщение|Пересылаемое сообщение|Mensagem original|Original Message)\s*-{2,}$/i,
];

/** Outlook's header block: a From line (en, pt-BR, ru) followed by another header of the quoted message. */
const OUTLOOK_FROM = /^\*?(From|De|От)\s?:\*?\s*\S/i;
const OUTLOOK_NEXT = /^\*?(Sent|Date|To|Cc|Subject|Enviado|Enviada em|Data|Para|Assunto|Отправлено|Дата|Кому|Копия|Тема)\s?:/i;

/** Device and app signatures, removed only as the last line of the reply (en is email-reply-parser's). */
const SIGNATURE_LINES: RegExp[] = [
  /^Sent (from|with|via) (my )?[^\n]{1,60}$/i,
  /^Get Outlook for [^\n]{1,40}$/i,
  /^Enviado (do|da|de|pelo|pela|a partir do|a partir de|via) [^\n]{1,60}$/i,
  /^Obter o Outlook para [^\n]{1,40}$/i,
  /^Отправлено (с|со|из|через) [^\n]{1,60}$/i,
  /^(Получить|Скачайте) Outlook для [^\n]{1,40}$/i,
];

/** The new text of a reply's plain text body: quoted history and signatures removed. */
export function extractReply(body: string): string {
  let lines = body
    .slice(0, SCAN_CHARS)
    .replace(/\r\n?/g, '\n')
    .replace(/\uFEFF/g, '')
    .split('\n')
    .map((l) => (/^--\s$/.test(l) ? '-- ' : l.replace(/\s+$/, '')));

  lines = lines.slice(0, quoteHeaderIndex(lines));

  const visible = new EmailReplyParser().read(lines.join('\n')).getVisibleText();
  lines = visible.split('\n').map((l) => l.replace(/\s+$/, ''));

  const delimiter = lines.findIndex((l) => l === '-- ' || l === '--');
  if (delimiter >= 0) lines = lines.slice(0, delimiter);
  for (;;) {
    while (lines.length && lines.at(-1)!.trim() === '') lines.pop();
    const last = lines.at(-1)?.trim();
    if (last === undefined || !SIGNATURE_LINES.some((re) => re.test(last))) break;
    lines.pop();
  }
  while (lines.length && lines[0]!.trim() === '') lines.shift();
  return lines.join('\n').replace(/\n{3,}/g, '\n\n');
}

/** Index of the first line that starts quoted history we recognise (see QUOTE_HEADERS), or the line count. */
function quoteHeaderIndex(lines: string[]): number {
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (!line || line.startsWith('>')) continue;
    if (OUTLOOK_FROM.test(line) && lines.slice(i + 1, i + 6).some((l) => OUTLOOK_NEXT.test(l.trim()))) return i;
    let joined = '';
    for (let j = i; j < Math.min(i + 3, lines.length); j++) {
      const next = lines[j]!.trim();
      if (!next || next.startsWith('>')) break;
      joined = joined ? `${joined} ${next}` : next;
      if (joined.length > 400) break;
      if (QUOTE_HEADERS.some((re) => re.test(joined))) return i;
    }
  }
  return lines.length;
}

/** At most `max` UTF-16 units (what the shared schema counts), ending in "…" when cut, never half a surrogate pair. */
function capText(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, max - 1);
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut.trimEnd()}…`;
}
