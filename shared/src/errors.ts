import * as v from 'valibot';

/** Every error Atendo reports, on HTTP and on the socket. The string is what clients switch on. */
export const ErrorCode = {
  BadRequest: 'bad_request',
  InvalidJson: 'invalid_json',
  UnknownType: 'unknown_type',
  ProtocolMismatch: 'protocol_mismatch',
  Unauthorized: 'unauthorized',
  InvalidCredentials: 'invalid_credentials',
  /** Right password, but an admin deactivated this agent. */
  AccountDeactivated: 'account_deactivated',
  /** A wrong, reused or expired two-factor code (or recovery code). */
  InvalidCode: 'invalid_code',
  /** Two-factor sign-in is mandatory on this team and this agent has not set it up yet: only the setup is open. */
  TwoFactorSetupRequired: 'two_factor_setup_required',
  /** An invitation or password link that was used already, replaced or expired. */
  LinkExpired: 'link_expired',
  Forbidden: 'forbidden',
  NotFound: 'not_found',
  UnknownSite: 'unknown_site',
  Conflict: 'conflict',
  PayloadTooLarge: 'payload_too_large',
  /** An upload whose bytes are not one of the allowed attachment file types. */
  UnsupportedMediaType: 'unsupported_media_type',
  RateLimited: 'rate_limited',
  /** The site accepts only visitors with a signed identity (identity verification). */
  IdentityRequired: 'identity_required',
  /** The identity's hash does not match: it is treated as anonymous and never merged with a contact. */
  InvalidIdentity: 'invalid_identity',
  Internal: 'internal',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** HTTP status for each error code; the server's single error handler uses this table. */
export const errorStatus: Record<ErrorCode, number> = {
  bad_request: 400,
  invalid_json: 400,
  unknown_type: 400,
  protocol_mismatch: 400,
  unauthorized: 401,
  invalid_credentials: 401,
  account_deactivated: 403,
  invalid_code: 401,
  two_factor_setup_required: 403,
  link_expired: 410,
  forbidden: 403,
  not_found: 404,
  unknown_site: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  identity_required: 403,
  invalid_identity: 401,
  internal: 500,
};

/** WebSocket close codes Atendo uses (4000–4999 is the application range). */
export const CloseCode = {
  Normal: 1000,
  GoingAway: 1001,
  PolicyViolation: 1008,
  TooLarge: 1009,
  /** The server could not set the socket up (its storage failed): clients reconnect with backoff. */
  InternalError: 1011,
  /**
   * This instance is going away (SIGTERM) or lost events of the cluster's bus: clients reconnect
   * (through the load balancer, to any instance) and resume from storage.
   */
  ServiceRestart: 1012,
  BadHello: 4400,
  Unauthorized: 4401,
  Forbidden: 4403,
  UnknownSite: 4404,
  HelloTimeout: 4408,
  /** The socket sent nothing for ATENDO_IDLE_TIMEOUT_SECONDS. */
  IdleTimeout: 4410,
  /**
   * The client did not read what the server sent: more than ATENDO_MAX_SOCKET_BUFFER_KB waited on
   * this socket. Clients reconnect and resume, so nothing is lost.
   */
  TooSlow: 4413,
  RateLimited: 4429,
} as const;

/** Body of every HTTP error response and payload of every socket error frame. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: unknown };
}

/** `ErrorBody` as a schema: for the OpenAPI document (the server never parses one). */
export const ErrorBodySchema = v.object({
  error: v.object({ code: v.picklist(Object.values(ErrorCode)), message: v.string(), details: v.optional(v.unknown()) }),
});
