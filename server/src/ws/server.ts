/**
 * The WebSocket endpoint at /ws, in parts: upgrade checks (here), connection lifecycle (here: timers,
 * heartbeat, per-socket serialization, clean-up), the first frame (hello.ts), then one handler per
 * frame type (visitor-frames.ts, agent-frames.ts), replays and history pages (replay.ts).
 * Every frame is checked against the shared schemas; nothing a client sends can throw out of here.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { CloseCode, LIMITS, parseAgentFrame, parseVisitorFrame } from '@atendo/shared';
import type { Config } from '../config';
import { AppError } from '../domain/errors';
import { newId } from '../domain/ids';
import type { DomainEvent } from '../domain/events';
import type { Services } from '../domain/services';
import { SocketGuard } from '../security/socket-guard';
import { send, setMaxBuffered, type Connection } from './connection';
import { rateLimited, refuse, sendError, type SocketContext } from './context';
import { agentFrames } from './agent-frames';
import { dispatch } from './frame-table';
import { FrameLine } from './frame-line';
import { onHello } from './hello';
import { Hub } from './hub';
import { startSessionSweep } from './session-sweep';
import { SendQueue, type OffThreadStore } from './send-queue';
import { visitorFrames } from './visitor-frames';

export interface SocketOptions {
  /** How long a socket may stay open without saying hello. */
  helloTimeoutMs?: number;
  /** Interval of server pings; a socket that misses one pong is dropped. */
  heartbeatMs?: number;
  /** Most messages replayed per conversation on resume; a larger gap gets `resync` (default: config.resumeGap). */
  replayLimit?: number;
  /** The writer thread for the send path's transactions (storage/sqlite/writer.ts); without one they run here. */
  writer?: OffThreadStore | null;
  /** The send queue's tuning (ws/send-queue.ts); tests of the thread's path set `inlineUpTo: 0`, so even one send goes there. */
  sendQueue?: ConstructorParameters<typeof SendQueue>[3];
  /** Tests only: live copies of messages with these seqs are dropped, as a lost frame would be (see Hub). */
  dropLiveSeqs?: readonly number[];
  /** How often agent sockets' sessions are re-checked; an ended one is closed (4401) without waiting for a frame. */
  sessionCheckMs?: number;
}

function rawToString(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}

/** One frame: hello first, then the table of the socket's role. Errors become `error` frames (with the frame's clientId). */
function onFrame(ctx: SocketContext, conn: Connection, raw: string): void | Promise<void> {
  const state = conn.state;
  if (state.kind === 'pending') {
    // A hello that fails (storage down) leaves nothing half set up: the client is told and reconnects.
    return onHello(ctx, conn, raw).catch((err: unknown) => {
      sendError(conn, err);
      conn.ws.close(CloseCode.InternalError, 'hello failed');
    });
  }
  // Frames queued behind a slow one are dropped once the socket has closed (after a logout, an
  // erasure): nothing is answered to nobody. An unacked send is retried by the client's outbox.
  if (conn.ws.readyState !== conn.ws.OPEN) return;
  const parsed = state.kind === 'visitor' ? parseVisitorFrame(raw) : parseAgentFrame(raw);
  if (!parsed.ok) return send(conn, { type: 'error', code: parsed.code, message: parsed.message, ...(parsed.clientId ? { clientId: parsed.clientId } : {}) });
  const frame = parsed.frame;
  const failed = (err: unknown) => sendError(conn, err, 'clientId' in frame ? frame.clientId : undefined);
  try {
    const done =
      state.kind === 'visitor'
        ? dispatch(visitorFrames, ctx, conn, state, frame as Parameters<typeof visitorFrames.ping>[3] & typeof frame)
        : dispatch(agentFrames, ctx, conn, state, frame as Parameters<typeof agentFrames.ping>[3] & typeof frame);
    // A handler that finished synchronously (the common send) costs no promise and no extra turn.
    return done ? done.catch(failed) : undefined;
  } catch (err) {
    failed(err);
  }
}

export function attachSockets(
  server: Server,
  services: Services,
  config: Pick<Config, 'publicUrl' | 'dev' | 'limits'> & Partial<Pick<Config, 'resumeGap'>>,
  opts: SocketOptions = {},
) {
  const helloTimeoutMs = opts.helloTimeoutMs ?? 10_000;
  const heartbeatMs = opts.heartbeatMs ?? 30_000;
  const guard = new SocketGuard(services, config);
  const idleTimeoutMs = config.limits.idleTimeoutMs;
  setMaxBuffered(config.limits.maxSocketBufferBytes);
  const hub = new Hub(new Set(opts.dropLiveSeqs ?? []));
  const ctx: SocketContext = {
    services,
    config,
    guard,
    hub,
    sends: new SendQueue(services.conversations, (fn) => hub.corked(fn), opts.writer ?? null, opts.sendQueue),
    replayLimit: opts.replayLimit ?? config.resumeGap ?? 500,
    ownOrigin: new URL(config.publicUrl).origin,
  };
  const connections = new Set<Connection>();
  /** Set by `close()`: the storage closes before the sockets' close events arrive, and presence no longer matters then. */
  let shuttingDown = false;
  /** Each open socket's frame line: shutdown waits for the frames being handled. */
  const lines = new Map<Connection, FrameLine>();
  const unsubscribe = services.bus.on((e) => {
    if (e.type === 'site.identity_changed') return void identityChanged(e);
    if (e.type === 'site.deleted') siteDeleted(e.siteId);
    hub.handle(e);
  });

  /**
   * A deleted site's widgets get the answer an unknown site gets (4404: the widget stops trying),
   * including sockets that have not written yet and so are not in the hub.
   */
  function siteDeleted(siteId: string) {
    // oxlint-disable-next-line unicorn/no-useless-spread -- a snapshot: closing a socket takes it out of this set
    for (const conn of [...connections]) {
      if (conn.state.kind === 'visitor' && conn.state.siteId === siteId) refuse(conn, CloseCode.UnknownSite, 'unknown_site', 'This site no longer exists');
    }
  }

  /**
   * A rotated secret or "Require verified identity" turned on takes back what the old
   * rules gave. A socket whose identity proof used the old secret, or that speaks for a verified
   * contact on a token (whose token was just invalidated), is closed 4401: the widget reconnects
   * with the page's current identity. With identity now required, a socket that proved none is
   * closed 4403.
   */
  async function identityChanged(e: Extract<DomainEvent, { type: 'site.identity_changed' }>) {
    // oxlint-disable-next-line unicorn/no-useless-spread -- a snapshot: the loop awaits, sockets come and go meanwhile
    for (const conn of [...connections]) {
      const st = conn.state;
      if (st.kind !== 'visitor' || st.siteId !== e.siteId) continue;
      try {
        const contact = st.verified || (st.visitorId !== null && (await services.visitors.get(st.visitorId))?.verified === true);
        if (e.secretRotated && contact) refuse(conn, CloseCode.Unauthorized, 'unauthorized', 'The site changed its identity secret; connect again');
        else if (e.identityRequired && !st.verified) refuse(conn, CloseCode.Forbidden, 'identity_required', 'This site requires a verified identity');
      } catch (err) {
        console.error('closing sockets after an identity change failed', err);
      }
    }
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: LIMITS.maxFrameBytes });

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname !== '/ws') {
      socket.write('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      socket.destroy();
      return;
    }
    // Cross-site WebSocket hijacking and connection floods are refused before any socket exists.
    const verdict = guard.checkUpgrade(req);
    if (!verdict.ok) {
      const body = JSON.stringify({ error: { code: verdict.code, message: verdict.message } });
      const status = verdict.status === 403 ? '403 Forbidden' : '429 Too Many Requests';
      socket.write(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
      socket.destroy();
      return;
    }
    // Counted against the address's cap before the socket exists (with many instances, in Redis).
    // Given back exactly once if it never becomes a WebSocket (refused, gone meanwhile, a bad handshake).
    let slot: 'asking' | 'reserved' | 'opened' | 'released' = 'asking';
    const release = () => {
      if (slot === 'reserved') guard.release(verdict.ip);
      if (slot !== 'opened') slot = 'released';
    };
    // Node takes its error listener off before 'upgrade'; ws adds its own only in handleUpgrade.
    socket.on('error', () => {});
    socket.once('close', release);
    const go = (ok: boolean) => {
      if (!ok) return refuseUpgrade(socket, 'Too many connections from your address');
      if (slot === 'released' || socket.destroyed || shuttingDown) {
        slot = 'reserved';
        release();
        return void socket.destroy();
      }
      slot = 'reserved';
      wss.handleUpgrade(req, socket, head, (ws) => {
        slot = 'opened';
        onConnection(ws, req, verdict.ip);
      });
    };
    const reserved = guard.reserve(verdict.ip);
    if (typeof reserved === 'boolean') return go(reserved);
    reserved.then(go, () => refuseUpgrade(socket, 'Try again'));
  };

  function refuseUpgrade(socket: Duplex, message: string) {
    if (socket.destroyed) return;
    const body = JSON.stringify({ error: { code: 'rate_limited', message } });
    socket.write(
      `HTTP/1.1 429 Too Many Requests\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
    socket.destroy();
  }
  server.on('upgrade', onUpgrade);

  function onConnection(ws: WebSocket, req: IncomingMessage, ip: string) {
    const conn: Connection = {
      id: newId(),
      ws,
      origin: req.headers.origin,
      ip,
      cookieHeader: req.headers.cookie,
      userAgent: req.headers['user-agent'],
      alive: true,
      state: { kind: 'pending' },
    };
    connections.add(conn);
    const line = new FrameLine((raw) => onFrame(ctx, conn, raw));
    lines.set(conn, line);
    let closingForFlood = false;
    const helloTimer = setTimeout(() => {
      if (conn.state.kind === 'pending') ws.close(CloseCode.HelloTimeout, 'hello expected');
    }, helloTimeoutMs);
    // Idle timeout: a socket that says nothing (not even ping) for this long is closed; clients reconnect on use.
    let idleTimer = setTimeout(onIdle, idleTimeoutMs);
    function onIdle() {
      send(conn, { type: 'error', code: 'bad_request', message: 'Closed after a period of inactivity' });
      ws.close(CloseCode.IdleTimeout, 'idle');
    }

    ws.on('pong', () => {
      conn.alive = true;
    });
    ws.on('message', (data, isBinary) => {
      clearTimeout(idleTimer);
      idleTimer = setTimeout(onIdle, idleTimeoutMs);
      if (closingForFlood) return;
      const verdict = guard.frame(conn.id);
      if (verdict !== 'ok') {
        // Nothing more is queued once the socket is to be closed for flooding.
        if (verdict === 'close') closingForFlood = true;
        return line.push(() => rateLimited(conn, verdict, 'Too many frames; slow down'));
      }
      if (isBinary) return line.push(() => sendError(conn, new AppError('bad_request', 'Binary frames are not supported')));
      line.push(rawToString(data));
    });
    ws.on('error', () => {
      // ws raises here for oversized or malformed frames and closes the socket itself (1009/1002).
    });
    ws.on('close', () => {
      clearTimeout(helloTimer);
      clearTimeout(idleTimer);
      guard.closed(conn.id, ip);
      connections.delete(conn);
      lines.delete(conn);
      // After the frame in hand is done: a hello still storing must not register the socket (or
      // mark its visitor live) after it was cleaned up.
      line.whenIdle(() => {
        hub.remove(conn);
        if (shuttingDown) return;
        try {
          if (conn.state.kind === 'agent') services.presence.agentDisconnected(conn.state.agentId);
          // Only a socket that was counted live (see `profiles.connected` in hello.ts and visitor-frames.ts).
          if (conn.state.kind === 'visitor' && conn.liveVisitorId) services.presence.visitorDisconnected(conn.liveVisitorId);
        } catch (err) {
          // During shutdown the database closes before the sockets do; presence no longer matters then.
          if (!String(err).includes('not open')) console.error('presence update failed', err);
        }
      });
    });
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
  // Sessions that expired or were deleted behind the events' back close within this (session-sweep.ts).
  const stopSweep = startSessionSweep(services.agents, () => hub.agents, opts.sessionCheckMs ?? 15_000);

  return {
    hub,
    wss,
    /** Stop taking sockets; resolves once every send received so far is stored and answered. */
    async close() {
      shuttingDown = true;
      server.off('upgrade', onUpgrade);
      // Frames being handled finish first (a send past its checks still reaches the queue), at most 5 s.
      const idle = [...lines.values()].map((l) => new Promise<void>((ok) => l.whenIdle(ok)));
      await Promise.race([Promise.all(idle), new Promise<void>((ok) => setTimeout(ok, 5000).unref())]);
      ctx.sends.flush();
      await ctx.sends.drain();
      clearInterval(heartbeat);
      stopSweep();
      unsubscribe();
      // 1012: clients reconnect at once (through a load balancer, to another instance) and resume.
      for (const conn of connections) conn.ws.close(CloseCode.ServiceRestart, 'server restarting');
      // A client that does not read never answers the close: cut it after 2 s, not ws's 30.
      const left = [...connections].filter((c) => c.ws.readyState !== c.ws.CLOSED);
      if (left.length) {
        let timer: NodeJS.Timeout | undefined;
        const closed = left.map((c) => new Promise<void>((ok) => (c.ws.readyState === c.ws.CLOSED ? ok() : c.ws.once('close', () => ok()))));
        await Promise.race([Promise.all(closed), new Promise<void>((ok) => (timer = setTimeout(ok, 2000)))]);
        clearTimeout(timer);
        for (const c of left) if (c.ws.readyState !== c.ws.CLOSED) c.ws.terminate();
      }
      wss.close();
    },
  };
}
