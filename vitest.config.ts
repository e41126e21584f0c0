import { defineConfig } from 'vitest/config';

// One Vitest run covers every workspace package; each package declares its own project settings.
export default defineConfig({
  test: {
    projects: [
      'shared/vitest.config.ts',
      'server/vitest.config.ts',
      // The server's HTTP/WebSocket tests again on PostgreSQL (skipped, saying so, when it does not answer).
      'server/vitest.pg.config.ts',
      'widget/vitest.config.ts',
      'console/vitest.config.ts',
      // No dead relative link in the Markdown docs (scripts/docs-links.test.ts).
      { test: { name: 'docs', include: ['scripts/*.test.ts'] } },
    ],
  },
});
