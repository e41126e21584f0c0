import type { IncomingMessage } from 'node:http';
import type { Config } from '../config';
import type { SiteRow } from '../domain/sites';
import type { Services } from '../domain/services';
import { clientIp } from './ip';
import { originAllowed, parseAllowedOrigins, type OriginPolicy } from './origins';
import { mapMaybe, type ConnectionCounts, type Maybe, type RateBucket, type RateLimits, type SharedBucket, type Verdict } from '../state';

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
  private perIp: ConnectionCounts;
  private frames: RateBucket;
  private messagesPerConn: RateBucket;
  private messagesPerIp: SharedBucket;
  private conversationsPerIp: SharedBucket;
  private visitorsPerIp: SharedBucket;
  private historyBytesPerIp: SharedBucket;
  private strikes = new Map<string, number>();

  constructor(
    private services: Services,
    private config: Pick<Config, 'publicUrl' | 'dev' | 'limits'>,
  ) {
    const l = config.limits;
    const limits: RateLimits = services.rateLimits;
    this.policy = { ownOrigin: new URL(config.publicUrl).origin, dev: config.dev };
    this.perIp = limits.connections;
    this.frames = limits.bucket('ws.frames.per-socket', l.framesPerConnectionPerMinute, 60_000);
    this.messagesPerConn = limits.bucket('ws.messages.per-socket', l.messagesPerConnectionPerMinute, 60_000);
    // Per address: counted by the whole cluster (in memory on one box).
    this.messagesPerIp = limits.shared('ws.messages.per-ip', l.messagesPerIpPerMinute, 60_000);
    this.conversationsPerIp = limits.shared('ws.conversations.per-ip', l.conversationsPerIpPerHour, 3_600_000);
    this.visitorsPerIp = limits.shared('ws.visitors.per-ip', l.visitorsPerIpPerHour, 3_600_000);
    this.historyBytesPerIp = limits.shared('ws.history-bytes.per-ip', l.historyBytesPerIpPerMinute, 60_000);
  }

  /**
   * Before the upgrade: an Origin is required and must be Atendo's own or allowed by at least one
   * site (the exact site is checked at hello); one IP may hold only so many sockets here.
   * Synchronous, from the sites kept in memory (SiteService.cachedRows). Then `reserve` counts the
   * socket against the cap, atomically (with many instances, in Redis for the whole cluster), so a
   * flood of upgrades cannot pass it while a check is in flight.
   */
  checkUpgrade(req: IncomingMessage): UpgradeVerdict {
    const ip = clientIp(req.socket.remoteAddress, req.headers['x-forwarded-for'], this.config.limits.trustProxy);
    const origin = req.headers.origin;
    if (!origin) return { ok: false, status: 403, code: 'forbidden', message: 'An Origin header is required' };
    if (!this.anySiteAllows(origin)) return { ok: false, status: 403, code: 'forbidden', message: 'This origin may not open Atendo sockets' };
    if (this.perIp.count(ip) >= this.config.limits.connectionsPerIp) {
      return { ok: false, status: 429, code: 'rate_limited', message: 'Too many connections from your address' };
    }
    return { ok: true, ip };
  }

  private anySiteAllows(origin: string): boolean {
    if (origin === this.policy.ownOrigin) return true;
    return this.services.sites.cachedRows().some((s) => this.siteAllows(s, origin));
  }

  /** May a page at `origin` run this site's widget? */
  siteAllows(site: Pick<SiteRow, 'allowedOrigins'>, origin: string | undefined): boolean {
    return originAllowed(origin, parseAllowedOrigins(site.allowedOrigins), this.policy);
  }

  /** Count a socket about to open against its address's cap; false: refuse it (nothing was counted). `closed` gives it back. */
  reserve(ip: string): Maybe<boolean> {
    return this.perIp.open(ip, this.config.limits.connectionsPerIp);
  }

  /** A reserved socket that never opened (its upgrade failed). */
  release(ip: string): void {
    this.perIp.closed(ip);
  }

  closed(connId: string, ip: string): void {
    this.perIp.closed(ip);
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
  message(connId: string, ip: string, isVisitor: boolean): Maybe<{ ok: true } | { ok: false; retryAfterMs: number; verdict: 'limited' | 'close' }> {
    const own = this.messagesPerConn.hit(connId);
    if (!own.ok) return { ok: false, retryAfterMs: own.retryAfterMs, verdict: this.strike(connId) };
    if (!isVisitor) return own;
    return mapMaybe(this.messagesPerIp.hit(ip), (shared) =>
      shared.ok ? shared : { ok: false, retryAfterMs: shared.retryAfterMs, verdict: this.strike(connId) },
    );
  }

  /**
   * A frame that may open a conversation (a send without conversation id) takes one of the IP's
   * conversation tokens up front, so sends committed together in one batch cannot overrun the limit.
   */
  openConversation(ip: string): Maybe<Verdict> {
    return this.conversationsPerIp.hit(ip);
  }

  /** A visitor created without a message (`session.start`): bounded per address like conversations, on its own budget. */
  newVisitor(ip: string): Maybe<Verdict> {
    return this.visitorsPerIp.hit(ip);
  }

  /**
   * Bytes of history a visitor's address asks for (`history.get` answers, resume replays): frames
   * alone do not bound what a request makes the server write, a page can be 256 KB.
   */
  historyBytes(ip: string, bytes: number): Maybe<Verdict> {
    return this.historyBytesPerIp.take(ip, bytes);
  }

  /** Whether the address has any history budget left: checked before reading, so a refusal costs no query. */
  historyLeft(ip: string): Maybe<Verdict> {
    return this.historyBytesPerIp.peek(ip);
  }

  private strike(connId: string): 'limited' | 'close' {
    const n = (this.strikes.get(connId) ?? 0) + 1;
    this.strikes.set(connId, n);
    return n > STRIKES_BEFORE_CLOSE ? 'close' : 'limited';
  }

  /** Sockets open per IP right now (tests, health). */
  connectionsFrom(ip: string): number {
    return this.perIp.count(ip);
  }
}
