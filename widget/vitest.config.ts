import { defineProject } from 'vitest/config';

export default defineProject({
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  test: {
    name: 'widget',
    environment: 'happy-dom',
    include: ['src/**/*.test.{ts,tsx}', 'test/**/*.test.{ts,tsx}'],
    setupFiles: ['./test/setup.ts'],
    // Process the `?inline` stylesheets, so tests see the CSS the shadow roots get.
    css: true,
  },
});
