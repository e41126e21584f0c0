import { defineConfig } from 'vite';
import { precompress } from './vite.compression';

/**
 * Builds the loader the snippet points at: dist/widget.js, a classic minified IIFE (so
 * `document.currentScript` works). It must not empty dist/, which holds the app built first (and
 * its .br/.gz copies); it writes widget.js.br and widget.js.gz beside widget.js.
 */
export default defineConfig({
  // ASCII output: a classic script is decoded in the host page's charset (often not UTF-8)
  // unless the server says otherwise, and the launcher labels include pt-BR and Russian.
  esbuild: { legalComments: 'none', charset: 'ascii' },
  plugins: [precompress()],
  build: {
    outDir: 'dist',
    emptyOutDir: false,
    target: 'es2020',
    minify: 'esbuild',
    lib: {
      entry: 'src/loader.ts',
      formats: ['iife'],
      name: 'AtendoLoader',
      fileName: () => 'widget.js',
    },
  },
});
