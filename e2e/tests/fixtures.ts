/**
 * Every test gets its own Atendo: a real server process (`server/dist/main.js`) on a free port of
 * 127.0.0.1 with a fresh data directory, as after a new install. Tests then never depend on what an
 * earlier test (or spec file) left behind: agents' presence, settings, counts in reports.
 * Import `test` and `expect` from here instead of '@playwright/test'.
 */
import { test as base, expect } from '@playwright/test';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const SERVER = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'server', 'dist', 'main.js');
export const ADMIN = { email: 'admin@example.com', password: 'e2e-password-123' };

function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => res(port));
    });
  });
}

async function waitHealthy(url: string, ms: number): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) return;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > until) throw new Error(`Atendo did not answer ${url}/healthz within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export const test = base.extend<{ serverEnv: Record<string, string> }>({
  /** Extra environment for the test's server (`test.use({ serverEnv: { … } })`). */
  serverEnv: [{}, { option: true }],
  baseURL: async ({ serverEnv }, use) => {
    const port = await freePort();
    const url = `http://localhost:${port}`;
    const dataDir = mkdtempSync(join(tmpdir(), 'atendo-e2e-'));
    let output = '';
    const child = spawn(process.execPath, [SERVER], {
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        ATENDO_DATA_DIR: dataDir,
        ATENDO_PUBLIC_URL: url,
        ATENDO_ADMIN_EMAIL: ADMIN.email,
        ATENDO_ADMIN_PASSWORD: ADMIN.password,
        NODE_ENV: 'production',
        // The demo shop is the visitor's page in these tests (off by default in production).
        ATENDO_DEMO: '1',
        ...serverEnv,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    try {
      await waitHealthy(url, 15_000);
    } catch (err) {
      child.kill('SIGKILL');
      throw new Error(`${(err as Error).message}\n${output}`);
    }
    await use(url);
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
    if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  },
});

export { expect };

type Page = import('@playwright/test').Page;

/** Sign in to the console as `who` (the first admin by default) and wait for the inbox. */
export async function loginAgent(page: Page, who: { email: string; password: string } = ADMIN): Promise<void> {
  await page.goto('/');
  await page.getByLabel(/e-?mail/i).fill(who.email);
  await page.getByLabel(/password/i).fill(who.password);
  await page.getByRole('button', { name: /sign in/i }).click();
  await expect(page.getByRole('region', { name: /conversations/i })).toBeVisible();
}

/** Set this agent Online or Away with the top bar toggle (it changes once the server has stored it). */
export async function setPresence(page: Page, want: 'Online' | 'Away'): Promise<void> {
  const toggle = page.getByRole('button', { name: /^(Online|Away)$/ });
  await expect(toggle).toBeVisible();
  const pressed = want === 'Online' ? 'true' : 'false';
  // One click at most: a second one while the first is in flight would toggle it back.
  if ((await toggle.getAttribute('aria-pressed')) !== pressed) await toggle.click();
  await expect(toggle).toHaveAttribute('aria-pressed', pressed);
  await expect(toggle).toHaveText(want);
}

/**
 * Go Online: with nobody online the widget offers "leave a message" instead of the chat,
 * so a spec about chatting starts with an agent online.
 */
export const goOnline = (page: Page) => setPresence(page, 'Online');
/** Back to Away. */
export const goAway = (page: Page) => setPresence(page, 'Away');

type Browser = import('@playwright/test').Browser;

/**
 * The usual pair: an agent signed in and Online (in a window of `agentViewport`), and a visitor on
 * /demo with the chat panel open. `close()` ends both contexts.
 */
export async function agentAndVisitor(
  browser: Browser,
  agentViewport = { width: 1280, height: 720 },
  agentOptions: { isMobile?: boolean; hasTouch?: boolean } = {},
  /** Runs on both pages before either loads anything (e.g. to watch their sockets from the start). */
  beforeLoad?: (pages: { agent: Page; visitor: Page }) => void,
) {
  const agentCtx = await browser.newContext({ viewport: agentViewport, ...agentOptions });
  const visitorCtx = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
  const agent = await agentCtx.newPage();
  const visitor = await visitorCtx.newPage();
  beforeLoad?.({ agent, visitor });
  await loginAgent(agent);
  await goOnline(agent);
  await visitor.goto('/demo');
  await visitor.getByRole('button', { name: /open chat/i }).click();
  const panel = visitor.getByRole('dialog');
  const composer = panel.getByRole('textbox', { name: /message/i });
  const close = async () => {
    await agentCtx.close();
    await visitorCtx.close();
  };
  return { agent, visitor, panel, composer, close };
}
