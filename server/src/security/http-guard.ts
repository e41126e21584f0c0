import type { Server } from 'node:http';
import { clientIp } from './ip';
import type { SecurityLimits } from './limits';

/**
 * Slowloris: requests whose headers dribble in are dropped after `headersTimeoutMs`
 * (Node's default is 60 s), whole requests after `requestTimeoutMs`, and one address may hold only
 * so many TCP connections at once: unfinished requests, keep-alive connections and WebSockets
 * together. Behind your own proxy (`ATENDO_TRUST_PROXY`) every connection comes from the proxy, so
 * the per-address cap is the proxy's to apply; the timeouts still hold.
 * The server must be created with a `connectionsCheckingInterval` below the timeouts (server.ts).
 */
export function guardHttpServer(server: Server, limits: SecurityLimits): void {
  server.headersTimeout = limits.headersTimeoutMs;
  server.requestTimeout = limits.requestTimeoutMs;
  if (limits.trustProxy) return;
  const open = new Map<string, number>();
  server.on('connection', (socket) => {
    const ip = clientIp(socket.remoteAddress, undefined, false);
    const n = (open.get(ip) ?? 0) + 1;
    if (n > limits.httpConnectionsPerIp) {
      socket.destroy();
      return;
    }
    open.set(ip, n);
    socket.once('close', () => {
      const left = (open.get(ip) ?? 1) - 1;
      if (left <= 0) open.delete(ip);
      else open.set(ip, left);
    });
  });
}
