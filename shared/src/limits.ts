/** Protocol version sent in `hello`; the server refuses clients speaking another major version. */
export const PROTOCOL_VERSION = 1;

/** Limits both sides agree on, so the UI can stop a user before the server has to. */
export const LIMITS = {
  /** Longest message body, in characters. */
  messageLength: 5000,
  /** Largest WebSocket frame the server accepts, in bytes. */
  maxFrameBytes: 64 * 1024,
  /** Longest client-generated id. */
  clientIdLength: 64,
  /** A typing indicator disappears after this long without a new `typing` frame. */
  typingExpiryMs: 6000,
  /** Clients send `typing` at most this often while the user types. */
  typingThrottleMs: 2500,
  /** Messages per page of history. */
  historyPage: 100,
  /** A history page or a resume replay stops after this many bytes of messages (the rest follows in the next page). */
  historyPageBytes: 256 * 1024,
  /** Conversations per page of the inbox. */
  inboxPage: 50,
} as const;
