/** What every part of the socket endpoint shares, and the small helpers they answer with. */
import { parse as parseCookies } from 'hono/utils/cookie';
import { CloseCode, cleanPageUrl } from '@atendo/shared';
import type { Config } from '../config';
import { errorReply } from '../domain/errors';
import type { Services } from '../domain/services';
import type { SocketGuard } from '../security/socket-guard';
import { send, type Connection } from './connection';
import type { Hub } from './hub';
import type { SendQueue } from './send-queue';

export interface SocketContext {
  services: Services;
  config: Pick<Config, 'publicUrl' | 'dev' | 'limits'> & Partial<Pick<Config, 'resumeGap'>>;
  guard: SocketGuard;
  hub: Hub;
  sends: SendQueue;
  /** Most messages replayed per conversation on resume; a larger gap gets `resync`. */
  replayLimit: number;
  /** The console's origin: agent sockets come from it only. */
  ownOrigin: string;
}

export type VisitorState = Extract<Connection['state'], { kind: 'visitor' }>;
export type AgentState = Extract<Connection['state'], { kind: 'agent' }>;

/** Answer with the error's `error` frame (errorReply: one mapping for HTTP and sockets), naming the frame's clientId. */
export function sendError(conn: Connection, err: unknown, clientId?: string): void {
  const { code, message } = errorReply(err, 'socket handler');
  send(conn, { type: 'error', code, message, ...(clientId ? { clientId } : {}) });
}

/** Answer a frame over the limit with `rate_limited`, or close a socket that keeps flooding (4429). */
export function rateLimited(conn: Connection, verdict: 'limited' | 'close', message: string, clientId?: string): void {
  send(conn, { type: 'error', code: 'rate_limited', message, ...(clientId ? { clientId } : {}) });
  if (verdict === 'close') conn.ws.close(CloseCode.RateLimited, 'rate limited');
}

/** Tell the client why, then close with `code`. */
export function refuse(
  conn: Connection,
  code: number,
  errorCode:
    | 'bad_request'
    | 'protocol_mismatch'
    | 'unauthorized'
    | 'forbidden'
    | 'unknown_site'
    | 'identity_required'
    | 'invalid_identity'
    | 'two_factor_setup_required',
  message: string,
): void {
  send(conn, { type: 'error', code: errorCode, message });
  conn.ws.close(code, message.slice(0, 100));
}

/** A cookie of the upgrade request's header (Hono's parser: the same rules as the HTTP routes' getCookie). */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  return header ? parseCookies(header, name)[name] : undefined;
}

/** A page as Atendo stores it: address and referrer through `cleanPageUrl`. */
export function cleanPage<P extends { url: string; referrer?: string | undefined }>(page: P | undefined, keep: readonly string[]): P | undefined {
  if (!page) return page;
  return { ...page, url: cleanPageUrl(page.url, keep), ...(page.referrer ? { referrer: cleanPageUrl(page.referrer, keep) } : {}) };
}
