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
  cleanPageUrl,
  readWidgetSettings,
  type Message,
  type VisitorHello,
} from '@atendo/shared';
import type { Config } from '../config';
import { AppError } from '../domain/errors';
import { newId } from '../domain/ids';
import type { DomainEvent } from '../domain/events';
import { firstMessageKey } from '../domain/visitors';
import type { Services } from '../domain/services';
import { SESSION_COOKIE } from '../http/context';
import { SocketGuard } from '../security/socket-guard';
import { messageJson, send, sendText, setMaxBuffered, type Connection } from './connection';
import { Hub } from './hub';
import { startSessionSweep } from './session-sweep';
import { SendQueue, type OffThreadStore } from './send-queue';
import { resolveVisitor } from './visitor-identity';
import { pendingWithContact, recordContact } from '../domain/contact';

export interface SocketOptions {
  /** How long a socket may stay open without saying hello. */
  helloTimeoutMs?: number;
  /** Interval of server pings; a socket that misses one pong is dropped. */
  heartbeatMs?: number;
  /** Most messages replayed per conversation on resume; a larger gap gets `resync` (default: config.resumeGap). */
  replayLimit?: number;
  /** The writer thread for the send path's transactions (storage/sqlite/writer.ts); without one they run here. */
  writer?: OffThreadStore | null;
  /** Tests only: live copies of messages with these seqs are dropped, as a lost frame would be (see Hub). */
  dropLiveSeqs?: readonly number[];
  /** How often agent sockets' sessions are re-checked; an ended one is closed (4401) without waiting for a frame. */
  sessionCheckMs?: number;
}

/**
 * A token-less retry of a visitor's first message finds the visitor it created for this long: as
 * long as a reconnect's backoff and a server restart take, no more. The first message's client id
 * is visible to agents (and in exports), so this window is all it could ever claim (issue 21).
 */
const FIRST_MESSAGE_RETRY_MS = 120_000;
/** Typing frames closer together than this (per socket and conversation) are not relayed. */
const TYPING_RELAY_MS = 1000;
/** `contact` frames (pre-chat / leave-a-message forms) one socket may send. */
const CONTACT_FRAMES_PER_SOCKET = 10;

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

/** A page as Atendo stores it: address and referrer through `cleanPageUrl`. */
function cleanPage<P extends { url: string; referrer?: string | undefined }>(page: P | undefined, keep: readonly string[]): P | undefined {
  if (!page) return page;
  return { ...page, url: cleanPageUrl(page.url, keep), ...(page.referrer ? { referrer: cleanPageUrl(page.referrer, keep) } : {}) };
}

/**
 * The longest run of `messages` whose JSON fits in `maxBytes` (at least one message, so a page
 * always moves on); `cut` when some were left for the next page.
 */
function bytePage(messages: readonly Message[], maxBytes: number): { messages: readonly Message[]; bytes: number; cut: boolean } {
  let bytes = 0;
  for (let i = 0; i < messages.length; i++) {
    const size = Buffer.byteLength(messageJson(messages[i]!)) + 30;
    if (i > 0 && bytes + size > maxBytes) return { messages: messages.slice(0, i), bytes, cut: true };
    bytes += size;
  }
  return { messages, bytes, cut: false };
}

/**
 * The WebSocket endpoint at /ws: parse → validate → authorize → call the domain → reply.
 * Every frame is checked against the shared schemas; nothing a client sends can throw out of here.
 */
export function attachSockets(
  server: Server,
  services: Services,
  config: Pick<Config, 'publicUrl' | 'dev' | 'limits'> & Partial<Pick<Config, 'resumeGap'>>,
  opts: SocketOptions = {},
) {
  const helloTimeoutMs = opts.helloTimeoutMs ?? 10_000;
  const heartbeatMs = opts.heartbeatMs ?? 30_000;
  const replayLimit = opts.replayLimit ?? config.resumeGap ?? 500;
  const ownOrigin = new URL(config.publicUrl).origin;
  const guard = new SocketGuard(services, config);
  const idleTimeoutMs = config.limits.idleTimeoutMs;
  setMaxBuffered(config.limits.maxSocketBufferBytes);
  const hub = new Hub(new Set(opts.dropLiveSeqs ?? []));
  const sends = new SendQueue(services.conversations, (fn) => hub.corked(fn), opts.writer ?? null);
  const unsubscribe = services.bus.on((e) => (e.type === 'site.identity_changed' ? identityChanged(e) : hub.handle(e)));

  /**
   * Issue 21: a rotated secret or "Require verified identity" turned on takes back what the old
   * rules gave. A socket whose identity proof used the old secret, or that speaks for a verified
   * contact on a token (whose token was just invalidated), is closed 4401: the widget reconnects
   * with the page's current identity. With identity now required, a socket that proved none is
   * closed 4403.
   */
  function identityChanged(e: Extract<DomainEvent, { type: 'site.identity_changed' }>) {
    for (const conn of connections) {
      const st = conn.state;
      if (st.kind !== 'visitor' || st.siteId !== e.siteId) continue;
      const contact = st.verified || (st.visitorId !== null && services.visitors.get(st.visitorId)?.verified === true);
      if (e.secretRotated && contact) refuse(conn, CloseCode.Unauthorized, 'unauthorized', 'The site changed its identity secret; connect again');
      else if (e.identityRequired && !st.verified) refuse(conn, CloseCode.Forbidden, 'identity_required', 'This site requires a verified identity');
    }
  }
  const wss = new WebSocketServer({ noServer: true, maxPayload: LIMITS.maxFrameBytes });
  const connections = new Set<Connection>();

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
    wss.handleUpgrade(req, socket, head, (ws) => onConnection(ws, req, verdict.ip));
  };
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
    guard.opened(conn.id, ip);
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
      const verdict = guard.frame(conn.id);
      if (verdict !== 'ok') return rateLimited(conn, verdict, 'Too many frames; slow down');
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
      clearTimeout(idleTimer);
      guard.closed(conn.id, ip);
      connections.delete(conn);
      hub.remove(conn);
      try {
        if (conn.state.kind === 'agent') services.presence.agentDisconnected(conn.state.agentId);
        if (conn.state.kind === 'visitor' && conn.state.visitorId) services.presence.visitorDisconnected(conn.state.visitorId);
      } catch (err) {
        // During shutdown the database closes before the sockets do; presence no longer matters then.
        if (!String(err).includes('not open')) console.error('presence update failed', err);
      }
    });
  }

  /** Answer a frame over the limit with `rate_limited`, or close a socket that keeps flooding (4429). */
  function rateLimited(conn: Connection, verdict: 'limited' | 'close', message: string, clientId?: string) {
    send(conn, { type: 'error', code: 'rate_limited', message, ...(clientId ? { clientId } : {}) });
    if (verdict === 'close') conn.ws.close(CloseCode.RateLimited, 'rate limited');
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
      if (!parsed.ok)
        return send(conn, { type: 'error', code: parsed.code, message: parsed.message, ...(parsed.clientId ? { clientId: parsed.clientId } : {}) });
      return onVisitorFrame(conn, parsed.frame);
    }
    const parsed = parseAgentFrame(raw);
    if (!parsed.ok) return send(conn, { type: 'error', code: parsed.code, message: parsed.message, ...(parsed.clientId ? { clientId: parsed.clientId } : {}) });
    return onAgentFrame(conn, parsed.frame);
  }

  function refuse(
    conn: Connection,
    code: number,
    errorCode: 'bad_request' | 'protocol_mismatch' | 'unauthorized' | 'forbidden' | 'unknown_site' | 'identity_required' | 'invalid_identity',
    message: string,
  ) {
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

  /**
   * Resume: replay, from storage, every message after the client's contiguous seq. A gap larger
   * than `replayLimit`, or a replay past its byte budget (half the socket buffer cap, and for a
   * visitor what its address may still ask for), is never left as a silent hole: the client gets
   * `resync` for what was not sent and fetches it page by page.
   */
  function replay(conn: Connection, conversationIds: string[], resume: Record<string, number>) {
    const replayed = (conn.replayed ??= new Map());
    let budget = Math.floor(config.limits.maxSocketBufferBytes / 2);
    for (const id of conversationIds) {
      const after = resume[id] ?? 0;
      // What the client holds, and what this replay sends, never goes to this socket again as a
      // live copy: a batch the writer thread committed before the reads below may be published to
      // this socket (registered already) only after them (see Hub.fresh).
      const lastSeq = services.conversations.lastSeq(id);
      // Never above what exists: a client claiming more (a restored backup, a buggy integration)
      // would otherwise lose every live copy up to its number.
      replayed.set(id, Math.min(after, lastSeq));
      if (lastSeq <= after) continue;
      if (lastSeq - after > replayLimit || budget <= 0 || (conn.state.kind === 'visitor' && !guard.historyLeft(conn.ip).ok)) {
        send(conn, { type: 'resync', conversationId: id, lastSeq });
        continue;
      }
      const page = bytePage(services.conversations.messages(id, after, replayLimit), budget);
      if (conn.state.kind === 'visitor' && !guard.historyBytes(conn.ip, page.bytes).ok) {
        budget = 0;
        send(conn, { type: 'resync', conversationId: id, lastSeq });
        continue;
      }
      budget -= page.bytes;
      for (const message of page.messages) {
        sendText(conn.ws, `{"type":"message","message":${messageJson(message)}}`);
        replayed.set(id, message.seq);
      }
      if (page.cut) send(conn, { type: 'resync', conversationId: id, lastSeq });
    }
  }

  /** `history.get`: one page after `after`, bounded in count and in bytes; a visitor's address pays its bytes. */
  function history(conn: Connection, frame: { conversationId: string; after: number; limit?: number | undefined }) {
    const limit = frame.limit ?? LIMITS.historyPage;
    const visitor = conn.state.kind === 'visitor';
    const tooMuch = (retryAfterMs: number) => new AppError('rate_limited', `Too much history requested; try again in ${Math.ceil(retryAfterMs / 1000)} s`);
    // An address past its budget is refused before anything is read or serialized.
    const left = visitor ? guard.historyLeft(conn.ip) : { ok: true as const };
    if (!left.ok) throw tooMuch(left.retryAfterMs);
    const rows = services.conversations.messages(frame.conversationId, frame.after, limit + 1);
    const page = bytePage(rows.slice(0, limit), LIMITS.historyPageBytes);
    if (visitor) {
      const allowed = guard.historyBytes(conn.ip, page.bytes);
      if (!allowed.ok) throw tooMuch(allowed.retryAfterMs);
    }
    sendText(
      conn.ws,
      `{"type":"history","conversationId":${JSON.stringify(frame.conversationId)},"after":${frame.after},"messages":[${page.messages.map(messageJson).join(',')}],"more":${page.cut || rows.length > limit}}`,
    );
  }

  const contactFrames = new WeakMap<Connection, number>();
  function contactAllowed(conn: Connection): boolean {
    const n = (contactFrames.get(conn) ?? 0) + 1;
    contactFrames.set(conn, n);
    return n <= CONTACT_FRAMES_PER_SOCKET;
  }

  /** Relay a typing frame unless the same socket said so for this conversation a moment ago. */
  const lastTyping = new WeakMap<Connection, Map<string, number>>();
  function typingAllowed(conn: Connection, conversationId: string, active: boolean): boolean {
    let seen = lastTyping.get(conn);
    if (!seen) lastTyping.set(conn, (seen = new Map()));
    const now = Date.now();
    if (active && now - (seen.get(conversationId) ?? 0) < TYPING_RELAY_MS) return false;
    if (seen.size > 50) seen.clear();
    seen.set(conversationId, active ? now : 0);
    return true;
  }

  function onVisitorHello(conn: Connection, hello: VisitorHello) {
    const site = services.sites.row(hello.siteId);
    if (!site) {
      return refuse(conn, CloseCode.UnknownSite, 'unknown_site', 'Unknown site');
    }
    // The page must be on this site's allowed origins: a token of site A is useless from elsewhere too.
    if (!guard.siteAllows(site, conn.origin)) {
      return refuse(conn, CloseCode.Forbidden, 'forbidden', "This page's origin is not allowed for this site");
    }
    const who = resolveVisitor(services, site, hello);
    if (!who.ok) return refuse(conn, who.close, who.code, who.message);
    const visitorId = who.visitorId;
    // Page addresses lose their #fragment and all but the site's chosen query parameters (issue 21).
    const keepParams = readWidgetSettings(site.widgetSettings).pageQueryParams;
    const page = cleanPage(hello.page, keepParams);
    if (visitorId) services.visitors.touch(visitorId, { locale: hello.locale, pageUrl: page?.url });
    conn.state = {
      kind: 'visitor',
      siteId: hello.siteId,
      visitorId,
      locale: hello.locale,
      pageUrl: page?.url,
      pending: who.pending,
      verified: who.verified,
      keepParams,
    };
    // Console: session pages, device and "live now" (only for visitors who exist, i.e. have interacted).
    const session = { page, userAgent: conn.userAgent, timezone: hello.timezone, attributes: hello.attributes };
    conn.session = session;
    if (visitorId) services.profiles.connected(visitorId, session);
    const conversations = visitorId ? services.conversations.forVisitor(visitorId) : [];
    if (visitorId) hub.addVisitor(visitorId, conn);
    if (visitorId && who.token) send(conn, { type: 'session', visitorId, token: who.token });
    send(conn, {
      type: 'welcome',
      v: PROTOCOL_VERSION,
      role: 'visitor',
      visitorId,
      conversations,
      available: services.team.anyoneOnline(),
      ...(hello.identity ? { verified: who.verified } : {}),
    });
    // A closed panel (`lazy`) gets no replay, only what is new from now on: the floor is each
    // conversation's last seq (the client fetches older messages with history.get on open).
    const resume = hello.lazy ? Object.fromEntries(conversations.map((c) => [c.id, Math.max(c.lastSeq, hello.resume?.[c.id] ?? 0)])) : (hello.resume ?? {});
    replay(
      conn,
      conversations.map((c) => c.id),
      resume,
    );
  }

  function onAgentHello(conn: Connection, hello: AgentHello) {
    // Cross-site WebSocket hijacking: a browser sends the cookie from any page, so check where it came from.
    if (conn.origin !== ownOrigin) {
      return refuse(conn, CloseCode.Forbidden, 'forbidden', 'Agent sockets are only accepted from the console');
    }
    const session = services.agents.authenticate(cookieValue(conn.cookieHeader, SESSION_COOKIE));
    if (!session) return refuse(conn, CloseCode.Unauthorized, 'unauthorized', 'Log in to continue');
    conn.state = { kind: 'agent', agentId: session.agent.id, sessionHash: session.sessionHash };
    hub.addAgent(conn);
    send(conn, { type: 'welcome', v: PROTOCOL_VERSION, role: 'agent', agent: session.agent });
    services.presence.agentConnected(session.agent.id);
    const resume = hello.resume ?? {};
    replay(conn, Object.keys(resume), resume);
  }

  /**
   * The socket now speaks for this visitor (created by `session.start` or a first message, or the
   * one an earlier first message created): it gets their frames and their token, and agents see
   * them live.
   */
  function adopt(conn: Connection, state: Extract<Connection['state'], { kind: 'visitor' }>, visitorId: string, token: string): string {
    state.visitorId = visitorId;
    hub.addVisitor(visitorId, conn);
    send(conn, { type: 'session', visitorId, token });
    services.profiles.connected(visitorId, conn.session ?? {});
    return visitorId;
  }

  function onVisitorFrame(conn: Connection, frame: VisitorFrame) {
    const state = conn.state;
    if (state.kind !== 'visitor') return;
    switch (frame.type) {
      case 'hello':
        return send(conn, { type: 'error', code: 'bad_request', message: 'Already said hello' });
      case 'ping':
        return send(conn, { type: 'pong' });
      case 'page': {
        // Before the visitor interacts nothing is stored (privacy): only remember it for later.
        const page = cleanPage(frame.page, state.keepParams ?? [])!;
        if (conn.session) conn.session = { ...conn.session, page };
        if (state.visitorId) services.profiles.page(state.visitorId, page);
        else state.pageUrl = page.url;
        return;
      }
      case 'attributes':
        // Like `page`: remembered on the socket until the visitor exists, then stored.
        if (conn.session) conn.session = { ...conn.session, attributes: frame.attributes };
        if (state.visitorId) services.profiles.setAttributes(state.visitorId, frame.attributes);
        return;
      case 'contact':
        // Pre-chat / leave-a-message form: like `attributes`, kept on the socket until the visitor
        // exists, then stored; never over a verified identity, never marking anyone verified.
        if (!frame.name && !frame.email) throw new AppError('bad_request', 'Give a name or an e-mail address');
        // Each stored change re-sends the visitor's conversations to agents: a handful per socket is plenty.
        if (!contactAllowed(conn)) throw new AppError('rate_limited', 'Too many contact updates on this connection');
        if (state.visitorId) recordContact(services, state.visitorId, frame);
        else state.pending = pendingWithContact(state.pending, frame);
        return;
      case 'conversation.rate':
        // End of conversation survey (issue 6): the answer is a `conversation.rated` frame to every
        // tab of this visitor (from the event); a refusal names the frame's clientId.
        try {
          if (!state.visitorId) throw new AppError('not_found', 'Conversation not found');
          services.ratings.rate(state.visitorId, { conversationId: frame.conversationId, csat: frame.csat, nps: frame.nps, comment: frame.comment });
        } catch (err) {
          reportError(conn, err, frame.clientId);
        }
        return;
      case 'session.start': {
        // Attachments (issue 6): the widget needs a token to upload a file before its first message.
        const allowed = guard.message(conn.id, conn.ip, true);
        if (!allowed.ok) return rateLimited(conn, allowed.verdict, `Too many requests; try again in ${Math.ceil(allowed.retryAfterMs / 1000)} s`);
        if (state.visitorId) return send(conn, { type: 'session', visitorId: state.visitorId, token: services.visitors.rotateToken(state.visitorId) });
        // Creating a visitor is limited per client address, on a budget of its own: opening the
        // panel or a proactive message must not eat the address's new-conversation budget.
        const created = guard.newVisitor(conn.ip);
        if (!created.ok)
          throw new AppError('rate_limited', `Too many new visitors from your address; try again in ${Math.ceil(created.retryAfterMs / 60_000)} min`);
        const { visitor, token } = services.visitors.create(state.siteId, { locale: state.locale, pageUrl: state.pageUrl }, state.pending);
        return adopt(conn, state, visitor.id, token);
      }
      case 'conversation.read':
        if (!state.visitorId) throw new AppError('not_found', 'Conversation not found');
        services.conversations.markVisitorRead(frame.conversationId, state.visitorId, frame.seq, conn.id);
        return;
      case 'history.get':
        if (!state.visitorId) throw new AppError('not_found', 'Conversation not found');
        services.conversations.assertVisitorOwns(frame.conversationId, state.visitorId);
        return history(conn, frame);
      case 'typing': {
        if (!state.visitorId) return;
        services.conversations.assertVisitorOwns(frame.conversationId, state.visitorId);
        const active = frame.active ?? true;
        if (typingAllowed(conn, frame.conversationId, active))
          hub.typing({ conversationId: frame.conversationId, author: 'visitor', active }, state.visitorId, conn.id);
        return;
      }
      case 'message.send': {
        const allowed = guard.message(conn.id, conn.ip, true);
        if (!allowed.ok)
          return rateLimited(conn, allowed.verdict, `Too many messages; try again in ${Math.ceil(allowed.retryAfterMs / 1000)} s`, frame.clientId);
        try {
          // A message without a conversation id may open a conversation: those are limited per IP.
          const mayOpen = !frame.conversationId;
          if (mayOpen) {
            const open = guard.openConversation(conn.ip);
            if (!open.ok)
              throw new AppError('rate_limited', `Too many new conversations from your address; try again in ${Math.ceil(open.retryAfterMs / 60_000)} min`);
          }
          let visitorId = state.visitorId;
          if (!visitorId) {
            if (frame.conversationId) throw new AppError('not_found', 'Conversation not found');
            // A retry of a first message whose `session` frame was lost with the socket: the visitor
            // that message created resumes (fresh token), and the send below answers with the original ack.
            // The client id acts as a bearer secret here, so only an unguessable one (the widget's carry
            // 126 random bits) with the same text counts; a short or reused id creates a new visitor.
            const earlier = services.visitors.byFirstClientId(state.siteId, frame.clientId, FIRST_MESSAGE_RETRY_MS, frame.body, frame.proof);
            // With the widget's proof the retry is the same browser's (its old socket may still be
            // half-open). Without one (older clients), a visitor with a live socket lost no `session`
            // frame: this is not its retry, and its token stays.
            if (earlier && (frame.proof !== undefined || !hub.hasVisitor(earlier.id))) {
              visitorId = adopt(conn, state, earlier.id, services.visitors.rotateToken(earlier.id));
            }
          }
          if (!visitorId) {
            // The visitor acted: only now does a visitor row (and a token in their browser) exist.
            const { visitor, token } = services.visitors.create(
              state.siteId,
              { locale: state.locale, pageUrl: state.pageUrl },
              state.pending,
              firstMessageKey(frame.clientId, frame.proof),
            );
            visitorId = adopt(conn, state, visitor.id, token);
          }
          const clientId = frame.clientId;
          // Group commit: stored with the other sends of this event-loop turn; acked after the commit.
          return sends.push(
            { kind: 'visitor', visitorId, siteId: state.siteId },
            { conversationId: frame.conversationId, clientId, body: frame.body, attachmentId: frame.attachmentId, origin: conn.id },
            (outcome) => {
              if (!outcome.ok) return reportError(conn, outcome.error, clientId);
              hub.ack(conn, clientId, outcome.result.message);
            },
          );
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
          services.conversations.markRead(frame.conversationId, frame.seq, conn.id);
        } catch (err) {
          reportError(conn, err);
        }
        return;
      case 'history.get':
        services.conversations.get(frame.conversationId);
        return history(conn, frame);
      case 'typing': {
        const conversation = services.conversations.get(frame.conversationId);
        const active = frame.active ?? true;
        if (typingAllowed(conn, frame.conversationId, active)) {
          hub.typing(
            { conversationId: frame.conversationId, author: 'agent', agentId: session.agent.id, name: session.agent.name, active },
            conversation.visitorId,
            conn.id,
          );
        }
        return;
      }
      case 'message.send': {
        const allowed = guard.message(conn.id, conn.ip, false);
        if (!allowed.ok)
          return rateLimited(conn, allowed.verdict, `Too many messages; try again in ${Math.ceil(allowed.retryAfterMs / 1000)} s`, frame.clientId);
        try {
          const clientId = frame.clientId;
          return sends.push(
            { kind: 'agent', agentId: session.agent.id, agentName: session.agent.name },
            { conversationId: frame.conversationId, clientId, body: frame.body, attachmentId: frame.attachmentId, origin: conn.id },
            (outcome) => (outcome.ok ? hub.ack(conn, clientId, outcome.result.message) : reportError(conn, outcome.error, clientId)),
          );
        } catch (err) {
          return reportError(conn, err, frame.clientId);
        }
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
  // Sessions that expired or were deleted behind the events' back close within this (session-sweep.ts).
  const stopSweep = startSessionSweep(services.agents, () => hub.agents, opts.sessionCheckMs ?? 15_000);

  return {
    hub,
    wss,
    /** Stop taking sockets; resolves once every send received so far is stored and answered. */
    async close() {
      sends.flush();
      await sends.drain();
      clearInterval(heartbeat);
      stopSweep();
      unsubscribe();
      server.off('upgrade', onUpgrade);
      for (const conn of connections) conn.ws.close(CloseCode.GoingAway, 'server shutting down');
      wss.close();
    },
  };
}
