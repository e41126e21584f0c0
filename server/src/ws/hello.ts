/** The first frame of a socket: who it speaks for, then `welcome` and the replay. */
import { CloseCode, PROTOCOL_VERSION, parseAgentFrame, parseVisitorFrame, readWidgetSettings, type AgentHello, type VisitorHello } from '@atendo/shared';
import { resolveVisitor } from '../domain/visitor-session';
import { SESSION_COOKIE } from '../http/context';
import { send, type Connection } from './connection';
import { cleanPage, cookieValue, refuse, type SocketContext, type VisitorState } from './context';
import { holdLive, replay } from './replay';

export async function onHello(ctx: SocketContext, conn: Connection, raw: string): Promise<void> {
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
  if (hello.role === 'agent') return onAgentHello(ctx, conn, hello);
  return onVisitorHello(ctx, conn, hello);
}

async function onVisitorHello(ctx: SocketContext, conn: Connection, hello: VisitorHello): Promise<void> {
  const { services, guard, hub } = ctx;
  const site = await services.sites.row(hello.siteId);
  if (!site) {
    return refuse(conn, CloseCode.UnknownSite, 'unknown_site', 'Unknown site');
  }
  // The page must be on this site's allowed origins: a token of site A is useless from elsewhere too.
  if (!guard.siteAllows(site, conn.origin)) {
    return refuse(conn, CloseCode.Forbidden, 'forbidden', "This page's origin is not allowed for this site");
  }
  const who = await resolveVisitor(services, site, hello);
  if (!who.ok) return refuse(conn, who.close, who.code, who.message);
  const visitorId = who.visitorId;
  // Page addresses lose their #fragment and all but the site's chosen query parameters: every agent
  // sees them, and addresses can carry reset tokens and OAuth codes.
  const keepParams = readWidgetSettings(site.widgetSettings).pageQueryParams;
  const page = cleanPage(hello.page, keepParams);
  const state: VisitorState = {
    kind: 'visitor',
    siteId: hello.siteId,
    visitorId,
    locale: hello.locale,
    pageUrl: page?.url,
    pending: who.pending,
    verified: who.verified,
    keepParams,
  };
  // Set before anything is stored: a socket that closes meanwhile is cleaned up (presence, hub)
  // after this frame's handler is done (ws/server.ts), with the state it ended in.
  conn.state = state;
  if (visitorId) await services.visitors.touch(visitorId, { locale: hello.locale, pageUrl: page?.url });
  // Console: session pages, device and "live now" (only for visitors who exist, i.e. have interacted).
  const session = { page, userAgent: conn.userAgent, timezone: hello.timezone, attributes: hello.attributes };
  conn.session = session;
  if (visitorId && (await services.profiles.connected(visitorId, session))) conn.liveVisitorId = visitorId;
  const conversations = visitorId ? await services.conversations.forVisitor(visitorId) : [];
  // Registered, then replayed: what is committed from here on reaches this socket live (held until
  // its conversation's replay is done), what was committed before comes from the replay.
  holdLive(
    conn,
    conversations.map((c) => c.id),
  );
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
  await replay(
    ctx,
    conn,
    conversations.map((c) => c.id),
    resume,
  );
}

async function onAgentHello(ctx: SocketContext, conn: Connection, hello: AgentHello): Promise<void> {
  const { services, hub } = ctx;
  // Cross-site WebSocket hijacking: a browser sends the cookie from any page, so check where it came from.
  if (conn.origin !== ctx.ownOrigin) {
    return refuse(conn, CloseCode.Forbidden, 'forbidden', 'Agent sockets are only accepted from the console');
  }
  const session = await services.agents.authenticate(cookieValue(conn.cookieHeader, SESSION_COOKIE));
  if (!session) return refuse(conn, CloseCode.Unauthorized, 'unauthorized', 'Log in to continue');
  // The team requires two-factor sign-in and this agent has not set it up: the console shows the setup, nothing else.
  if (session.setupOnly) return refuse(conn, CloseCode.Forbidden, 'two_factor_setup_required', 'Set up two-factor sign-in to continue');
  // The session is kept on the socket: ping and typing use it; a message, a read receipt and a
  // history page check it again (ws/agent-frames.ts). Logout and "sessions ended" close the socket at once (hub), and the
  // session sweep closes it within sessionCheckMs when the session ends any other way.
  conn.state = { kind: 'agent', agentId: session.agent.id, sessionHash: session.sessionHash, agent: session.agent };
  const resume = hello.resume ?? {};
  holdLive(conn, Object.keys(resume));
  hub.addAgent(conn);
  send(conn, { type: 'welcome', v: PROTOCOL_VERSION, role: 'agent', agent: session.agent });
  services.presence.agentConnected(session.agent.id);
  await replay(ctx, conn, Object.keys(resume), resume);
}
