import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import {
  CloseCode,
  LIMITS,
  PROTOCOL_VERSION,
  parseAgentFrame,
  parseVisitorFrame,
  type AgentFrame,
  type AgentHello,
  type VisitorFrame,
  type VisitorHello,
} from '@atendo/shared';
import type { Config } from '../config';
import { AppError } from '../domain/errors';
import { newId } from '../domain/ids';
import type { Services } from '../domain/services';
import { SESSION_COOKIE } from '../http/context';
import { send, type Connection } from './connection';
import { Hub } from './hub';

export interface SocketOptions {
  /** How long a socket may stay open without saying hello. */
  helloTimeoutMs?: number;
  /** Interval of server pings; a socket that misses one pong is dropped. */
  heartbeatMs?: number;
  /** Most messages replayed per conversation on resume (older history comes from REST). */
  replayLimit?: number;
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

function rawToString(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}

/**
 * The WebSocket endpoint at /ws: parse → validate → authorize → call the domain → reply.
 * Every frame is checked against the shared schemas; nothing a client sends can throw out of here.
 */
export function attachSockets(server: Server, services: Services, config: Pick<Config, 'publicUrl'>, opts: SocketOptions = {}) {
  const helloTimeoutMs = opts.helloTimeoutMs ?? 10_000;
  const heartbeatMs = opts.heartbeatMs ?? 30_000;
  const replayLimit = opts.replayLimit ?? 500;
  const ownOrigin = new URL(config.publicUrl).origin;
  const hub = new Hub();
  const unsubscribe = services.bus.on((e) => hub.handle(e));
  const wss = new WebSocketServer({ noServer: true, maxPayload: LIMITS.maxFrameBytes });
  const connections = new Set<Connection>();

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname !== '/ws') {
      socket.write('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => onConnection(ws, req));
  };
  server.on('upgrade', onUpgrade);

  function onConnection(ws: WebSocket, req: IncomingMessage) {
    const conn: Connection = {
      id: newId(),
      ws,
      origin: req.headers.origin,
      ip: req.socket.remoteAddress ?? '',
      cookieHeader: req.headers.cookie,
      alive: true,
      state: { kind: 'pending' },
    };
    connections.add(conn);
    const helloTimer = setTimeout(() => {
      if (conn.state.kind === 'pending') ws.close(CloseCode.HelloTimeout, 'hello expected');
    }, helloTimeoutMs);

    ws.on('pong', () => {
      conn.alive = true;
    });
    ws.on('message', (data, isBinary) => {
      try {
        if (isBinary) throw new AppError('bad_request', 'Binary frames are not supported');
        onFrame(conn, rawToString(data));
      } catch (err) {
        reportError(conn, err);
      }
    });
    ws.on('error', () => {
      // ws raises here for oversized or malformed frames and closes the socket itself (1009/1002).
    });
    ws.on('close', () => {
      clearTimeout(helloTimer);
      connections.delete(conn);
      hub.remove(conn);
    });
  }

  function reportError(conn: Connection, err: unknown, clientId?: string) {
    if (err instanceof AppError) {
      send(conn, { type: 'error', code: err.code, message: err.message, ...(clientId ? { clientId } : {}) });
    } else {
      console.error('socket handler failed', err);
      send(conn, { type: 'error', code: 'internal', message: 'Something went wrong on our side', ...(clientId ? { clientId } : {}) });
    }
  }

  function onFrame(conn: Connection, raw: string) {
    const state = conn.state;
    if (state.kind === 'pending') return onHello(conn, raw);
    if (state.kind === 'visitor') {
      const parsed = parseVisitorFrame(raw);
      if (!parsed.ok) return send(conn, { type: 'error', code: parsed.code, message: parsed.message, ...(parsed.clientId ? { clientId: parsed.clientId } : {}) });
      return onVisitorFrame(conn, parsed.frame);
    }
    const parsed = parseAgentFrame(raw);
    if (!parsed.ok) return send(conn, { type: 'error', code: parsed.code, message: parsed.message, ...(parsed.clientId ? { clientId: parsed.clientId } : {}) });
    return onAgentFrame(conn, parsed.frame);
  }

  function refuse(conn: Connection, code: number, errorCode: 'bad_request' | 'protocol_mismatch' | 'unauthorized' | 'forbidden' | 'unknown_site', message: string) {
    send(conn, { type: 'error', code: errorCode, message });
    conn.ws.close(code, message.slice(0, 100));
  }

  function onHello(conn: Connection, raw: string) {
    let role: unknown;
    try {
      role = (JSON.parse(raw) as { role?: unknown })?.role;
    } catch {
      role = undefined;
    }
    const parsed = role === 'agent' ? parseAgentFrame(raw) : parseVisitorFrame(raw);
    if (!parsed.ok || parsed.frame.type !== 'hello') {
      const message = parsed.ok ? 'The first frame must be hello' : parsed.message;
      return refuse(conn, CloseCode.BadHello, 'bad_request', message);
    }
    const hello = parsed.frame;
    if (hello.v !== PROTOCOL_VERSION) {
      return refuse(conn, CloseCode.BadHello, 'protocol_mismatch', `Protocol version ${PROTOCOL_VERSION} required`);
    }
    if (hello.role === 'agent') return onAgentHello(conn, hello);
    return onVisitorHello(conn, hello);
  }

  function replay(conn: Connection, conversationIds: string[], resume: Record<string, number>) {
    for (const id of conversationIds) {
      const after = resume[id] ?? 0;
      for (const message of services.conversations.messages(id, after, replayLimit)) send(conn, { type: 'message', message });
    }
  }

  function onVisitorHello(conn: Connection, hello: VisitorHello) {
    if (!services.sites.row(hello.siteId)) {
      return refuse(conn, CloseCode.UnknownSite, 'unknown_site', 'Unknown site');
    }
    let visitorId: string | null = null;
    if (hello.token) {
      const visitor = services.visitors.authenticate(hello.siteId, hello.token);
      if (!visitor) return refuse(conn, CloseCode.Unauthorized, 'unauthorized', 'Unknown or expired visitor token');
      visitorId = visitor.id;
      services.visitors.touch(visitor.id, { locale: hello.locale, pageUrl: hello.page?.url });
    }
    conn.state = { kind: 'visitor', siteId: hello.siteId, visitorId, locale: hello.locale, pageUrl: hello.page?.url };
    const conversations = visitorId ? services.conversations.forVisitor(visitorId) : [];
    if (visitorId) hub.addVisitor(visitorId, conn);
    send(conn, { type: 'welcome', v: PROTOCOL_VERSION, role: 'visitor', visitorId, conversations });
    replay(conn, conversations.map((c) => c.id), hello.resume ?? {});
  }

  function onAgentHello(conn: Connection, hello: AgentHello) {
    // Cross-site WebSocket hijacking: a browser sends the cookie from any page, so check where it came from.
    if (conn.origin !== undefined && conn.origin !== ownOrigin) {
      return refuse(conn, CloseCode.Forbidden, 'forbidden', 'Agent sockets are only accepted from the console');
    }
    const session = services.agents.authenticate(cookieValue(conn.cookieHeader, SESSION_COOKIE));
    if (!session) return refuse(conn, CloseCode.Unauthorized, 'unauthorized', 'Log in to continue');
    conn.state = { kind: 'agent', agentId: session.agent.id, sessionHash: session.sessionHash };
    hub.addAgent(conn);
    send(conn, { type: 'welcome', v: PROTOCOL_VERSION, role: 'agent', agent: session.agent });
    const resume = hello.resume ?? {};
    replay(conn, Object.keys(resume), resume);
  }

  function onVisitorFrame(conn: Connection, frame: VisitorFrame) {
    const state = conn.state;
    if (state.kind !== 'visitor') return;
    switch (frame.type) {
      case 'hello':
        return send(conn, { type: 'error', code: 'bad_request', message: 'Already said hello' });
      case 'ping':
        return send(conn, { type: 'pong' });
      case 'conversation.read':
        // Read receipts for visitors arrive with the delivery-guarantees work; accept and ignore for now.
        if (state.visitorId) services.conversations.assertVisitorOwns(frame.conversationId, state.visitorId);
        return;
      case 'message.send': {
        try {
          if (!state.visitorId) {
            if (frame.conversationId) throw new AppError('not_found', 'Conversation not found');
            // The visitor acted: only now does a visitor row (and a token in their browser) exist.
            const { visitor, token } = services.visitors.create(state.siteId, { locale: state.locale, pageUrl: state.pageUrl });
            state.visitorId = visitor.id;
            hub.addVisitor(visitor.id, conn);
            send(conn, { type: 'session', visitorId: visitor.id, token });
          }
          const result = services.conversations.send(
            { kind: 'visitor', visitorId: state.visitorId, siteId: state.siteId },
            { conversationId: frame.conversationId, clientId: frame.clientId, body: frame.body, origin: conn.id },
          );
          return send(conn, { type: 'ack', clientId: frame.clientId, message: result.message });
        } catch (err) {
          return reportError(conn, err, frame.clientId);
        }
      }
    }
  }

  function onAgentFrame(conn: Connection, frame: AgentFrame) {
    const state = conn.state;
    if (state.kind !== 'agent') return;
    // The session may have ended (logout, expiry) while the socket stayed open.
    const session = services.agents.authenticate(cookieValue(conn.cookieHeader, SESSION_COOKIE));
    if (!session) return refuse(conn, CloseCode.Unauthorized, 'unauthorized', 'Session ended');
    switch (frame.type) {
      case 'hello':
        return send(conn, { type: 'error', code: 'bad_request', message: 'Already said hello' });
      case 'ping':
        return send(conn, { type: 'pong' });
      case 'conversation.read':
        try {
          services.conversations.markRead(frame.conversationId, frame.seq);
        } catch (err) {
          reportError(conn, err);
        }
        return;
      case 'message.send':
        try {
          const result = services.conversations.send(
            { kind: 'agent', agentId: session.agent.id, agentName: session.agent.name },
            { conversationId: frame.conversationId, clientId: frame.clientId, body: frame.body, origin: conn.id },
          );
          return send(conn, { type: 'ack', clientId: frame.clientId, message: result.message });
        } catch (err) {
          return reportError(conn, err, frame.clientId);
        }
    }
  }

  // Heartbeat: a socket that did not answer the previous ping is dead (half-open TCP); drop it.
  const heartbeat = setInterval(() => {
    for (const conn of connections) {
      if (!conn.alive) {
        conn.ws.terminate();
        continue;
      }
      conn.alive = false;
      conn.ws.ping();
    }
  }, heartbeatMs);
  heartbeat.unref();

  return {
    hub,
    wss,
    close() {
      clearInterval(heartbeat);
      unsubscribe();
      server.off('upgrade', onUpgrade);
      for (const conn of connections) conn.ws.close(CloseCode.GoingAway, 'server shutting down');
      wss.close();
    },
  };
}
