import type { WebSocket } from 'ws';
import type { ServerFrame } from '@atendo/shared';

/** One live socket and who is behind it. */
export interface Connection {
  id: string;
  ws: WebSocket;
  /** Origin header of the upgrade request, if any. */
  origin: string | undefined;
  ip: string;
  cookieHeader: string | undefined;
  alive: boolean;
  state:
    | { kind: 'pending' }
    | { kind: 'visitor'; siteId: string; visitorId: string | null; locale?: string | undefined; pageUrl?: string | undefined }
    | { kind: 'agent'; agentId: string; sessionHash: string };
}

/** Serialize and send one frame if the socket is still open. */
export function send(conn: Connection, frame: ServerFrame): void {
  if (conn.ws.readyState === conn.ws.OPEN) conn.ws.send(JSON.stringify(frame));
}
