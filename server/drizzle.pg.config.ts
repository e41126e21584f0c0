import { defineConfig } from 'drizzle-kit';

/** PostgreSQL migrations (`pnpm db:generate:pg`); SQLite's are drizzle.config.ts. */
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/storage/postgres/schema.ts',
  out: './src/storage/postgres/migrations',
});
