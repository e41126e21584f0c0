import { defineConfig } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

// A fresh data directory per run: the e2e server starts from an empty database, like a new install.
const dataDir = mkdtempSync(join(tmpdir(), 'atendo-e2e-'));
const port = Number(process.env.E2E_PORT || 3210);
export const baseURL = `http://localhost:${port}`;

export default defineConfig({
  testDir: './tests',
  timeout: 30_000,
  expect: { timeout: 7_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL,
    launchOptions: {
      executablePath: process.env.ATENDO_CHROMIUM || '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    },
    screenshot: 'only-on-failure',
    trace: 'off',
  },
  webServer: {
    command: 'node ../server/dist/main.js',
    url: `${baseURL}/healthz`,
    reuseExistingServer: false,
    timeout: 30_000,
    env: {
      PORT: String(port),
      HOST: '127.0.0.1',
      ATENDO_DATA_DIR: dataDir,
      ATENDO_PUBLIC_URL: baseURL,
      ATENDO_ADMIN_EMAIL: 'admin@example.com',
      ATENDO_ADMIN_PASSWORD: 'e2e-password-123',
      NODE_ENV: 'production',
    },
    cwd: resolve(import.meta.dirname),
  },
});
