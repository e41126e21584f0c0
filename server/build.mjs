// Bundle the server (and @atendo/shared) into dist/main.js; native and large runtime deps stay external.
import { build } from 'esbuild';

await build({
  // The writer thread (src/storage/sqlite/writer.ts) loads dist/writer.js; `pnpm db:copy` runs dist/db-copy.js.
  entryPoints: { main: 'src/main.ts', writer: 'src/storage/sqlite/writer-worker.ts', 'db-copy': 'src/cli/db-copy.ts' },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  packages: 'external',
  // Code loaded only when configured (the inbound mail listener and parser) goes in chunks of its own,
  // so its dependencies are imported when it is, not at start. Chunks sit beside main.js: code that
  // finds files relative to its own module (migrations, the console's assets, writer.js) finds them
  // from any chunk as it did from main.js.
  splitting: true,
  chunkNames: '[name]-[hash]',
  sourcemap: true,
  // Workspace packages are TypeScript sources: bundle them rather than leave them external.
  plugins: [
    {
      name: 'bundle-workspace',
      setup(b) {
        b.onResolve({ filter: /^@atendo\// }, () => ({ path: new URL(`../shared/src/index.ts`, import.meta.url).pathname, external: false }));
      },
    },
  ],
  logLevel: 'warning',
});
console.log('server: built dist/main.js, dist/writer.js and dist/db-copy.js');
