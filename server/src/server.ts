import { serve, type ServerType } from '@hono/node-server';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { redactDatabaseUrl, type Config } from './config';
import type { Storage } from './storage';
import { openSqliteStorage } from './storage/sqlite';
import { bootstrap, type BootstrapResult } from './domain/bootstrap';
import { createServices, type Services } from './domain/services';
import type { MailOptions } from './domain/mail';
import type { WebhookOptions } from './domain/webhooks';
import { createApp } from './http/app';
import { attachSockets, type SocketOptions } from './ws/server';
import { guardHttpServer } from './security/http-guard';
import type { InboundSmtp, InboundSmtpLimits } from './mail-inbound/listener';
import type { RedisState } from './state/redis';

export interface Running {
  port: number;
  services: Services;
  boot: BootstrapResult;
  sockets: ReturnType<typeof attachSockets>;
  /** The inbound SMTP listener (ATENDO_INBOUND_SMTP_PORT), or null. */
  inboundSmtp: InboundSmtp | null;
  /** The bus and shared state on Redis (ATENDO_REDIS_URL), or null on one instance. */
  redis: RedisState | null;
  close(): Promise<void>;
}

/**
 * PostgreSQL when ATENDO_DATABASE_URL is set (loaded only then), else the SQLite file. A database
 * that cannot be reached or used is one line naming the cause (the caller prints it and exits 1).
 */
async function openStorage(config: Config, file: string): Promise<Storage> {
  const url = config.database.url;
  if (url === null) {
    // The send path's transactions on a thread of their own (a file only: ':memory:' has one connection).
    return openSqliteStorage(file, { writer: config.writer });
  }
  const { openPostgresStorage } = await import('./storage/postgres');
  const { describeStartError } = await import('./storage/postgres/client');
  try {
    return await openPostgresStorage(url, { pool: config.database.pool });
  } catch (err) {
    throw new Error(`ATENDO_DATABASE_URL (${redactDatabaseUrl(url)}): ${describeStartError(err)}`);
  }
}

/** Open the database, bootstrap, and serve HTTP and WebSocket on one port. */
export async function startServer(
  config: Config,
  opts: { dbFile?: string; sockets?: SocketOptions; mail?: MailOptions; webhooks?: Partial<WebhookOptions>; inboundSmtp?: Partial<InboundSmtpLimits> } = {},
): Promise<Running> {
  // Many instances (ATENDO_REDIS_URL): the bus and the shared state on Redis (loaded only then).
  // First: a Redis that does not answer stops the start before the database is touched.
  const redis: RedisState | null = config.redis.url ? await (await import('./state/redis')).openRedisState({ ...config.redis, url: config.redis.url }) : null;
  let storage: Storage;
  try {
    storage = await openStorage(config, opts.dbFile ?? resolve(config.dataDir, 'atendo.db'));
    // Messages written while the server was down by anything but the send path (a seed, a restore) get searchable.
    await storage.search.catchUp();
  } catch (err) {
    await redis?.close();
    throw err;
  }
  let services: Services;
  let boot: BootstrapResult;
  try {
    services = await createServices(storage, config, { mail: opts.mail, webhooks: opts.webhooks, bus: redis?.bus, rateLimits: redis?.rateLimits });
    // Instances starting together on an empty database create one default site and one first admin.
    boot = storage.withStartLock ? await storage.withStartLock(() => bootstrap(services, config)) : await bootstrap(services, config);
    // Who is online on the other instances, before this one takes sockets.
    await redis?.join(services.presence);
  } catch (err) {
    await redis?.close();
    await storage.close();
    throw err;
  }
  // E-mail (ATENDO_SMTP_URL): agents' replies to visitors who left, through the outbox.
  services.mail?.start();
  // Webhooks: this instance's events into the outbox, and the outbox worker.
  services.webhooks.start();
  let draining = false;
  const app = createApp({ services, config, readiness: { redisConnected: redis ? () => redis.connected : null, draining: () => draining } });
  const server: ServerType = await new Promise((ok) => {
    // Timeouts are checked this often (Node's default, 30 s, would let a slow request outlive them by that much).
    const serverOptions = { connectionsCheckingInterval: Math.min(2000, config.limits.headersTimeoutMs) };
    const s = serve({ fetch: app.fetch, port: config.port, hostname: config.host, serverOptions }, () => ok(s));
  });
  guardHttpServer(server as Server, config.limits);
  const sockets = attachSockets(server as Server, services, config, {
    writer: storage.conversations.offThread ?? null,
    dropLiveSeqs: config.testDropLiveSeqs,
    ...opts.sockets,
    sendQueue: { parallel: storage.conversations.parallelBatches, ...opts.sockets?.sendQueue },
  });
  const port = (server.address() as AddressInfo).port;
  // E-mail in over SMTP (ATENDO_INBOUND_SMTP_PORT): visitors' answers to continuity e-mails.
  let inboundSmtp: InboundSmtp | null = null;
  const inboundDomain = config.mail.inboundDomain;
  if (config.inbound.smtpPort !== null && inboundDomain) {
    const inbound = services.inboundMail;
    try {
      // Loaded only when configured: smtp-server and the parser cost about 300 ms and 45 MB at start.
      const { startInboundSmtp } = await import('./mail-inbound/listener');
      inboundSmtp = await startInboundSmtp({
        port: config.inbound.smtpPort,
        host: config.inbound.smtpHost,
        inboundDomain,
        maxBytes: config.inbound.maxBytes,
        isKnownToken: (token) => inbound.isKnownToken(token),
        // An outcome that stores nothing (a duplicate, a token gone since RCPT TO) is a 250 too:
        // refusing it now would only bounce to an address that may be forged. The domain logs it.
        deliver: async (mail) => {
          await inbound.deliver(mail);
        },
        limits: opts.inboundSmtp,
      });
    } catch (err) {
      // The port is taken (or not ours to open): stop as a whole rather than run without it.
      await sockets.close();
      await redis?.close();
      await new Promise<void>((ok) => server.close(() => ok()));
      await services.mail?.stop();
      await services.webhooks.stop();
      await storage.close();
      throw new Error(`ATENDO_INBOUND_SMTP_PORT ${config.inbound.smtpPort}: cannot listen: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return {
    port,
    services,
    boot,
    sockets,
    inboundSmtp,
    redis,
    async close() {
      // Readiness says no from now on: a load balancer stops sending new clients here.
      draining = true;
      // First the incoming mail: no new message starts, those being stored finish (up to its close timeout).
      await inboundSmtp?.close();
      // Every send received is stored and answered, then sockets close with 1012: clients move to another instance.
      await sockets.close();
      // The answer bot's work for messages already stored (its answer, a hand-over) ends before the store closes.
      await services.bot.idle();
      // Leave the cluster: the others drop this instance's agents and visitors now.
      await redis?.close();
      await new Promise<void>((ok) => server.close(() => ok()));
      // After the sockets: replies answered while closing still get their window (sent after a restart).
      await services.mail?.stop();
      // Requests in flight get a moment; a cut one is sent again after its lease (same webhook-id).
      await services.webhooks.stop();
      await storage.close();
    },
  };
}
