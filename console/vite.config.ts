import { defineConfig } from 'vite';
import { precompress } from '../widget/vite.compression';

// The server serves dist/ at `/`; in development Vite serves the console and forwards the API and
// the socket to a server started with `pnpm --filter ./server dev` on port 3000.
export default defineConfig({
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  plugins: [
    // Brotli and gzip copies beside every text output, the same as the widget's (one definition,
    // widget/vite.compression.ts): the server sends the one the browser accepts.
    precompress(),
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
