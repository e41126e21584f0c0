import { defineConfig } from 'vite';

// The server serves dist/ at `/`; in development Vite serves the console and forwards the API and
// the socket to a server started with `pnpm --filter ./server dev` on port 3000.
export default defineConfig({
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: { outDir: 'dist', assetsDir: 'assets', emptyOutDir: true },
  server: {
    port: 5173,
    proxy: {
      '/api': { target: 'http://localhost:3000', changeOrigin: false },
      '/ws': { target: 'http://localhost:3000', ws: true },
    },
  },
});
