import type { WebSocket } from 'ws';
import type { ServerFrame } from '@atendo/shared';
import type { VisitorIdentity } from '../domain/visitors';

/** One live socket and who is behind it. */
export interface Connection {
  id: string;
  ws: WebSocket;
  /** Origin header of the upgrade request, if any. */
  origin: string | undefined;
  ip: string;
  cookieHeader: string | undefined;
  /** User-Agent of the upgrade request (visitor sidebar: browser and OS). */
  userAgent?: string | undefined;
  /** Visitor sockets: what hello said about the page and device, stored once the visitor exists. */
  session?: import('../domain/visitor-profile').SessionInfo | undefined;
  alive: boolean;
  state:
    | { kind: 'pending' }
    | {
        kind: 'visitor';
        siteId: string;
        visitorId: string | null;
        locale?: string | undefined;
        pageUrl?: string | undefined;
        /** Identity to store when the first message creates the visitor (externalId only if verified). */
        pending?: VisitorIdentity | undefined;
      }
    | { kind: 'agent'; agentId: string; sessionHash: string };
}

/** Serialize and send one frame if the socket is still open. */
export function send(conn: Connection, frame: ServerFrame): void {
  if (conn.ws.readyState === conn.ws.OPEN) conn.ws.send(JSON.stringify(frame));
}
