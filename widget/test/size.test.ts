/**
 * The size budget (issue 6): the loader ≤ 2 KB gzipped, and everything the browser loads when the
 * panel opens (loader + app.js + the chunks app.js imports statically, Preact included) ≤ 30 KB
 * gzipped. Lazily imported chunks (help articles, …) are printed but not counted.
 * Builds the widget first when dist/ is missing or older than any source file.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const DIST = join(ROOT, 'dist');
const LOADER = join(DIST, 'widget.js');
const APP = join(DIST, 'widget', 'app.js');
export const LOADER_BUDGET = 2048;
export const PANEL_BUDGET = 30 * 1024;

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
    newest(join(ROOT, '..', 'shared', 'src')),
  );
  const built = existsSync(LOADER) && existsSync(APP) ? Math.min(statSync(LOADER).mtimeMs, statSync(APP).mtimeMs) : 0;
  if (built >= sources) return;
  // The package's own build script, run with the vite it installed (no pnpm on PATH needed).
  const vite = join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  execFileSync(process.execPath, [vite, 'build'], { cwd: ROOT, stdio: 'pipe', timeout: 170_000 });
  execFileSync(process.execPath, [vite, 'build', '--config', 'vite.loader.config.ts'], { cwd: ROOT, stdio: 'pipe', timeout: 170_000 });
}

const gz = (file: string) => gzipSync(readFileSync(file), { level: 9 }).length;

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
  it(
    'keeps the loader ≤ 2 KB gzipped and the panel-open total ≤ 30 KB gzipped',
    () => {
      ensureBuilt();
      const loader = gz(LOADER);
      const panelFiles = staticClosure(APP);
      const app = panelFiles.reduce((sum, f) => sum + gz(f), 0);
      const lazy = readdirSync(join(DIST, 'widget'))
        .map((name) => join(DIST, 'widget', name))
        .filter((f) => !panelFiles.includes(f));
      const lines = [
        `loader   ${loader} B gz (budget ${LOADER_BUDGET})`,
        `panel    ${loader + app} B gz = loader + ${panelFiles.length} file(s) ${app} B (budget ${PANEL_BUDGET})`,
        ...lazy.map((f) => `lazy     ${f.slice(DIST.length + 1)} ${gz(f)} B gz (not counted)`),
      ];
      console.log('[widget size]\n' + lines.join('\n'));
      expect(loader, lines.join('\n')).toBeLessThanOrEqual(LOADER_BUDGET);
      expect(loader + app, lines.join('\n')).toBeLessThanOrEqual(PANEL_BUDGET);
    },
    180_000,
  );
});
