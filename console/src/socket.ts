/**
 * The agent's WebSocket: says hello, reconnects with exponential backoff and jitter, and keeps an
 * outbox of messages until the server acks them, so what is typed offline goes out on reconnect
 * with the same client id (the server turns a repeat into the original ack, never a duplicate).
 */
import { CloseCode, type AgentFrameInput, type ServerFrame } from '@atendo/shared';

export type SocketStatus = 'connecting' | 'online' | 'offline';
export type AgentHelloInput = Extract<AgentFrameInput, { type: 'hello' }>;

/** The part of the browser WebSocket this module uses, so tests can hand in a fake. */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: Event) => unknown) | null;
  onmessage: ((ev: MessageEvent) => unknown) | null;
  onclose: ((ev: CloseEvent) => unknown) | null;
  onerror: ((ev: Event) => unknown) | null;
}

/** A message waiting for its ack. */
export interface OutboxItem {
  conversationId: string;
  clientId: string;
  body: string;
  /** A file uploaded for this message (attachments). */
  attachmentId?: string | undefined;
}

export interface LiveSocketOptions {
  url: string;
  /** Built at every (re)connect, so `resume` reflects what the client holds at that moment. */
  hello: () => AgentHelloInput;
  onFrame: (frame: ServerFrame) => void;
  onStatus?: (status: SocketStatus, info: { attempt: number; retryAt: number | null }) => void;
  /** The server closed with a code that retrying cannot fix (signed out, wrong protocol). */
  onFatal?: (code: number) => void;
  connect?: (url: string) => WebSocketLike;
  random?: () => number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** A ping goes out this often; a socket silent for two periods is presumed dead. */
  heartbeatMs?: number;
  /** How long to wait for `welcome` after opening before trying again. */
  helloTimeoutMs?: number;
}

const OPEN = 1;
const FATAL_CODES: readonly number[] = [CloseCode.Unauthorized, CloseCode.BadHello, CloseCode.Forbidden];

/** Delay before reconnect attempt `attempt` (0-based): exponential, capped, half of it random. */
export function backoffDelay(attempt: number, random: () => number, base = 500, max = 30_000): number {
  const ceiling = Math.min(max, base * 2 ** Math.min(attempt, 20));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/** The server's schema is strict: exactly these fields, nothing else. */
function sendFrame(item: OutboxItem): AgentFrameInput {
  return {
    type: 'message.send',
    conversationId: item.conversationId,
    clientId: item.clientId,
    body: item.body,
    ...(item.attachmentId ? { attachmentId: item.attachmentId } : {}),
  };
}

export class LiveSocket {
  private ws: WebSocketLike | null = null;
  private ready = false;
  private stopped = true;
  private attempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private helloTimer: ReturnType<typeof setTimeout> | null = null;
  private heartbeat: ReturnType<typeof setInterval> | null = null;
  private lastFrameAt = 0;
  private readonly outbox = new Map<string, OutboxItem>();

  constructor(private readonly opts: LiveSocketOptions) {}

  /** Connect, and keep reconnecting until `stop()`. */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.attempt = 0;
    this.open();
  }

  /** Close for good and forget the outbox (used on logout). */
  stop(): void {
    this.stopped = true;
    this.clearTimers();
    this.outbox.clear();
    const ws = this.ws;
    this.detach();
    ws?.close(CloseCode.Normal, 'bye');
    this.setStatus('offline', null);
  }

  /** Skip the remaining backoff and try now (the "Retry now" button, the browser coming online). */
  reconnectNow(): void {
    if (this.stopped || this.ws) return;
    this.clearTimers();
    this.open();
  }

  /**
   * Say hello again on a new socket now, keeping the outbox: the session cookie changed (a password
   * change gives this browser a new session and ends the old one, sockets included).
   */
  renew(): void {
    if (this.stopped) return;
    const ws = this.ws;
    this.detach();
    ws?.close(CloseCode.Normal, 'renew');
    this.clearTimers();
    this.attempt = 0;
    this.open();
  }

  get isReady(): boolean {
    return this.ready;
  }

  /** Messages not yet acked, oldest first. */
  pending(): OutboxItem[] {
    return [...this.outbox.values()];
  }

  /** Queue a message; it is sent now if connected, otherwise right after the next welcome. */
  send(item: OutboxItem): void {
    this.outbox.set(item.clientId, { conversationId: item.conversationId, clientId: item.clientId, body: item.body, attachmentId: item.attachmentId });
    if (this.ready) this.write(sendFrame(item));
  }

  /** Send a frame that is only worth sending now (reads, pings). Returns false when offline. */
  sendNow(frame: AgentFrameInput): boolean {
    if (!this.ready) return false;
    return this.write(frame);
  }

  private open(): void {
    this.setStatus('connecting', null);
    let ws: WebSocketLike;
    try {
      ws = (this.opts.connect ?? ((url) => new WebSocket(url)))(this.opts.url);
    } catch {
      this.scheduleRetry();
      return;
    }
    this.ws = ws;
    ws.onopen = () => {
      this.write(this.opts.hello());
      this.helloTimer = setTimeout(() => this.drop(), this.opts.helloTimeoutMs ?? 15_000);
    };
    ws.onmessage = (ev) => this.receive(ev.data);
    ws.onerror = () => {
      // A close event always follows; reconnecting is handled there.
    };
    ws.onclose = (ev) => this.closed(ev.code);
  }

  private receive(data: unknown): void {
    if (typeof data !== 'string') return;
    let frame: ServerFrame;
    try {
      frame = JSON.parse(data) as ServerFrame;
    } catch {
      return;
    }
    this.lastFrameAt = Date.now();
    if (frame.type === 'welcome') {
      this.ready = true;
      this.attempt = 0;
      if (this.helloTimer) clearTimeout(this.helloTimer);
      this.helloTimer = null;
      this.startHeartbeat();
      this.setStatus('online', null);
      for (const item of this.outbox.values()) this.write(sendFrame(item));
    } else if (frame.type === 'ack') {
      this.outbox.delete(frame.clientId);
    } else if (frame.type === 'error' && frame.clientId) {
      // The server refused this message; retrying the same frame would be refused again.
      this.outbox.delete(frame.clientId);
    }
    this.opts.onFrame(frame);
  }

  private write(frame: AgentFrameInput): boolean {
    const ws = this.ws;
    if (!ws || ws.readyState !== OPEN) return false;
    try {
      ws.send(JSON.stringify(frame));
      return true;
    } catch {
      return false;
    }
  }

  private startHeartbeat(): void {
    const every = this.opts.heartbeatMs ?? 25_000;
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = setInterval(() => {
      if (Date.now() - this.lastFrameAt > every * 2) this.drop();
      else this.write({ type: 'ping' });
    }, every);
  }

  /** Give up on a socket that stopped answering without waiting for the OS to notice. */
  private drop(): void {
    const ws = this.ws;
    this.detach();
    ws?.close();
    this.closed(4000);
  }

  private closed(code: number): void {
    this.detach();
    this.clearTimers();
    if (this.stopped) return;
    if (FATAL_CODES.includes(code)) {
      this.stopped = true;
      this.setStatus('offline', null);
      this.opts.onFatal?.(code);
      return;
    }
    this.scheduleRetry();
  }

  private scheduleRetry(): void {
    const delay = backoffDelay(this.attempt, this.opts.random ?? Math.random, this.opts.baseDelayMs ?? 500, this.opts.maxDelayMs ?? 30_000);
    this.attempt += 1;
    this.setStatus('offline', Date.now() + delay);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.open();
    }, delay);
  }

  private detach(): void {
    const ws = this.ws;
    if (ws) {
      ws.onopen = ws.onmessage = ws.onerror = null;
      ws.onclose = null;
    }
    this.ws = null;
    this.ready = false;
  }

  private clearTimers(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.helloTimer) clearTimeout(this.helloTimer);
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.retryTimer = this.helloTimer = null;
    this.heartbeat = null;
  }

  private setStatus(status: SocketStatus, retryAt: number | null): void {
    this.opts.onStatus?.(status, { attempt: this.attempt, retryAt });
  }
}
