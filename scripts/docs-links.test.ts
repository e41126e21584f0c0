/**
 * No dead relative link in the docs: every relative link in every Markdown file of the repository
 * (not node_modules, not build or test output) points to a file or folder that exists, and a
 * `#anchor` into a Markdown file matches one of its headings, slugged as GitHub does. Run with
 * `npx vitest run --project docs`.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** Folders never walked: dependencies, build and test output, git's own. */
const SKIP = new Set(['node_modules', 'dist', '.git', 'test-results', 'playwright-report', 'screenshots', 'profiles', 'data']);

/** Every `*.md` under `dir`, as absolute paths. */
function markdownFiles(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (SKIP.has(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...markdownFiles(path));
    else if (entry.isFile() && entry.name.endsWith('.md')) found.push(path);
  }
  return found.sort();
}

/** Per line, whether it belongs to a fenced code block (its fences included). */
function inCode(lines: readonly string[]): boolean[] {
  let fence: string | null = null;
  return lines.map((line) => {
    const marker = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence) {
      if (marker && marker[0] === fence[0] && marker.length >= fence.length) fence = null;
      return true;
    }
    if (marker) fence = marker;
    return marker !== undefined;
  });
}

/** The lines of a Markdown text with fenced code blanked and inline code spans removed: links there are examples. */
function proseLines(markdown: string): string[] {
  const lines = markdown.split('\n');
  const code = inCode(lines);
  return lines.map((line, i) => (code[i] ? '' : line.replace(/(`+)[^`]*?\1/g, '')));
}

/**
 * A heading's anchor as GitHub makes it: link targets and HTML tags dropped, lowercase, every
 * character but letters, digits, `_`, `-` and spaces removed (code ticks and emphasis with them),
 * each space → `-`.
 */
function slug(heading: string): string {
  return heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]+>/g, '')
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}_\- ]/gu, '')
    .replace(/ /g, '-');
}

/** The anchors of a Markdown text's ATX headings (outside code blocks); a repeated one gets `-1`, `-2`… as on GitHub. */
function anchors(markdown: string): Set<string> {
  const lines = markdown.split('\n');
  const code = inCode(lines);
  const seen = new Map<string, number>();
  const out = new Set<string>();
  lines.forEach((line, i) => {
    const m = code[i] ? null : /^ {0,3}#{1,6}\s+(.*?)(?:\s+#+)?\s*$/.exec(line);
    if (!m) return;
    const base = slug(m[1]!);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  });
  return out;
}

interface Link {
  line: number;
  target: string;
}

/** Relative links of a Markdown file: `[text](target)`, `![alt](target)` and `[ref]: target`, outside code. */
function relativeLinks(markdown: string): Link[] {
  const links: Link[] = [];
  proseLines(markdown).forEach((text, i) => {
    const found = [...text.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]!);
    const ref = /^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+.*)?$/.exec(text);
    if (ref) found.push(ref[1]!);
    for (const target of found) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//')) continue; // https:, mailto:…
      links.push({ line: i + 1, target });
    }
  });
  return links;
}

/** What is wrong with one link of `file`, or null when it resolves. */
function checkLink(file: string, target: string): string | null {
  const hash = target.indexOf('#');
  const pathPart = decodeURIComponent(hash === -1 ? target : target.slice(0, hash)).split('?')[0]!;
  const anchor = hash === -1 ? null : decodeURIComponent(target.slice(hash + 1));
  const to = pathPart === '' ? file : resolve(dirname(file), pathPart);
  if (relative(ROOT, to).startsWith('..')) return `points outside the repository (${pathPart})`;
  if (!existsSync(to)) return `no such file: ${relative(ROOT, to)}`;
  if (anchor === null || anchor === '' || !to.endsWith('.md') || !statSync(to).isFile()) return null;
  if (!anchors(readFileSync(to, 'utf8')).has(anchor)) return `no heading for #${anchor} in ${relative(ROOT, to)}`;
  return null;
}

describe('the checker itself', () => {
  test('slugs headings as GitHub does', () => {
    expect(slug('Loader → app contract')).toBe('loader--app-contract');
    expect(slug('Settings → Pre-chat & hours (admins)')).toBe('settings--pre-chat--hours-admins');
    expect(slug('The send path')).toBe('the-send-path');
    expect(slug('`ATENDO_WRITER` and the [writer](x.md)')).toBe('atendo_writer-and-the-writer');
    expect(slug("The agent's guide")).toBe('the-agents-guide');
    expect(slug('Storage ports (`src/storage/`)')).toBe('storage-ports-srcstorage');
  });

  test('numbers repeated headings and ignores headings in code blocks', () => {
    const md = ['# A', '## Tests', '```sh', '# not a heading', '```', '## Tests'].join('\n');
    expect([...anchors(md)]).toEqual(['a', 'tests', 'tests-1']);
  });

  test('finds relative links outside code, skips URLs and examples', () => {
    const md = ['See [a](a.md#x) and ![i](img.png "t").', '`[b](b.md)` and [c](https://x.y).', '```', '[d](d.md)', '```', '[ref]: ../e.md'].join('\n');
    expect(relativeLinks(md)).toEqual([
      { line: 1, target: 'a.md#x' },
      { line: 1, target: 'img.png' },
      { line: 6, target: '../e.md' },
    ]);
  });

  test('reports a missing file and a missing anchor', () => {
    const readme = join(ROOT, 'README.md');
    expect(checkLink(readme, 'docs/no-such-file.md')).toMatch(/no such file/);
    expect(checkLink(readme, 'ARCHITECTURE.md#no-such-heading')).toMatch(/no heading/);
    expect(checkLink(readme, 'ARCHITECTURE.md#the-send-path')).toBeNull();
  });
});

describe('every relative link in the docs resolves', () => {
  const files = markdownFiles(ROOT);

  test('the docs are found', () => {
    expect(files.map((f) => relative(ROOT, f))).toEqual(expect.arrayContaining(['README.md', 'ARCHITECTURE.md', 'docs/api.md']));
  });

  test.each(files.map((f) => [relative(ROOT, f), f]))('%s', (_name, file) => {
    const broken = relativeLinks(readFileSync(file, 'utf8')).flatMap(({ line, target }) => {
      const problem = checkLink(file, target);
      return problem ? [`line ${line}: (${target}) ${problem}`] : [];
    });
    expect(broken, `dead links in ${relative(ROOT, file)}`).toEqual([]);
  });
});
