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
  /** E-mail: the outgoing server, the sender, reply addresses and the continuity delay. */
  mail: MailConfig;
  /** Incoming e-mail: visitors' answers to continuity e-mails (the SMTP listener, the webhook). */
  inbound: InboundConfig;
  /** PostgreSQL instead of the SQLite file (ATENDO_DATABASE_URL), and its pool's size. */
  database: DatabaseConfig;
  /** Many instances: Redis for the bus and the shared state (ATENDO_REDIS_URL), or null for one process. */
  redis: RedisConfig;
  /** Webhooks: ATENDO_WEBHOOK_ALLOW_PRIVATE=1 lets endpoints be on loopback, private and link-local addresses (off by default: SSRF). */
  webhooks: { allowPrivate: boolean };
}

export interface RedisConfig {
  /** redis://… or rediss://… (may hold a password: never printed whole), or null. */
  url: string | null;
  /** ATENDO_REDIS_PREFIX: every key's prefix (default `atendo:`), so clusters (and tests) can share one Redis. */
  prefix: string;
  /** ATENDO_INSTANCE_ID: this instance's name in the cluster (default: random at each start). */
  instanceId: string | null;
}

export interface DatabaseConfig {
  /** postgres://… (may hold a password: never printed whole), or null for SQLite in dataDir. */
  url: string | null;
  /** Connections per instance (ATENDO_DATABASE_POOL). */
  pool: number;
}

/** Incoming e-mail (see docs/operating.md, "E-mail"). Either way needs ATENDO_INBOUND_DOMAIN. */
export interface InboundConfig {
  /** ATENDO_INBOUND_SMTP_PORT: the built-in SMTP listener's port; null: no listener. */
  smtpPort: number | null;
  /** ATENDO_INBOUND_SMTP_HOST: the address it listens on (default 0.0.0.0). */
  smtpHost: string;
  /** ATENDO_INBOUND_SECRET: POST /api/v1/inbound/email is mounted, with this bearer secret; null: not mounted. */
  secret: string | null;
  /**
   * Largest incoming message, in bytes: ATENDO_INBOUND_MAX_MB, by default room for one file of the
   * upload limit in base64 (× 1.4) plus 1 MB of text and headers.
   */
  maxBytes: number;
}

/** E-mail settings (see docs/operating.md, "E-mail"). */
export interface MailConfig {
  /** ATENDO_SMTP_URL: `smtp://` (STARTTLS when offered) or `smtps://` (TLS); null: no e-mail is sent. */
  smtpUrl: string | null;
  /** ATENDO_MAIL_FROM: the sender's address and display name (the site's team name replaces the name when known). */
  from: { name: string; address: string };
  /** ATENDO_INBOUND_DOMAIN: reply addresses are `reply+<token>@<this>`; null: e-mails carry no Reply-To. */
  inboundDomain: string | null;
  /** ATENDO_EMAIL_DELAY_SECONDS: how long after an agent's reply its e-mail waits (the visitor may read it in the widget meanwhile). */
  delayMs: number;
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

const DOMAIN = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/;
const ADDRESS = /^[^\s@<>()",;:\\[\]]+@([^\s@<>()",;:\\[\]]+)$/;

function smtpUrl(value: string | undefined): string | null {
  if (value === undefined || value.trim() === '') return null;
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new Error(`ATENDO_SMTP_URL must be a URL like smtp://host:587 or smtps://user:pass@host:465, got something else`);
  }
  // The value may hold a password: the messages never repeat it.
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') throw new Error(`ATENDO_SMTP_URL must start with smtp:// or smtps://, got "${url.protocol}//"`);
  if (!url.hostname) throw new Error('ATENDO_SMTP_URL has no host');
  return value.trim();
}

function databaseUrl(value: string | undefined): string | null {
  if (value === undefined || value.trim() === '') return null;
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new Error('ATENDO_DATABASE_URL must be a URL like postgres://user:password@host:5432/atendo, got something else');
  }
  // The value may hold a password: the messages never repeat it.
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new Error(`ATENDO_DATABASE_URL must start with postgres:// or postgresql://, got "${url.protocol}//"`);
  }
  if (!url.hostname && !url.searchParams.get('host')) throw new Error('ATENDO_DATABASE_URL has no host');
  return value.trim();
}

function redisUrl(value: string | undefined, databaseUrl: string | null): string | null {
  if (value === undefined || value.trim() === '') return null;
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new Error('ATENDO_REDIS_URL must be a URL like redis://host:6379, got something else');
  }
  // The value may hold a password: the messages never repeat it.
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:')
    throw new Error(`ATENDO_REDIS_URL must start with redis:// or rediss://, got "${url.protocol}//"`);
  if (!url.hostname) throw new Error('ATENDO_REDIS_URL has no host');
  // Instances share one database: a SQLite file is one process's.
  if (databaseUrl === null) throw new Error('ATENDO_REDIS_URL needs ATENDO_DATABASE_URL: the instances of a cluster share one PostgreSQL database');
  return value.trim();
}

function redisPrefix(value: string | undefined): string {
  const prefix = value?.trim() || 'atendo:';
  if (prefix.length > 64 || !/^[\w:.-]+$/.test(prefix))
    throw new Error(`ATENDO_REDIS_PREFIX must be up to 64 letters, digits and _ : . -, got "${prefix.slice(0, 80)}"`);
  return prefix;
}

function instanceId(value: string | undefined): string | null {
  const id = value?.trim();
  if (!id) return null;
  if (id.length > 64 || !/^[\w.-]+$/.test(id)) throw new Error(`ATENDO_INSTANCE_ID must be up to 64 letters, digits and _ . -, got "${id.slice(0, 80)}"`);
  return id;
}

/** At least 2: the first start's bootstrap holds one connection (the start lock) while it uses another. */
function databasePool(value: string | undefined): number {
  const n = int(value, 10, 'ATENDO_DATABASE_POOL');
  if (n < 2) throw new Error(`ATENDO_DATABASE_POOL must be at least 2, got "${value}"`);
  return n;
}

/** The database's URL without its password, for the start banner and errors. */
export function redactDatabaseUrl(value: string): string {
  const url = new URL(value);
  if (url.password) url.password = '***';
  return url.toString();
}

/** "Name <address>" or a bare address. */
function mailFrom(value: string | undefined, publicUrl: string): MailConfig['from'] {
  if (value === undefined || value.trim() === '') {
    let host = 'localhost';
    try {
      host = new URL(publicUrl).hostname.replace(/^\[|\]$/g, '') || host;
    } catch {
      // A public URL that is not one: its problems are not the sender's.
    }
    return { name: 'Atendo', address: `atendo@${host}` };
  }
  const v = value.trim();
  const m = /^(.*?)\s*<([^<>]+)>$/.exec(v);
  const name = (m ? m[1]! : '').trim().replace(/^"(.*)"$/, '$1');
  const address = (m ? m[2]! : v).trim();
  const parts = ADDRESS.exec(address);
  if (!parts || !DOMAIN.test(parts[1]!.toLowerCase())) {
    throw new Error(`ATENDO_MAIL_FROM must be an address or "Name <address>", got "${value}"`);
  }
  return { name, address };
}

function inboundDomain(value: string | undefined): string | null {
  if (value === undefined || value.trim() === '') return null;
  const v = value.trim().toLowerCase();
  if (!DOMAIN.test(v)) throw new Error(`ATENDO_INBOUND_DOMAIN must be a domain name like reply.example.com, got "${value}"`);
  return v;
}

const MB = 1024 * 1024;

function inboundConfig(env: NodeJS.ProcessEnv, domain: string | null, uploadMaxBytes: number): InboundConfig {
  const portValue = env.ATENDO_INBOUND_SMTP_PORT?.trim() ?? '';
  let smtpPort: number | null = null;
  if (portValue !== '') {
    smtpPort = int(portValue, 0, 'ATENDO_INBOUND_SMTP_PORT');
    if (smtpPort < 1 || smtpPort > 65535) throw new Error(`ATENDO_INBOUND_SMTP_PORT must be a port number (1-65535), got "${portValue}"`);
  }
  const secret = env.ATENDO_INBOUND_SECRET?.trim() || null;
  if (secret !== null && secret.length < 16) throw new Error('ATENDO_INBOUND_SECRET must be at least 16 characters long');
  if (secret !== null && !/^\S+$/.test(secret)) throw new Error('ATENDO_INBOUND_SECRET must not contain spaces');
  for (const [name, on] of [
    ['ATENDO_INBOUND_SMTP_PORT', smtpPort !== null],
    ['ATENDO_INBOUND_SECRET', secret !== null],
  ] as const) {
    if (on && !domain) throw new Error(`${name} needs ATENDO_INBOUND_DOMAIN: incoming e-mail is answers to reply+<token>@<that domain>`);
  }
  const maxMb = env.ATENDO_INBOUND_MAX_MB?.trim() ?? '';
  let maxBytes = Math.ceil(uploadMaxBytes * 1.4) + MB;
  if (maxMb !== '') {
    const n = Number(maxMb);
    if (!Number.isFinite(n) || n <= 0) throw new Error(`ATENDO_INBOUND_MAX_MB must be a positive number, got "${maxMb}"`);
    maxBytes = Math.round(n * MB);
  }
  return { smtpPort, smtpHost: env.ATENDO_INBOUND_SMTP_HOST?.trim() || '0.0.0.0', secret, maxBytes };
}

/** Read the configuration from environment variables (see docs/operating.md, "Configuration"). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, assetsRoot = resolve(import.meta.dirname, '../..')): Config {
  const port = int(env.PORT, 3000, 'PORT');
  const host = env.HOST || '0.0.0.0';
  const publicUrl = (env.ATENDO_PUBLIC_URL || `http://localhost:${port}`).replace(/\/+$/, '');
  const uploads = loadUploadLimits(env);
  const replyDomain = inboundDomain(env.ATENDO_INBOUND_DOMAIN);
  return {
    port,
    host,
    dataDir: resolve(env.ATENDO_DATA_DIR || './data'),
    publicUrl,
    adminEmail: env.ATENDO_ADMIN_EMAIL || undefined,
    adminPassword: env.ATENDO_ADMIN_PASSWORD || undefined,
    dev: env.NODE_ENV !== 'production',
    demo: env.NODE_ENV !== 'production' || env.ATENDO_DEMO === '1' || env.ATENDO_DEMO === 'true',
    assetsRoot,
    sessionTtlMs: int(env.ATENDO_SESSION_TTL_HOURS, 24 * 7, 'ATENDO_SESSION_TTL_HOURS') * 3600_000,
    limits: loadLimits(env),
    resumeGap: Math.max(1, int(env.ATENDO_RESUME_GAP, 500, 'ATENDO_RESUME_GAP')),
    uploads,
    writer: writerMode(env.ATENDO_WRITER),
    testDropLiveSeqs: (env.ATENDO_TEST_DROP_LIVE_SEQ ?? '')
      .split(',')
      .filter((x) => x.trim() !== '')
      .map((x) => Math.max(1, int(x.trim(), 1, 'ATENDO_TEST_DROP_LIVE_SEQ'))),
    mail: {
      smtpUrl: smtpUrl(env.ATENDO_SMTP_URL),
      from: mailFrom(env.ATENDO_MAIL_FROM, publicUrl),
      inboundDomain: replyDomain,
      delayMs: int(env.ATENDO_EMAIL_DELAY_SECONDS, 120, 'ATENDO_EMAIL_DELAY_SECONDS') * 1000,
    },
    inbound: inboundConfig(env, replyDomain, uploads.maxBytes),
    database: {
      url: databaseUrl(env.ATENDO_DATABASE_URL),
      pool: databasePool(env.ATENDO_DATABASE_POOL),
    },
    redis: {
      url: redisUrl(env.ATENDO_REDIS_URL, databaseUrl(env.ATENDO_DATABASE_URL)),
      prefix: redisPrefix(env.ATENDO_REDIS_PREFIX),
      instanceId: instanceId(env.ATENDO_INSTANCE_ID),
    },
    webhooks: { allowPrivate: env.ATENDO_WEBHOOK_ALLOW_PRIVATE === '1' || env.ATENDO_WEBHOOK_ALLOW_PRIVATE === 'true' },
  };
}
