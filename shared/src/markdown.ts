/**
 * A small, safe Markdown subset for help articles, shared by the widget and the console.
 *
 * `parseMarkdown` turns source into plain data (headings, paragraphs, lists, fenced code; bold,
 * italic, inline code, links); `renderMarkdown` turns that into vnodes with the caller's `h`
 * (Preact's `h`), so text only ever becomes text nodes. There is no raw HTML: `<b>` in the source
 * is shown as the characters `<b>`. Links become links only for http, https and mailto URLs.
 */
import { linkify, safeHref } from './text';

export type Inline = string | { t: 'strong' | 'em'; c: Inline[] } | { t: 'code'; text: string } | { t: 'a'; href: string; c: Inline[] };

export type Block =
  | { t: 'h'; level: 1 | 2 | 3 | 4 | 5 | 6; c: Inline[] }
  | { t: 'p'; c: Inline[] }
  | { t: 'ul'; items: Inline[][] }
  | { t: 'ol'; start: number; items: Inline[][] }
  | { t: 'pre'; text: string };

const HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const BULLET = /^ {0,3}[-*+][ \t]+(.*)$/;
const ORDERED = /^ {0,3}(\d{1,9})[.)][ \t]+(.*)$/;
const blank = (line: string) => line.trim() === '';

/** Parse Markdown source into blocks. Never throws; anything it does not know is text. */
export function parseMarkdown(source: string): Block[] {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const blocks: Block[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (blank(line)) {
      i++;
      continue;
    }
    const fence = FENCE.exec(line);
    if (fence) {
      const marker = fence[1]!;
      const body: string[] = [];
      i++;
      while (i < lines.length && !lines[i]!.trimStart().startsWith(marker)) body.push(lines[i++]!);
      i++; // the closing fence (or the end)
      blocks.push({ t: 'pre', text: body.join('\n') });
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      blocks.push({ t: 'h', level: heading[1]!.length as 1, c: parseInline(heading[2] ?? '') });
      i++;
      continue;
    }
    const bullet = BULLET.exec(line);
    const ordered = bullet ? null : ORDERED.exec(line);
    if (bullet || ordered) {
      const re = bullet ? BULLET : ORDERED;
      const items: string[] = [];
      while (i < lines.length && !blank(lines[i]!)) {
        const m = re.exec(lines[i]!);
        if (m) items.push(m[m.length - 1]!);
        else if (FENCE.test(lines[i]!) || HEADING.test(lines[i]!)) break;
        // A line that is not a new item continues the item above it.
        else items[items.length - 1] += ' ' + lines[i]!.trim();
        i++;
      }
      const parsed = items.map((item) => parseInline(item));
      blocks.push(ordered ? { t: 'ol', start: Number(ordered[1]), items: parsed } : { t: 'ul', items: parsed });
      continue;
    }
    const para: string[] = [];
    while (i < lines.length && !blank(lines[i]!) && !FENCE.test(lines[i]!) && !HEADING.test(lines[i]!) && !BULLET.test(lines[i]!) && !ORDERED.test(lines[i]!)) {
      para.push(lines[i++]!.trim());
    }
    blocks.push({ t: 'p', c: parseInline(para.join(' ')) });
  }
  return blocks;
}

const PUNCT = /[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/;
const WORD = /[\p{L}\p{N}]/u;

/** Plain text with bare URLs turned into links (http, https, mailto, www.). */
function pushText(out: Inline[], text: string): void {
  if (!text) return;
  for (const part of linkify(text)) out.push(part.kind === 'link' ? { t: 'a', href: part.href, c: [part.text] } : part.text);
}

/** Parse inline Markdown: `code`, **strong**, *em* / _em_, [text](url), <url>, \escapes. */
export function parseInline(src: string, inLink = false): Inline[] {
  const out: Inline[] = [];
  let text = '';
  const flush = () => {
    if (inLink) {
      if (text) out.push(text);
    } else pushText(out, text);
    text = '';
  };
  let i = 0;
  while (i < src.length) {
    const ch = src[i]!;
    if (ch === '\\' && PUNCT.test(src[i + 1] ?? '')) {
      text += src[i + 1];
      i += 2;
      continue;
    }
    if (ch === '`') {
      let n = 1;
      while (src[i + n] === '`') n++;
      const ticks = '`'.repeat(n);
      const end = src.indexOf(ticks, i + n);
      if (end > i) {
        flush();
        out.push({ t: 'code', text: src.slice(i + n, end).trim() || src.slice(i + n, end) });
        i = end + n;
        continue;
      }
      text += ticks;
      i += n;
      continue;
    }
    if (ch === '*' || ch === '_') {
      const double = src[i + 1] === ch;
      const marker = double ? ch + ch : ch;
      const prev = src[i - 1] ?? ' ';
      const after = src[i + marker.length] ?? ' ';
      // An opener is followed by a non-space; `_` must not sit inside a word (snake_case stays).
      const opens = after.trim() !== '' && after !== ch && !(ch === '_' && WORD.test(prev));
      const end = opens ? closer(src, i + marker.length, marker) : -1;
      if (end > 0) {
        flush();
        out.push({ t: double ? 'strong' : 'em', c: parseInline(src.slice(i + marker.length, end), inLink) });
        i = end + marker.length;
        continue;
      }
      text += marker;
      i += marker.length;
      continue;
    }
    if (ch === '[' && !inLink) {
      const close = matching(src, i);
      if (close > 0 && src[close + 1] === '(') {
        const dest = destination(src, close + 2);
        if (dest) {
          flush();
          const label = parseInline(src.slice(i + 1, close), true);
          const href = safeHref(dest.url);
          // An unsafe target (javascript:, data:, a relative path) keeps its words, loses the link.
          if (href && !/[\s"'<>]/.test(href)) out.push({ t: 'a', href, c: label });
          else out.push(...label);
          i = dest.end;
          continue;
        }
      }
    }
    if (ch === '<' && !inLink) {
      const m = /^<((?:https?:\/\/|mailto:)[^\s<>]+)>/i.exec(src.slice(i));
      if (m) {
        flush();
        out.push({ t: 'a', href: m[1]!, c: [m[1]!] });
        i += m[0].length;
        continue;
      }
    }
    text += ch;
    i++;
  }
  flush();
  return out;
}

/** Index of the closing `marker` for an opener ending at `from`, or -1. */
function closer(src: string, from: number, marker: string): number {
  let j = from;
  while ((j = src.indexOf(marker, j)) !== -1) {
    const before = src[j - 1] ?? '';
    const next = src[j + marker.length] ?? ' ';
    const escaped = before === '\\';
    const okSingle = marker.length === 2 || next !== marker[0];
    const okUnderscore = marker[0] !== '_' || !WORD.test(next);
    if (j > from && before.trim() !== '' && !escaped && okSingle && okUnderscore) return j;
    j += marker.length;
  }
  return -1;
}

/** A link destination `url "title")` starting at `from` (after the `(`): balanced parentheses allowed. */
function destination(src: string, from: number): { url: string; end: number } | null {
  let j = from;
  while (src[j] === ' ') j++;
  const start = j;
  let depth = 0;
  for (; j < src.length; j++) {
    const c = src[j]!;
    if (c === '(') depth++;
    else if (c === ')' && depth-- === 0) break;
    else if (c === ' ' || c === '\t') break;
  }
  const url = src.slice(start, j).replace(/^<(.*)>$/, '$1');
  const rest = /^(?:\s+"[^"]*")?\s*\)/.exec(src.slice(j));
  return rest ? { url, end: j + rest[0].length } : null;
}

/** Index of the `]` matching the `[` at `open` (brackets nest), or -1. */
function matching(src: string, open: number): number {
  let depth = 0;
  for (let j = open; j < src.length; j++) {
    if (src[j] === '\\') j++;
    else if (src[j] === '[') depth++;
    else if (src[j] === ']' && --depth === 0) return j;
  }
  return -1;
}

/** A hyperscript function: Preact's `h` fits. Strings passed as children become text nodes. */
export type H<N> = (type: string, props: Record<string, unknown> | null, ...children: (N | string)[]) => N;

export interface RenderOptions {
  /** Added to every heading level (`#` → h(1 + offset)), capped at h6: the article title is above. */
  headingOffset?: number;
}

/** Render Markdown to vnodes with `h`. Only known elements, text children, and safe link hrefs. */
export function renderMarkdown<N>(source: string, h: H<N>, opts: RenderOptions = {}): N[] {
  const offset = opts.headingOffset ?? 0;
  const inline = (nodes: Inline[]): (N | string)[] =>
    nodes.map((n, key) => {
      if (typeof n === 'string') return n;
      if (n.t === 'code') return h('code', { key }, n.text);
      if (n.t === 'a') return h('a', { key, href: n.href, rel: 'noopener noreferrer nofollow', target: '_blank' }, ...inline(n.c));
      return h(n.t, { key }, ...inline(n.c));
    });
  return parseMarkdown(source).map((b, key) => {
    switch (b.t) {
      case 'h':
        return h(`h${Math.min(6, b.level + offset)}`, { key }, ...inline(b.c));
      case 'p':
        return h('p', { key }, ...inline(b.c));
      case 'pre':
        return h('pre', { key }, h('code', null, b.text));
      case 'ul':
        return h('ul', { key }, ...b.items.map((item, k) => h('li', { key: k }, ...inline(item))));
      case 'ol':
        return h('ol', b.start === 1 ? { key } : { key, start: b.start }, ...b.items.map((item, k) => h('li', { key: k }, ...inline(item))));
    }
  });
}

/** Plain text of Markdown (for excerpts and search): markup removed, link targets dropped. */
export function markdownText(source: string): string {
  const text = (nodes: Inline[]): string => nodes.map((n) => (typeof n === 'string' ? n : n.t === 'code' ? n.text : text(n.c))).join('');
  return parseMarkdown(source)
    .map((b) => {
      if (b.t === 'pre') return b.text;
      if (b.t === 'ul' || b.t === 'ol') return b.items.map(text).join(' ');
      const t = text(b.c);
      // A heading ends its sentence, so an excerpt reads "Shipping. We ship…", not "Shipping We ship…".
      return b.t === 'h' && t && !/[.!?:;…]$/.test(t) ? t + '.' : t;
    })
    .join('\n');
}
