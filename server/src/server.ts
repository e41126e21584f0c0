import { serve, type ServerType } from '@hono/node-server';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import type { Config } from './config';
import { openSqliteStorage } from './storage/sqlite';
import { bootstrap, type BootstrapResult } from './domain/bootstrap';
import { createServices, type Services } from './domain/services';
import type { MailOptions } from './domain/mail';
import { createApp } from './http/app';
import { attachSockets, type SocketOptions } from './ws/server';
import { guardHttpServer } from './security/http-guard';

export interface Running {
  port: number;
  services: Services;
  boot: BootstrapResult;
  sockets: ReturnType<typeof attachSockets>;
  close(): Promise<void>;
}

/** Open the database, bootstrap, and serve HTTP and WebSocket on one port. */
export async function startServer(config: Config, opts: { dbFile?: string; sockets?: SocketOptions; mail?: MailOptions } = {}): Promise<Running> {
  const file = opts.dbFile ?? resolve(config.dataDir, 'atendo.db');
  // The send path's transactions on a thread of their own (a file only: ':memory:' has one connection).
  const storage = openSqliteStorage(file, { writer: config.writer });
  // Messages written while the server was down by anything but the send path (a seed, a restore) get searchable.
  await storage.search.catchUp();
  const services = await createServices(storage, config, { mail: opts.mail });
  const boot = await bootstrap(services, config);
  // E-mail (ATENDO_SMTP_URL): agents' replies to visitors who left, through the outbox.
  services.mail?.start();
  const app = createApp({ services, config });
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
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    services,
    boot,
    sockets,
    async close() {
      await sockets.close();
      await new Promise<void>((ok) => server.close(() => ok()));
      // After the sockets: replies answered while closing still get their window (sent after a restart).
      await services.mail?.stop();
      await storage.close();
    },
  };
}
