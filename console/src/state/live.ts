/** The one agent socket of this tab and its connection state, as signals for the UI. */
import { signal } from '@preact/signals';
import { PROTOCOL_VERSION, type AgentFrameInput, type ServerFrame } from '@atendo/shared';
import { LiveSocket, type AgentHelloInput, type OutboxItem, type SocketStatus } from '../socket';

export interface Connection {
  status: SocketStatus;
  /** Failed attempts since the last successful welcome. */
  attempt: number;
  retryAt: number | null;
  /** True once a welcome has arrived on any socket: later welcomes are reconnects. */
  everConnected: boolean;
}

export const connection = signal<Connection>({ status: 'offline', attempt: 0, retryAt: null, everConnected: false });

let socket: LiveSocket | null = null;

export interface LiveHandlers {
  onFrame: (frame: ServerFrame, reconnected: boolean) => void;
  onFatal: (code: number) => void;
  /** Per conversation, the last seq held, sent in hello so the server replays what we missed. */
  resume: () => Record<string, number>;
  /** Called after each failed attempt (e.g. to check whether the session is still valid). */
  onRetry?: (attempt: number) => void;
}

/** The socket URL on the same host as the console. */
export function socketUrl(): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
}

export function startLive(handlers: LiveHandlers): void {
  stopLive();
  connection.value = { status: 'connecting', attempt: 0, retryAt: null, everConnected: false };
  socket = new LiveSocket({
    url: socketUrl(),
    hello: (): AgentHelloInput => {
      const resume = handlers.resume();
      return Object.keys(resume).length ? { type: 'hello', v: PROTOCOL_VERSION, role: 'agent', resume } : { type: 'hello', v: PROTOCOL_VERSION, role: 'agent' };
    },
    onFrame: (frame) => {
      const reconnected = frame.type === 'welcome' && connection.value.everConnected;
      if (frame.type === 'welcome') connection.value = { ...connection.value, everConnected: true };
      handlers.onFrame(frame, reconnected);
    },
    onStatus: (status, info) => {
      connection.value = { ...connection.value, status, attempt: info.attempt, retryAt: info.retryAt };
      if (status === 'offline' && info.retryAt !== null) handlers.onRetry?.(info.attempt);
    },
    onFatal: handlers.onFatal,
  });
  socket.start();
}

export function stopLive(): void {
  socket?.stop();
  socket = null;
  connection.value = { status: 'offline', attempt: 0, retryAt: null, everConnected: false };
}

/** Queue a message in the outbox (sent now or on reconnect). */
export function liveSend(item: OutboxItem): void {
  socket?.send(item);
}

/** Send a frame only if connected right now. */
export function liveFrame(frame: AgentFrameInput): boolean {
  return socket?.sendNow(frame) ?? false;
}

export function reconnectNow(): void {
  socket?.reconnectNow();
}

/** Reconnect at once with the current cookie (after a password change renewed the session). */
export function renewLive(): void {
  socket?.renew();
}
