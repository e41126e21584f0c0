import { Socket } from 'node:net';
import { defineProject } from 'vitest/config';

/**
 * The server suite's PostgreSQL pass: the HTTP/WebSocket tests again, every test server on a
 * PostgreSQL database of its own (test/pg-db.ts). It runs when ATENDO_TEST_DATABASE_URL is set or
 * PostgreSQL answers on 127.0.0.1:5432. Otherwise it is skipped with one printed line — except in
 * CI or when ATENDO_TEST_DATABASE_URL is set, where an unreachable server fails the run.
 * (The storage contract suite's PostgreSQL pass is src/storage/postgres/contract.test.ts.)
 */
function answers(url: URL): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1500, () => done(false));
    socket.once('error', () => done(false));
    socket.connect(Number(url.port || 5432), url.hostname || '127.0.0.1', () => done(true));
  });
}

const explicit = process.env.ATENDO_TEST_DATABASE_URL;
const url = new URL(explicit || 'postgres://postgres@127.0.0.1:5432/postgres');
const reachable = await answers(url);
if (!reachable && (explicit || process.env.CI)) {
  throw new Error(
    `PostgreSQL does not answer at ${url.hostname}:${url.port || 5432}: the server suite's PostgreSQL pass cannot run (CI or ATENDO_TEST_DATABASE_URL requires it)`,
  );
}
if (!reachable) console.warn(`\n  PostgreSQL does not answer at ${url.hostname}:${url.port || 5432}: the server suite's PostgreSQL pass is SKIPPED\n`);

export default defineProject({
  test: {
    name: 'server-pg',
    environment: 'node',
    include: reachable ? ['test/**/*.test.ts'] : [],
    // SQLite's own: the file, its WAL and pragmas after an erasure; the writer thread's hand-over.
    // The cluster's tests run once (they bring their own PostgreSQL database and Redis prefix).
    exclude: ['test/attacks/erasure.test.ts', 'test/delivery/once.test.ts', 'test/cluster/**'],
    env: { ATENDO_TEST_STORE: 'postgres' },
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
