import { defineConfig, transformWithEsbuild, type Plugin } from 'vite';
import { precompress } from './vite.compression';

/**
 * Vite leaves whitespace in ES-format library builds (to keep pure annotations for consumers
 * that tree-shake again). Nobody bundles app.js again; it goes straight to visitors' browsers,
 * so minify it fully.
 */
function minifyChunks(): Plugin {
  return {
    name: 'atendo:minify-es-lib',
    apply: 'build',
    // generateBundle runs after every renderChunk, including Vite's own whitespace-keeping one.
    async generateBundle(_options, bundle) {
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk') continue;
        const out = await transformWithEsbuild(chunk.code, chunk.fileName, { minify: true, format: 'esm', target: 'es2020', legalComments: 'none' });
        chunk.code = out.code;
      }
    },
  };
}

/**
 * Builds the lazily loaded chat app as an ES module: dist/widget/app.js (+ chunks beside it).
 * The loader build (vite.loader.config.ts) runs second and writes dist/widget.js into the same
 * folder, so this build is the one that empties dist/. Each build writes .br and .gz copies of its
 * own outputs (vite.compression.ts).
 */
export default defineConfig({
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact', legalComments: 'none' },
  // precompress() compresses the bundle after minifyChunks() has rewritten it (both run in
  // generateBundle; the compression plugin hooks in after the user plugins).
  plugins: [minifyChunks(), precompress()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2020',
    lib: {
      entry: 'src/app/index.tsx',
      formats: ['es'],
      fileName: () => 'widget/app.js',
    },
    rollupOptions: {
      // Lazy chunks may import shared code from app.js itself. The library default ('strict') moves
      // it into a separate chunk behind an 80-byte app.js facade: one more round trip on open.
      preserveEntrySignatures: 'allow-extension',
      output: { chunkFileNames: 'widget/[name]-[hash].js' },
    },
  },
});
