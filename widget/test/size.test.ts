/**
 * The size budget, on the wire: the loader ≤ 2 KB, and everything the browser
 * loads when the panel opens (loader + app.js + the chunks app.js imports statically, Preact
 * included) ≤ 30 KB. Measured on the compressed copies the build writes and the server sends
 * (`.br` to browsers that accept brotli, `.gz` to the others): both must exist and both must fit.
 * Lazily imported chunks (help articles, …) are printed but not counted.
 * Builds the widget first when dist/ is missing, older than any source file, or lacks a copy.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const DIST = join(ROOT, 'dist');
const LOADER = join(DIST, 'widget.js');
const APP = join(DIST, 'widget', 'app.js');
export const LOADER_BUDGET = 2048;
export const PANEL_BUDGET = 30 * 1024;

/** The compressed copies the build writes beside each file (widget/vite.compression.ts). */
const COPIES = [
  { name: 'br', suffix: '.br' },
  { name: 'gzip', suffix: '.gz' },
] as const;

function newest(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return /\.test\.tsx?$/.test(path) ? 0 : st.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newest(join(path, name))));
}

function ensureBuilt(): void {
  const sources = Math.max(
    newest(join(ROOT, 'src')),
    newest(join(ROOT, 'vite.config.ts')),
    newest(join(ROOT, 'vite.loader.config.ts')),
    newest(join(ROOT, 'vite.compression.ts')),
    newest(join(ROOT, '..', 'shared', 'src')),
  );
  const outputs = [LOADER, APP].flatMap((f) => [f, ...COPIES.map((c) => f + c.suffix)]);
  const built = outputs.every((f) => existsSync(f)) ? Math.min(...outputs.map((f) => statSync(f).mtimeMs)) : 0;
  if (built >= sources) return;
  // The package's own build script, run with the vite it installed (no pnpm on PATH needed).
  const vite = join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  // Vitest sets NODE_ENV=test, which Vite keeps: the build would then use the development JSX
  // runtime (a file name and line per element) and measure bytes no visitor gets.
  const env = { ...process.env, NODE_ENV: 'production' };
  execFileSync(process.execPath, [vite, 'build'], { cwd: ROOT, stdio: 'pipe', timeout: 170_000, env });
  execFileSync(process.execPath, [vite, 'build', '--config', 'vite.loader.config.ts'], { cwd: ROOT, stdio: 'pipe', timeout: 170_000, env });
}

/** The bytes the server sends for `file` in an encoding: the size of the build's copy, which must exist. */
function wire(file: string, suffix: string): number {
  const copy = file + suffix;
  if (!existsSync(copy))
    throw new Error(`${copy.slice(DIST.length + 1)} is missing: the build must write a ${suffix} copy of every file (vite.compression.ts)`);
  return readFileSync(copy).length;
}

/** app.js and every chunk reachable from it through static `import … from "./x.js"`. */
function staticClosure(entry: string): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const code = readFileSync(file, 'utf8');
    for (const m of code.matchAll(/(?:^|[;\s}])(?:import|export)\s*(?:[\w$*{}\s,]+?\s*from\s*)?["'](\.{1,2}\/[^"']+)["']/g)) {
      visit(join(dirname(file), posix.normalize(m[1]!)));
    }
  };
  visit(entry);
  return [...seen];
}

describe('size budget', () => {
  it('keeps the loader ≤ 2 KB and the panel-open total ≤ 30 KB on the wire, brotli and gzip alike', () => {
    ensureBuilt();
    const panelFiles = staticClosure(APP);
    const lazy = readdirSync(join(DIST, 'widget'))
      .filter((name) => name.endsWith('.js'))
      .map((name) => join(DIST, 'widget', name))
      .filter((f) => !panelFiles.includes(f));
    const results = COPIES.map(({ name, suffix }) => {
      const loader = wire(LOADER, suffix);
      const app = panelFiles.reduce((sum, f) => sum + wire(f, suffix), 0);
      const lines = [
        `loader   ${loader} B ${name} (budget ${LOADER_BUDGET}; plain ${statSync(LOADER).size} B)`,
        `panel    ${loader + app} B ${name} = loader + ${panelFiles.length} file(s) ${app} B (budget ${PANEL_BUDGET})`,
        ...lazy.map((f) => `lazy     ${f.slice(DIST.length + 1)} ${wire(f, suffix)} B ${name} (not counted)`),
      ];
      return { loader, panel: loader + app, lines };
    });
    const report = results.flatMap((r) => r.lines).join('\n');
    console.log('[widget size on the wire]\n' + report);
    for (const r of results) {
      expect(r.loader, report).toBeLessThanOrEqual(LOADER_BUDGET);
      expect(r.panel, report).toBeLessThanOrEqual(PANEL_BUDGET);
    }
  }, 180_000);
});
