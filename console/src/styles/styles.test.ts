/**
 * The console's stylesheets stay organised by concern: every selector is styled in one rule block
 * (per media context), every media query uses a breakpoint named in tokens.css, and everything is
 * reached from the one entry, styles/index.css.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import postcss, { type AtRule, type Root } from 'postcss';
import { describe, expect, it } from 'vitest';

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const TOKENS = join(SRC, 'styles', 'tokens.css');

function filesUnder(dir: string, ext: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return filesUnder(path, ext);
    return path.endsWith(ext) ? [path] : [];
  });
}

interface Sheet {
  name: string;
  root: Root;
}
const parse = (name: string, css: string): Sheet => ({ name, root: postcss.parse(css, { from: name }) });
const sheets = (): Sheet[] => filesUnder(SRC, '.css').map((f) => parse(relative(SRC, f), readFileSync(f, 'utf8')));

/** The at-rules (media, supports) a node sits in, e.g. "@media (--phone)". */
function context(node: postcss.Node): string {
  const chain: string[] = [];
  for (let p = node.parent; p && p.type !== 'root'; p = p.parent) {
    if (p.type === 'atrule') chain.unshift(`@${(p as AtRule).name} ${(p as AtRule).params}`);
  }
  return chain.join(' ');
}

/** Selectors styled in more than one rule block within the same media context, with where. */
function duplicateSelectors(list: Sheet[]): string[] {
  const seen = new Map<string, string[]>();
  for (const { name, root } of list) {
    root.walkRules((rule) => {
      if (rule.parent?.type === 'atrule' && (rule.parent as AtRule).name.endsWith('keyframes')) return;
      const ctx = context(rule);
      for (const raw of rule.selectors) {
        const selector = raw.trim().replace(/\s+/g, ' ').replace(/"/g, "'");
        const key = `${ctx ? `${ctx} ` : ''}${selector}`;
        seen.set(key, [...(seen.get(key) ?? []), `${name}:${rule.source?.start?.line}`]);
      }
    });
  }
  return [...seen].filter(([, where]) => where.length > 1).map(([key, where]) => `${key} (${where.join(', ')})`);
}

/** The names declared with @custom-media in a sheet. */
function breakpointNames(tokens: Sheet): Set<string> {
  const names = new Set<string>();
  tokens.root.walkAtRules('custom-media', (rule) => void names.add(rule.params.split(/\s+/)[0]!));
  return names;
}

/** Media queries that are not a named breakpoint, and breakpoints defined outside the tokens. */
function unnamedMedia(list: Sheet[], names: Set<string>, tokensName: string): string[] {
  const problems: string[] = [];
  for (const { name, root } of list) {
    if (name === tokensName) continue;
    root.walkAtRules((rule) => {
      const where = `${name}:${rule.source?.start?.line}`;
      if (rule.name === 'custom-media') problems.push(`${where} defines a breakpoint outside tokens.css`);
      if (rule.name !== 'media') return;
      const queries = rule.params.split(',').map((q) => q.trim());
      for (const q of queries) {
        const named = /^\((--[\w-]+)\)$/.exec(q);
        if (!named || !names.has(named[1]!)) problems.push(`${where} @media ${rule.params}: use a breakpoint named in tokens.css`);
      }
    });
  }
  return problems;
}

describe('console stylesheets', () => {
  const all = sheets();
  const tokens = all.find((s) => s.name === relative(SRC, TOKENS))!;
  const names = breakpointNames(tokens);

  it('style each selector in one rule block per media context', () => {
    expect(duplicateSelectors(all)).toEqual([]);
  });

  it('use only the breakpoints named in tokens.css', () => {
    expect(names.size).toBeGreaterThan(0);
    expect(unnamedMedia(all, names, tokens.name)).toEqual([]);
  });

  it('are all reached from styles/index.css, which only main.tsx imports', () => {
    const reached = new Set<string>();
    const visit = (file: string) => {
      reached.add(file);
      postcss.parse(readFileSync(file, 'utf8')).walkAtRules('import', (rule) => {
        visit(resolve(dirname(file), rule.params.replace(/^['"]|['"]$/g, '')));
      });
    };
    visit(join(SRC, 'styles', 'index.css'));
    expect(filesUnder(SRC, '.css').filter((f) => !reached.has(f))).toEqual([]);
    const importers = filesUnder(SRC, '.tsx')
      .concat(filesUnder(SRC, '.ts'))
      .filter((f) => /^import\s+['"][^'"]+\.css['"]/m.test(readFileSync(f, 'utf8')))
      .map((f) => relative(SRC, f));
    expect(importers).toEqual(['main.tsx']);
  });

  it('catch what they forbid: a selector styled twice, a width in px', () => {
    const before = parse(
      'old.css',
      `.search-form { flex: 1; }
       .topbar { gap: 8px; }
       @media (max-width: 1200px) { .search-form { max-width: 200px; } }
       @media (max-width: 1200px) { .search-form { max-width: 160px; } }
       .search-form, .other { min-width: 120px; }`,
    );
    expect(duplicateSelectors([before])).toEqual(['.search-form (old.css:1, old.css:5)', '@media (max-width: 1200px) .search-form (old.css:3, old.css:4)']);
    expect(unnamedMedia([before], names, tokens.name)).toHaveLength(2);
    const named = parse('new.css', '@media (--phone) { .a { color: red; } }\n@media (--nope) { .a { color: blue; } }');
    expect(unnamedMedia([named], names, tokens.name)).toEqual(['new.css:2 @media (--nope): use a breakpoint named in tokens.css']);
  });
});
