/**
 * The visitor's WebSocket: hello, reconnect with exponential backoff and jitter, heartbeat, and an
 * outbox that keeps every message until the server acknowledges it (resent, with the same
 * clientId, after a reconnect; the server answers a repeated clientId with the original ack).
 */
import { CloseCode, PROTOCOL_VERSION, hashRoute, newClientId, type ServerFrame, type VisitorFrameInput } from '@atendo/shared';
import { hostIdentity } from './identity';
import type { TokenStore } from './token';

export type ConnectionStatus = 'idle' | 'connecting' | 'online' | 'reconnecting' | 'failed';

/** The part of `WebSocket` the connection uses, so tests can pass a fake. */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: Event) => void) | null;
  onmessage: ((ev: MessageEvent) => void) | null;
  onclose: ((ev: CloseEvent) => void) | null;
  onerror: ((ev: Event) => void) | null;
}

export interface ConnectionOptions {
  /** `ws(s)://host/ws`. */
  url: string;
  siteId: string;
  locale: string;
  tokens: TokenStore;
  /** Per conversation, the highest contiguous seq the client holds (sent in `hello.resume`). */
  getResume(): Record<string, number>;
  /** Conversations with a missing message below one held, and where to fetch from (see `heal`). */
  getHoles?(): { conversationId: string; after: number }[];
  /**
   * The panel has not been opened on this page: hello says `lazy` (no replay; every page view of a
   * returning visitor connects, and most never open the chat).
   */
  isLazy?(): boolean;
  /** Conversations the server has more of than we hold, and where to fetch from (see `opened`). */
  getBehind?(): { conversationId: string; after: number }[];
  /** The conversation a message sent now belongs to; null opens a new one. */
  getConversationId(): string | null;
  /** Every frame from the server, after the connection has updated its own state. */
  onFrame(frame: ServerFrame): void;
  onStatus(status: ConnectionStatus): void;
  /** The server no longer knows our token: whatever we showed belongs to a visitor that is gone. */
  onTokenRejected?(): void;
  page?(): { url: string; title?: string };
  /** Custom attributes the site set with `Atendo('setAttributes', …)`, sent in every hello. */
  getAttributes?(): Record<string, string>;
  createSocket?(url: string): SocketLike;
  random?(): number;
}

export const BACKOFF = { base: 1000, max: 30_000 } as const;
/** Ping this often while online; a socket that stays silent for PONG_TIMEOUT after it is dead. */
export const HEARTBEAT = { interval: 25_000, timeout: 10_000 } as const;

/**
 * Delay before reconnect attempt `attempt` (0-based): doubles from 1 s up to 30 s, with jitter
 * in the upper half so a server restart is not hit by every visitor at the same instant.
 */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(BACKOFF.max, BACKOFF.base * 2 ** Math.min(attempt, 30));
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}

interface OutboxItem {
  clientId: string;
  body: string;
  /** A file uploaded before this message (attachments). */
  attachmentId?: string | undefined;
  /** Sent on the current socket, not acknowledged yet. */
  inflight: boolean;
  /** Sent without a conversationId: later messages wait for the conversation it opens. */
  creating: boolean;
  /**
   * Kept in memory only and sent with a message that may create the visitor: a retry without a
   * token (the `session` frame was lost) proves with it that it comes from this browser.
   */
  proof: string;
}

/** Close codes after which retrying cannot help. */
const FATAL_CLOSE = new Set<number>([CloseCode.BadHello, CloseCode.Forbidden, CloseCode.UnknownSite]);

/**
 * The page address agents may see: without its #fragment (it can hold OAuth tokens), unless the
 * fragment is a hash router's route (`#/checkout`, `#!/cart`); the server applies the same rule
 * (`cleanPageUrl`) and drops the query parameters the site did not list, in the route too.
 */
export function pageUrl(href: string): string {
  const i = href.indexOf('#');
  return (i < 0 ? href : href.slice(0, i) + hashRoute(href.slice(i))).slice(0, 2048);
}

function defaultPage() {
  // Only http(s) referrers are kept (the server drops the rest too); agents see where the visit came from.
  const referrer = /^https?:/i.test(document.referrer) ? document.referrer.slice(0, 2048) : '';
  return { url: pageUrl(location.href), title: document.title.slice(0, 512), ...(referrer ? { referrer } : {}) };
}

/** The visitor's IANA time zone, for "local time" in the console. */
function timeZone(): string | undefined {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone?.slice(0, 64) || undefined;
  } catch {
    return undefined;
  }
}

export class Connection {
  status: ConnectionStatus = 'idle';
  private ws: SocketLike | null = null;
  private ready = false;
  /** The token the current socket's hello carried. */
  private sentToken: string | null = null;
  /** The page (url and title) this socket last told the server about. */
  private sentPage = '';
  /** This socket's hello was lazy: nothing was replayed, and `opened` has not fetched it yet. */
  private sentLazy = false;
  /** `opened` asked for what the lazy hello skipped and not everything has come yet. */
  private catchingUp = false;
  private attempt = 0;
  private stopped = false;
  private outbox: OutboxItem[] = [];
  /** Conversations with a `history.get` in flight on this socket. */
  private healing = new Set<string>();
  /** Per conversation, the seq this socket last asked history after: never asked twice (no loop). */
  private asked = new Map<string, number>();
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private pingTimer: ReturnType<typeof setInterval> | undefined;
  private pongTimer: ReturnType<typeof setTimeout> | undefined;
  /** Back online, or back in a tab that was hidden: no point waiting out the backoff. */
  private readonly wake = () => {
    if (this.retryTimer !== undefined && globalThis.document?.visibilityState !== 'hidden') this.connect();
  };

  /** The browser says the network is gone: do not wait for the heartbeat to notice. */
  private readonly lost = () => {
    const ws = this.ws;
    if (!ws) return;
    this.dropped(ws, 4000);
    ws.close();
  };

  constructor(private readonly opts: ConnectionOptions) {
    globalThis.addEventListener?.('online', this.wake);
    globalThis.addEventListener?.('offline', this.lost);
    globalThis.document?.addEventListener('visibilitychange', this.wake);
  }

  /** Open the socket if it is not open or opening. Safe to call any number of times. */
  connect(): void {
    if (this.ws || this.stopped || this.status === 'failed') return;
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.setStatus(this.attempt ? 'reconnecting' : 'connecting');
    let ws: SocketLike;
    try {
      ws = (this.opts.createSocket ?? ((url) => new WebSocket(url)))(this.opts.url);
    } catch {
      this.scheduleReconnect();
      return;
    }
    this.ws = ws;
    ws.onopen = () => this.write(this.hello());
    ws.onmessage = (ev) => {
      if (ws === this.ws && typeof ev.data === 'string') this.receive(ev.data);
    };
    ws.onclose = (ev) => this.dropped(ws, ev.code);
    ws.onerror = () => {
      /* a close event always follows */
    };
  }

  /** Queue a message; it goes out now if the socket is ready, else after the next welcome. */
  send(clientId: string, body: string, attachmentId?: string): void {
    const known = this.outbox.find((i) => i.clientId === clientId);
    if (!known) this.outbox.push({ clientId, body, attachmentId, inflight: false, creating: false, proof: newClientId() });
    if (this.ready) this.flush();
    else this.connect();
  }

  /** The locale later hellos carry. */
  setLocale(locale: string): void {
    this.opts.locale = locale;
  }

  /** Say hello again on a new socket (the identity changed); the outbox goes along. */
  restart(): void {
    const ws = this.ws;
    if (!ws) return;
    this.dropped(ws, CloseCode.Normal);
    ws.close(CloseCode.Normal);
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.attempt = 0;
    this.connect();
  }

  /** Drop a message from the outbox (the visitor discarded a failed message). */
  discard(clientId: string): void {
    this.outbox = this.outbox.filter((i) => i.clientId !== clientId);
  }

  /** Send a frame that only matters now (typing, read receipts); dropped while offline. */
  sendNow(frame: VisitorFrameInput): boolean {
    if (!this.ready || !this.ws) return false;
    this.write(frame);
    return true;
  }

  /**
   * The visitor moved within a single-page app: tell the server when the address or the title
   * changed since this socket last said (a closed socket's next hello carries the page anyway).
   */
  page(): void {
    const { url, title } = (this.opts.page ?? defaultPage)();
    const key = url + '\n' + (title ?? '');
    if (key === this.sentPage || !this.ready) return;
    this.sentPage = key;
    this.write({ type: 'page', page: { url, ...(title ? { title } : {}) } });
  }

  /** Messages not acknowledged yet, oldest first. */
  get pending(): string[] {
    return this.outbox.map((i) => i.clientId);
  }

  /** Close for good (the widget is being torn down). */
  stop(): void {
    this.stopped = true;
    this.clearTimers();
    globalThis.removeEventListener?.('online', this.wake);
    globalThis.removeEventListener?.('offline', this.lost);
    globalThis.document?.removeEventListener('visibilitychange', this.wake);
    const ws = this.ws;
    this.ws = null;
    ws?.close(CloseCode.Normal);
  }

  private hello(): VisitorFrameInput {
    const token = (this.sentToken = this.opts.tokens.get());
    const identity = hostIdentity();
    const attributes = this.opts.getAttributes?.();
    const zone = timeZone();
    const page = (this.opts.page ?? defaultPage)();
    this.sentPage = page.url + '\n' + (page.title ?? '');
    const lazy = (this.sentLazy = this.opts.isLazy?.() ?? false);
    return {
      ...(lazy ? { lazy } : {}),
      ...(identity ? { identity } : {}),
      type: 'hello',
      v: PROTOCOL_VERSION,
      role: 'visitor',
      siteId: this.opts.siteId,
      ...(token ? { token } : {}),
      locale: this.opts.locale,
      page,
      ...(zone ? { timezone: zone } : {}),
      ...(attributes && Object.keys(attributes).length ? { attributes } : {}),
      resume: this.opts.getResume(),
    };
  }

  private write(frame: VisitorFrameInput): void {
    this.ws?.send(JSON.stringify(frame));
  }

  private receive(raw: string): void {
    let frame: ServerFrame;
    try {
      frame = JSON.parse(raw) as ServerFrame;
    } catch {
      return;
    }
    if (!frame || typeof frame !== 'object' || typeof frame.type !== 'string') return;
    // Any frame proves the socket is alive.
    clearTimeout(this.pongTimer);
    this.pongTimer = undefined;

    let flush = false;
    switch (frame.type) {
      case 'welcome':
        // We said who we were and the server does not know us: the token is stale.
        if (frame.role === 'visitor' && frame.visitorId === null && this.sentToken) this.rejectToken();
        this.ready = true;
        this.attempt = 0;
        this.setStatus('online');
        this.startHeartbeat();
        // A navigation between hello and welcome.
        this.page();
        flush = true;
        break;
      case 'session':
        this.opts.tokens.set(frame.token);
        break;
      // The server would not replay that big a gap: fetch it, page by page.
      case 'resync':
        this.healing.add(frame.conversationId);
        this.write({ type: 'history.get', conversationId: frame.conversationId, after: this.opts.getResume()[frame.conversationId] ?? 0 });
        break;
      case 'history': {
        const last = frame.messages[frame.messages.length - 1];
        if (frame.more && last) this.write({ type: 'history.get', conversationId: frame.conversationId, after: last.seq });
        else this.healing.delete(frame.conversationId);
        if (!this.healing.size) this.catchingUp = false;
        break;
      }
      case 'ack':
        this.outbox = this.outbox.filter((i) => i.clientId !== frame.clientId);
        flush = true;
        break;
      case 'error': {
        const item = frame.clientId ? this.outbox.find((i) => i.clientId === frame.clientId) : undefined;
        if (item) {
          // Refused: the controller marks it failed (Retry sends it again).
          this.outbox = this.outbox.filter((i) => i !== item);
          flush = true;
        } else if (frame.code === 'rate_limited') {
          // A refused history.get (too much asked for): the next message or reconnect may ask again,
          // and a panel that opened on a lazy socket asks again in a while.
          this.healing.clear();
          this.asked.clear();
          if (this.catchingUp) {
            this.catchingUp = false;
            this.sentLazy = true;
            const ws = this.ws;
            setTimeout(() => ws === this.ws && this.opened(), 15_000);
          }
        } else if (frame.code === 'unauthorized') {
          this.rejectToken();
        } else if (frame.code === 'protocol_mismatch') {
          this.fail();
        }
        break;
      }
    }
    this.opts.onFrame(frame);
    // The panel opened between a lazy hello and its welcome.
    if (frame.type === 'welcome') this.opened();
    if (flush) this.flush();
    if (frame.type === 'message' || frame.type === 'ack' || frame.type === 'history') this.heal();
  }

  /**
   * The panel opened: a socket whose hello was lazy fetches what it did not replay, every
   * conversation from the highest seq held, page by page (see the `history` case).
   */
  opened(): void {
    if (!this.ready || !this.sentLazy || this.opts.isLazy?.()) return;
    this.sentLazy = false;
    this.catchingUp = true;
    for (const b of this.opts.getBehind?.() ?? []) {
      if (this.healing.has(b.conversationId)) continue;
      this.healing.add(b.conversationId);
      this.asked.set(b.conversationId, b.after);
      this.write({ type: 'history.get', conversationId: b.conversationId, after: b.after });
    }
  }

  /**
   * A live frame that never came (a dropped connection, a bus that lost it in a cluster) leaves a
   * hole below a message we hold: fetch what is missing, once per conversation at a time, while
   * the list shows what we have in order.
   */
  private heal(): void {
    for (const h of this.opts.getHoles?.() ?? []) {
      if (this.healing.has(h.conversationId) || this.asked.get(h.conversationId) === h.after || !this.ready) continue;
      this.healing.add(h.conversationId);
      this.asked.set(h.conversationId, h.after);
      this.write({ type: 'history.get', conversationId: h.conversationId, after: h.after });
    }
  }

  /** Send what the outbox holds, in order, stopping behind a message that opens a conversation. */
  private flush(): void {
    if (!this.ready || !this.ws) return;
    for (const item of this.outbox) {
      if (item.inflight) {
        if (item.creating) return;
        continue;
      }
      const conversationId = this.opts.getConversationId() ?? undefined;
      item.inflight = true;
      item.creating = !conversationId;
      this.write({
        type: 'message.send',
        conversationId,
        clientId: item.clientId,
        body: item.body,
        ...(item.attachmentId ? { attachmentId: item.attachmentId } : {}),
        ...(item.creating ? { proof: item.proof } : {}),
      });
      if (item.creating) return;
    }
  }

  private dropped(ws: SocketLike, code: number): void {
    if (ws !== this.ws) return;
    this.ws = null;
    this.ready = false;
    this.healing.clear();
    this.asked.clear();
    this.clearTimers();
    for (const item of this.outbox) item.inflight = item.creating = false;
    if (this.stopped || this.status === 'failed') return;
    if (FATAL_CLOSE.has(code)) return this.fail();
    if (code === CloseCode.Unauthorized) this.rejectToken();
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    this.setStatus('reconnecting');
    const delay = backoffDelay(this.attempt++, this.opts.random);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.connect();
    }, delay);
  }

  private startHeartbeat(): void {
    clearInterval(this.pingTimer);
    this.pingTimer = setInterval(() => {
      this.write({ type: 'ping' });
      clearTimeout(this.pongTimer);
      this.pongTimer = setTimeout(() => {
        // No answer: the network is gone without a close event. Drop it and reconnect.
        const ws = this.ws;
        if (!ws) return;
        this.dropped(ws, 4000);
        ws.close();
      }, HEARTBEAT.timeout);
    }, HEARTBEAT.interval);
  }

  private rejectToken(): void {
    this.opts.tokens.clear();
    this.opts.onTokenRejected?.();
  }

  private fail(): void {
    this.clearTimers();
    this.setStatus('failed');
    const ws = this.ws;
    this.ws = null;
    this.ready = false;
    ws?.close(CloseCode.Normal);
  }

  private clearTimers(): void {
    clearTimeout(this.retryTimer);
    clearInterval(this.pingTimer);
    clearTimeout(this.pongTimer);
    this.retryTimer = this.pingTimer = this.pongTimer = undefined;
  }

  private setStatus(status: ConnectionStatus): void {
    if (status === this.status) return;
    this.status = status;
    this.opts.onStatus(status);
  }
}
