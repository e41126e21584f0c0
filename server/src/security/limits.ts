/** The numbers behind Atendo's abuse limits; each comes from an environment variable (docs/operating.md, "Configuration"). */
export interface SecurityLimits {
  /** Open sockets one IP address may hold. */
  connectionsPerIp: number;
  /** `message.send` frames per socket per minute. */
  messagesPerConnectionPerMinute: number;
  /** Visitor `message.send` frames per IP address per minute (all its sockets together). */
  messagesPerIpPerMinute: number;
  /** Frames of any kind per socket per minute (pings, reads, malformed frames included). */
  framesPerConnectionPerMinute: number;
  /** New conversations one IP address may open per hour. */
  conversationsPerIpPerHour: number;
  /**
   * Visitors one IP address may create per hour without writing (`session.start`: a first-time
   * visitor who opened the panel, got a proactive message or attaches a file before writing).
   */
  visitorsPerIpPerHour: number;
  /** Failed logins per IP address per 15 minutes before logins from it are refused. */
  failedLoginsPerIpPer15Min: number;
  /**
   * Failed logins in a row for one e-mail address (known or not) before its logins are refused for
   * a minute, then 2, 4… up to 15 minutes per further failure (login-throttle.ts).
   */
  failedLoginsPerAccount: number;
  /** A socket that sends no frame for this long is closed (4410). */
  idleTimeoutMs: number;
  /** Take the client address from the last X-Forwarded-For entry (only behind your own proxy). */
  trustProxy: boolean;
  /** Bytes the server may hold for one socket that does not read; past it the socket is closed (4413). */
  maxSocketBufferBytes: number;
  /**
   * Open TCP connections (HTTP, unfinished requests and WebSockets together) one address may hold;
   * by default 64 more than its WebSockets (ATENDO_MAX_CONNECTIONS_PER_IP), for page loads and API calls.
   */
  httpConnectionsPerIp: number;
  /** A request whose headers have not all arrived by then is dropped (slowloris). */
  headersTimeoutMs: number;
  /** A request (body included, e.g. an upload) not received in full by then is dropped. */
  requestTimeoutMs: number;
  /** Bytes of history (`history.get` answers and resume replays) one visitor address may request per minute. */
  historyBytesPerIpPerMinute: number;
  /** Requests one API token may make per minute (then 429 with Retry-After). */
  apiRequestsPerTokenPerMinute: number;
}

export const DEFAULT_LIMITS: SecurityLimits = {
  connectionsPerIp: 50,
  messagesPerConnectionPerMinute: 30,
  messagesPerIpPerMinute: 120,
  framesPerConnectionPerMinute: 600,
  conversationsPerIpPerHour: 30,
  visitorsPerIpPerHour: 60,
  failedLoginsPerIpPer15Min: 10,
  failedLoginsPerAccount: 10,
  idleTimeoutMs: 300_000,
  trustProxy: false,
  maxSocketBufferBytes: 4 * 1024 * 1024,
  httpConnectionsPerIp: 50 + 64,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 300_000,
  historyBytesPerIpPerMinute: 16 * 1024 * 1024,
  apiRequestsPerTokenPerMinute: 600,
};

function positive(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const value = env[name];
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive integer, got "${value}"`);
  return n;
}

/** Read the limits from the environment; a malformed number stops the start with a clear message. */
export function loadLimits(env: NodeJS.ProcessEnv): SecurityLimits {
  const d = DEFAULT_LIMITS;
  return {
    connectionsPerIp: positive(env, 'ATENDO_MAX_CONNECTIONS_PER_IP', d.connectionsPerIp),
    messagesPerConnectionPerMinute: positive(env, 'ATENDO_RATE_MESSAGES_PER_MINUTE', d.messagesPerConnectionPerMinute),
    messagesPerIpPerMinute: positive(env, 'ATENDO_RATE_MESSAGES_PER_IP_PER_MINUTE', d.messagesPerIpPerMinute),
    framesPerConnectionPerMinute: positive(env, 'ATENDO_RATE_FRAMES_PER_MINUTE', d.framesPerConnectionPerMinute),
    conversationsPerIpPerHour: positive(env, 'ATENDO_RATE_CONVERSATIONS_PER_IP_PER_HOUR', d.conversationsPerIpPerHour),
    visitorsPerIpPerHour: positive(env, 'ATENDO_RATE_VISITORS_PER_IP_PER_HOUR', d.visitorsPerIpPerHour),
    failedLoginsPerIpPer15Min: positive(env, 'ATENDO_RATE_FAILED_LOGINS_PER_IP', d.failedLoginsPerIpPer15Min),
    failedLoginsPerAccount: positive(env, 'ATENDO_RATE_FAILED_LOGINS_PER_ACCOUNT', d.failedLoginsPerAccount),
    idleTimeoutMs: positive(env, 'ATENDO_IDLE_TIMEOUT_SECONDS', d.idleTimeoutMs / 1000) * 1000,
    trustProxy: env.ATENDO_TRUST_PROXY === '1' || env.ATENDO_TRUST_PROXY === 'true',
    maxSocketBufferBytes: positive(env, 'ATENDO_MAX_SOCKET_BUFFER_KB', d.maxSocketBufferBytes / 1024) * 1024,
    httpConnectionsPerIp: positive(env, 'ATENDO_MAX_HTTP_CONNECTIONS_PER_IP', positive(env, 'ATENDO_MAX_CONNECTIONS_PER_IP', d.connectionsPerIp) + 64),
    headersTimeoutMs: positive(env, 'ATENDO_HEADERS_TIMEOUT_SECONDS', d.headersTimeoutMs / 1000) * 1000,
    requestTimeoutMs: positive(env, 'ATENDO_REQUEST_TIMEOUT_SECONDS', d.requestTimeoutMs / 1000) * 1000,
    historyBytesPerIpPerMinute: positive(env, 'ATENDO_RATE_HISTORY_KB_PER_IP_PER_MINUTE', d.historyBytesPerIpPerMinute / 1024) * 1024,
    apiRequestsPerTokenPerMinute: positive(env, 'ATENDO_RATE_API_REQUESTS_PER_TOKEN_PER_MINUTE', d.apiRequestsPerTokenPerMinute),
  };
}
