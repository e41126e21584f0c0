/** Pure text helpers both the widget and the console need. */

/**
 * The text with every lone UTF-16 surrogate replaced by U+FFFD, as SQLite (UTF-8) would store it:
 * what is stored, acked and compared on a retry is then the same string (`String#toWellFormed`).
 */
export function wellFormed(text: string): string {
  return text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

/** Short one-line preview of a message body for lists. */
export function preview(body: string, max = 80): string {
  const line = body.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

export type TextPart = { kind: 'text'; text: string } | { kind: 'link'; text: string; href: string };

const LINK_RE = /\b(?:https?:\/\/[^\s<>"']+|mailto:[^\s<>"']+|www\.[^\s<>"']+)/gi;

/**
 * Split text into plain runs and links. Only http, https and mailto become links, so a
 * `javascript:` URL stays text. Callers render every part as a text node (never as HTML).
 */
export function linkify(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let last = 0;
  for (const m of text.matchAll(LINK_RE)) {
    let raw = m[0];
    // Trailing punctuation is almost always sentence punctuation, not part of the URL.
    const trail = /[.,;:!?)\]]+$/.exec(raw);
    if (trail) raw = raw.slice(0, -trail[0].length);
    const start = m.index ?? 0;
    if (start > last) parts.push({ kind: 'text', text: text.slice(last, start) });
    const href = raw.toLowerCase().startsWith('www.') ? `https://${raw}` : raw;
    parts.push({ kind: 'link', text: raw, href });
    last = start + raw.length;
  }
  if (last < text.length) parts.push({ kind: 'text', text: text.slice(last) });
  return parts;
}

/** `url` when it is an http(s) or mailto URL, else undefined: the only hrefs user data may become. */
export function safeHref(url: string | null | undefined): string | undefined {
  return url && /^(?:https?:\/\/|mailto:)/i.test(url.trim()) ? url.trim() : undefined;
}
