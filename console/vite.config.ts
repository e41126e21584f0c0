import { constants } from 'node:zlib';
import { defineConfig } from 'vite';
import { compression, defineAlgorithm } from 'vite-plugin-compression2';

// The server serves dist/ at `/`; in development Vite serves the console and forwards the API and
// the socket to a server started with `pnpm --filter ./server dev` on port 3000.
export default defineConfig({
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  plugins: [
    // Brotli (quality 11) and gzip (level 9) copies beside every text output, originals kept; the
    // server sends the one the browser accepts (server/src/http/static-files.ts). As in the widget
    // (widget/vite.compression.ts): no threshold, no skipping, so every file has both copies.
    compression({
      include: /\.(?:js|mjs|css|html|svg|json)$/,
      algorithms: [
        defineAlgorithm('brotliCompress', {
          params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT },
        }),
        defineAlgorithm('gzip', { level: 9 }),
      ],
      threshold: 0,
      skipIfLargerOrEqual: false,
      deleteOriginalAssets: false,
    }),
  ],
  build: { outDir: 'dist', assetsDir: 'assets', emptyOutDir: true },
  server: {
    port: 5173,
    proxy: {
      '/api': { target: 'http://localhost:3000', changeOrigin: false },
      '/ws': { target: 'http://localhost:3000', ws: true },
    },
  },
});
