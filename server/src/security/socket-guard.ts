import type { IncomingMessage } from 'node:http';
import type { Config } from '../config';
import type { SiteRow } from '../domain/sites';
import type { Services } from '../domain/services';
import { clientIp } from './ip';
import { originAllowed, parseAllowedOrigins, type OriginPolicy } from './origins';
import { RateLimiter } from './rate-limit';

export type UpgradeVerdict = { ok: true; ip: string } | { ok: false; status: 403 | 429; code: 'forbidden' | 'rate_limited'; message: string };

/** A socket's answer to "may this frame go on?": yes, refuse this one, or close the socket. */
export type FrameVerdict = 'ok' | 'limited' | 'close';

/** Refused frames past which a flooding socket is closed with 4429 instead of answered. */
const STRIKES_BEFORE_CLOSE = 50;

/**
 * Every abuse check of the WebSocket endpoint in one place: origins at upgrade and hello,
 * connections per IP, frame/message/conversation rates. The socket handler asks; it decides.
 */
export class SocketGuard {
  readonly policy: OriginPolicy;
  private perIp = new Map<string, number>();
  private frames: RateLimiter;
  private messagesPerConn: RateLimiter;
  private messagesPerIp: RateLimiter;
  private conversationsPerIp: RateLimiter;
  private visitorsPerIp: RateLimiter;
  private historyBytesPerIp: RateLimiter;
  private strikes = new Map<string, number>();

  constructor(
    private services: Services,
    private config: Pick<Config, 'publicUrl' | 'dev' | 'limits'>,
  ) {
    const l = config.limits;
    this.policy = { ownOrigin: new URL(config.publicUrl).origin, dev: config.dev };
    this.frames = new RateLimiter(l.framesPerConnectionPerMinute, 60_000);
    this.messagesPerConn = new RateLimiter(l.messagesPerConnectionPerMinute, 60_000);
    this.messagesPerIp = new RateLimiter(l.messagesPerIpPerMinute, 60_000);
    this.conversationsPerIp = new RateLimiter(l.conversationsPerIpPerHour, 3_600_000);
    this.visitorsPerIp = new RateLimiter(l.visitorsPerIpPerHour, 3_600_000);
    this.historyBytesPerIp = new RateLimiter(l.historyBytesPerIpPerMinute, 60_000);
  }

  /**
   * Before the upgrade: an Origin is required and must be Atendo's own or allowed by at least one
   * site (the exact site is checked at hello); one IP may hold only so many sockets.
   */
  checkUpgrade(req: IncomingMessage): UpgradeVerdict {
    const ip = clientIp(req.socket.remoteAddress, req.headers['x-forwarded-for'], this.config.limits.trustProxy);
    const origin = req.headers.origin;
    if (!origin) return { ok: false, status: 403, code: 'forbidden', message: 'An Origin header is required' };
    if (!this.anySiteAllows(origin)) return { ok: false, status: 403, code: 'forbidden', message: 'This origin may not open Atendo sockets' };
    if ((this.perIp.get(ip) ?? 0) >= this.config.limits.connectionsPerIp) {
      return { ok: false, status: 429, code: 'rate_limited', message: 'Too many connections from your address' };
    }
    return { ok: true, ip };
  }

  private anySiteAllows(origin: string): boolean {
    if (origin === this.policy.ownOrigin) return true;
    return this.services.sites.rows().some((s) => this.siteAllows(s, origin));
  }

  /** May a page at `origin` run this site's widget? */
  siteAllows(site: Pick<SiteRow, 'allowedOrigins'>, origin: string | undefined): boolean {
    return originAllowed(origin, parseAllowedOrigins(site.allowedOrigins), this.policy);
  }

  opened(connId: string, ip: string): void {
    this.perIp.set(ip, (this.perIp.get(ip) ?? 0) + 1);
    void connId;
  }

  closed(connId: string, ip: string): void {
    const n = (this.perIp.get(ip) ?? 1) - 1;
    if (n <= 0) this.perIp.delete(ip);
    else this.perIp.set(ip, n);
    this.frames.delete(connId);
    this.messagesPerConn.delete(connId);
    this.strikes.delete(connId);
  }

  /** Any frame at all: a socket past its budget is answered `rate_limited`, then closed if it keeps going. */
  frame(connId: string): FrameVerdict {
    if (this.frames.hit(connId).ok) return 'ok';
    return this.strike(connId);
  }

  /** A `message.send`: per socket, and per IP for visitors (agents are trusted with their office's shared address). */
  message(connId: string, ip: string, isVisitor: boolean): { ok: true } | { ok: false; retryAfterMs: number; verdict: 'limited' | 'close' } {
    const own = this.messagesPerConn.hit(connId);
    if (!own.ok) return { ok: false, retryAfterMs: own.retryAfterMs, verdict: this.strike(connId) };
    if (isVisitor) {
      const shared = this.messagesPerIp.hit(ip);
      if (!shared.ok) return { ok: false, retryAfterMs: shared.retryAfterMs, verdict: this.strike(connId) };
    }
    return { ok: true };
  }

  /**
   * A frame that may open a conversation (a send without conversation id) takes one of the IP's
   * conversation tokens up front, so sends committed together in one batch cannot overrun the limit.
   */
  openConversation(ip: string): { ok: true } | { ok: false; retryAfterMs: number } {
    return this.conversationsPerIp.hit(ip);
  }

  /** A visitor created without a message (`session.start`): bounded per address like conversations, on its own budget. */
  newVisitor(ip: string): { ok: true } | { ok: false; retryAfterMs: number } {
    return this.visitorsPerIp.hit(ip);
  }

  /**
   * Bytes of history a visitor's address asks for (`history.get` answers, resume replays): frames
   * alone do not bound what a request makes the server write, a page can be 256 KB.
   */
  historyBytes(ip: string, bytes: number): { ok: true } | { ok: false; retryAfterMs: number } {
    return this.historyBytesPerIp.take(ip, bytes);
  }

  /** Whether the address has any history budget left: checked before reading, so a refusal costs no query. */
  historyLeft(ip: string): { ok: true } | { ok: false; retryAfterMs: number } {
    return this.historyBytesPerIp.allows(ip) ? { ok: true } : { ok: false, retryAfterMs: this.historyBytesPerIp.retryAfterMs(ip) };
  }

  private strike(connId: string): 'limited' | 'close' {
    const n = (this.strikes.get(connId) ?? 0) + 1;
    this.strikes.set(connId, n);
    return n > STRIKES_BEFORE_CLOSE ? 'close' : 'limited';
  }

  /** Sockets open per IP right now (tests, health). */
  connectionsFrom(ip: string): number {
    return this.perIp.get(ip) ?? 0;
  }
}
