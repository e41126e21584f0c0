import { resolve } from 'node:path';
import { loadLimits, type SecurityLimits } from './security/limits';
import { loadUploadLimits, type UploadLimits } from './security/upload-limits';

/** Everything the server reads from the environment, parsed once at start. */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** Public base URL used in snippets and printed links, without a trailing slash. */
  publicUrl: string;
  adminEmail: string | undefined;
  adminPassword: string | undefined;
  /** Development mode: relaxed origin rules for localhost only. */
  dev: boolean;
  /**
   * Serve the demo shop pages (/demo…): in development, or with ATENDO_DEMO=1. They run the widget
   * on Atendo's own origin, next to the console's session cookie, so a public server keeps them off.
   */
  demo: boolean;
  /** Root of the repository's built assets (console/dist, widget/dist). */
  assetsRoot: string;
  sessionTtlMs: number;
  /** Rate limits, connection caps and idle timeouts. */
  limits: SecurityLimits;
  /** Most messages replayed per conversation on resume; a larger gap gets a `resync` (ATENDO_RESUME_GAP). */
  resumeGap: number;
  /** Attachments: largest file and upload rates. */
  uploads: UploadLimits;
  /** Where the send path's transactions run (ATENDO_WRITER): a thread of their own, or the event loop. */
  writer: 'thread' | 'inline';
  /** Tests only (ATENDO_TEST_DROP_LIVE_SEQ, comma-separated): live copies of messages with these seqs are dropped. */
  testDropLiveSeqs: number[];
}

function int(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got "${value}"`);
  return n;
}

function writerMode(value: string | undefined): Config['writer'] {
  if (value === undefined || value === '' || value === 'thread') return 'thread';
  if (value === 'inline') return 'inline';
  throw new Error(`ATENDO_WRITER must be "thread" or "inline", got "${value}"`);
}

/** Read the configuration from environment variables (see docs/operating.md, "Configuration"). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, assetsRoot = resolve(import.meta.dirname, '../..')): Config {
  const port = int(env.PORT, 3000, 'PORT');
  const host = env.HOST || '0.0.0.0';
  return {
    port,
    host,
    dataDir: resolve(env.ATENDO_DATA_DIR || './data'),
    publicUrl: (env.ATENDO_PUBLIC_URL || `http://localhost:${port}`).replace(/\/+$/, ''),
    adminEmail: env.ATENDO_ADMIN_EMAIL || undefined,
    adminPassword: env.ATENDO_ADMIN_PASSWORD || undefined,
    dev: env.NODE_ENV !== 'production',
    demo: env.NODE_ENV !== 'production' || env.ATENDO_DEMO === '1' || env.ATENDO_DEMO === 'true',
    assetsRoot,
    sessionTtlMs: int(env.ATENDO_SESSION_TTL_HOURS, 24 * 7, 'ATENDO_SESSION_TTL_HOURS') * 3600_000,
    limits: loadLimits(env),
    resumeGap: Math.max(1, int(env.ATENDO_RESUME_GAP, 500, 'ATENDO_RESUME_GAP')),
    uploads: loadUploadLimits(env),
    writer: writerMode(env.ATENDO_WRITER),
    testDropLiveSeqs: (env.ATENDO_TEST_DROP_LIVE_SEQ ?? '')
      .split(',')
      .filter((x) => x.trim() !== '')
      .map((x) => Math.max(1, int(x.trim(), 1, 'ATENDO_TEST_DROP_LIVE_SEQ'))),
  };
}
