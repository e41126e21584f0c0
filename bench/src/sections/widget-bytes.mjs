import { build } from 'esbuild';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { ROOT } from '../lib/proc.mjs';

/** Published figures of the peers (compressed transfer), with where they come from. */
export const PEERS = [
  { name: 'Crisp', gzipBytes: 135_000, what: 'full load, compressed', source: 'published figure (≈135 KB compressed full load)' },
  { name: 'Chatwoot', gzipBytes: 170 * 1024, what: 'widget chunk', source: 'published figure (170 KiB widget chunk)' },
  { name: 'Intercom', gzipBytes: 210_000, what: 'messenger after its size cut', source: 'published figure (≈210 KB after its cut)' },
  { name: 'Papercups', gzipBytes: 132_000, what: 'host bundle with React', source: 'published figure (132 KB gz with React)' },
];

const DIST = resolve(ROOT, 'widget/dist');

function sizes(files) {
  const buf = Buffer.concat(files.map((f) => readFileSync(f)));
  // Compress each file on its own (each is its own HTTP response) and add up.
  let gzip = 0;
  let brotli = 0;
  for (const f of files) {
    const b = readFileSync(f);
    gzip += gzipSync(b, { level: 9 }).length;
    brotli += brotliCompressSync(b, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: b.length } }).length;
  }
  return { files: files.map((f) => relative(DIST, f)), raw: buf.length, gzip, brotli };
}

function walk(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

/** Relative module specifiers a built ES module imports statically, and those it imports lazily. */
function imports(file) {
  const src = readFileSync(file, 'utf8');
  const statics = new Set();
  const lazy = new Set();
  // Minified output: `import{a as b}from"./x.js"`, `import"./x.css"`, `export{..}from"./x.js"`.
  for (const m of src.matchAll(/(?:import|export)\s*(?:[\w*{}\s,$]+?\s*from\s*)?["'](\.{1,2}\/[^"']+)["']/g)) statics.add(m[1]);
  for (const m of src.matchAll(/import\(\s*["'](\.{1,2}\/[^"']+)["']\s*\)/g)) lazy.add(m[1]);
  // Vite's preload helper lists a lazy chunk's deps as string literals: count them with that chunk.
  for (const m of src.matchAll(/["']((?:\.\.?\/)?(?:widget\/)?[\w.-]+-[\w-]{6,}\.(?:js|css))["']/g)) if (!statics.has(m[1])) lazy.add(m[1]);
  const resolveSpec = (s) => {
    const direct = resolve(dirname(file), s);
    if (existsSync(direct)) return direct;
    const inWidget = resolve(DIST, 'widget', basename(s));
    return existsSync(inWidget) ? inWidget : null;
  };
  return {
    statics: [...statics].map(resolveSpec).filter(Boolean),
    lazy: [...lazy].map(resolveSpec).filter(Boolean),
  };
}

/** Everything a module pulls in eagerly (itself and its static imports, transitively). */
function closure(entry) {
  const seen = new Set();
  const lazy = new Set();
  const visit = (f) => {
    if (seen.has(f)) return;
    seen.add(f);
    if (!f.endsWith('.js')) return;
    const { statics, lazy: l } = imports(f);
    statics.forEach(visit);
    l.forEach((x) => lazy.add(x));
  };
  visit(entry);
  for (const f of seen) lazy.delete(f);
  return { files: [...seen], lazy: [...lazy] };
}

/** Measure Papercups' widget bundled with its React by the same bundler Atendo's bytes are judged by. */
async function papercups() {
  const dir = mkdtempSync(join(tmpdir(), 'atendo-bench-papercups-'));
  try {
    const entry = join(dir, 'entry.jsx');
    writeFileSync(
      entry,
      [
        "import React from 'react';",
        "import ReactDOM from 'react-dom';",
        "import { ChatWidget } from '@papercups-io/chat-widget';",
        "const el = document.createElement('div'); document.body.appendChild(el);",
        'ReactDOM.render(<ChatWidget accountId="00000000-0000-0000-0000-000000000000" title="Welcome" />, el);',
      ].join('\n'),
    );
    const out = join(dir, 'out.js');
    await build({
      entryPoints: [entry],
      outfile: out,
      bundle: true,
      minify: true,
      format: 'iife',
      target: 'es2018',
      platform: 'browser',
      nodePaths: [resolve(ROOT, 'bench/node_modules')],
      define: { 'process.env.NODE_ENV': '"production"', global: 'window' },
      loader: { '.js': 'jsx' },
      legalComments: 'none',
      logLevel: 'silent',
    });
    const s = sizes([out]);
    return { ok: true, raw: s.raw, gzip: s.gzip, brotli: s.brotli, how: '@papercups-io/chat-widget + react@17 + react-dom@17, esbuild --minify, production' };
  } catch (err) {
    return {
      ok: false,
      error: String(err?.message ?? err)
        .split('\n')
        .slice(0, 4)
        .join(' '),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Section 1: bytes a visitor downloads, per stage, beside the peers. */
export async function widgetBytes() {
  const loaderFile = resolve(DIST, 'widget.js');
  if (!existsSync(loaderFile)) return { error: 'widget/dist/widget.js missing (widget build failed?)' };
  const loader = sizes([loaderFile]);
  // The loader inlines its CSS and loads nothing before the bubble is opened.
  const beforeOpen = sizes([loaderFile]);
  const appEntry = resolve(DIST, 'widget/app.js');
  let panelOpen = null;
  const extras = [];
  if (existsSync(appEntry)) {
    const app = closure(appEntry);
    // CSS files beside the app that no module imports lazily are loaded with it (e.g. a <link> the app adds).
    const css = walk(resolve(DIST, 'widget')).filter((f) => f.endsWith('.css') && !app.lazy.includes(f));
    panelOpen = sizes([loaderFile, ...new Set([...app.files, ...css])]);
    const eager = new Set([...app.files, ...css]);
    for (const chunk of app.lazy) {
      if (eager.has(chunk)) continue;
      const c = closure(chunk);
      const own = c.files.filter((f) => !eager.has(f));
      extras.push({
        name: basename(chunk)
          .replace(/-[\w-]{6,}\.(js|css)$/, '')
          .replace(/\.(js|css)$/, ''),
        ...sizes(own),
      });
    }
  }
  const pc = await papercups();
  const peers = PEERS.map((p) => ({ ...p }));
  const measuredPeer = pc.ok ? { name: 'Papercups (measured)', gzipBytes: pc.gzip, brotliBytes: pc.brotli, source: pc.how } : null;
  const all = [...peers.map((p) => p.gzipBytes), ...(measuredPeer ? [measuredPeer.gzipBytes] : [])];
  const smallestPeer = Math.min(...all);
  return {
    loader,
    beforeOpen,
    panelOpen,
    extras,
    peers,
    papercupsMeasured: pc,
    smallestPeerGzip: smallestPeer,
    ratioSmallestPeerToPanel: panelOpen ? Math.round((smallestPeer / panelOpen.gzip) * 10) / 10 : null,
  };
}
